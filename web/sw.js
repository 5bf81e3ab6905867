// Rapport's service worker: the whole app works offline after the first visit.
//
// This file is a template. The post-build hook (scripts/post-build.mjs) replaces the two
// placeholders below with the list of files Trunk wrote (their names carry content hashes)
// and a version computed from all of them, so every build has its own cache and a page is
// always served by one build only, never half old, half new.
//
// Every URL is relative to this file, so the app works under any sub-path.
const VERSION = '__RAPPORT_VERSION__';
const PRECACHE = __RAPPORT_PRECACHE__;
const CACHE = `rapport-${VERSION}`;

self.addEventListener('install', (event) => {
  // `cache: 'reload'` skips the HTTP cache, so a new version never precaches old files.
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(PRECACHE.map((url) => new Request(url, { cache: 'reload' })))),
  );
  // No skipWaiting here: a new version waits until the person chooses to reload.
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys.filter((key) => key.startsWith('rapport-') && key !== CACHE).map((key) => caches.delete(key)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('message', (event) => {
  if (event.data && event.data.type === 'SKIP_WAITING') self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(
    caches.open(CACHE).then(async (cache) => {
      // Routes live in the hash, so every page of the app is index.html.
      const key = request.mode === 'navigate' ? 'index.html' : request;
      const cached = await cache.match(key, { ignoreSearch: true });
      return cached ?? fetch(request);
    }),
  );
});
