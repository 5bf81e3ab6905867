// Trunk post-build hook (Trunk.toml [[hooks]]): finishes the staged site before Trunk moves
// it to dist/.
//   0. No preload of the .wasm: it is fetched after the static shell's first frame.
//  0b. The worker's files (crates/worker) get a content hash; index.html names its loader.
//   1. Content-Security-Policy: Trunk injects an inline module <script> that loads the
//      WebAssembly. Its sha256 is added to the policy's script-src in index.html, so the
//      policy allows exactly that script and no other inline code.
//   2. Service worker: fills sw.js's precache list with every file of the build (their
//      names carry Trunk's content hashes) and its version with a hash of all their
//      contents, so each build caches into its own, new cache.
// Under `trunk serve` (scripts/run-app.sh) Trunk also injects its live-reload script and
// rewrites it while serving, so no hash can match it: there the policy allows inline script
// instead, and sw.js is a worker that removes itself, so each rebuild shows at once.
// Trunk runs it with TRUNK_STAGING_DIR set; `node scripts/post-build.mjs <dir>` also works.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

const staging = process.env.TRUNK_STAGING_DIR ?? process.argv[2];
if (!staging) throw new Error('post-build: TRUNK_STAGING_DIR is not set');

const sha256 = (data, encoding) => createHash('sha256').update(data).digest(encoding);

// ---- 0. no preload of the WebAssembly ------------------------------------------------------
// index.html paints a static shell first; the loader (Trunk.toml's pattern_script) asks for
// the module after that first frame. Trunk's <link rel=preload> would start the download
// during parsing, racing the stylesheet for the shell's paint, and Lighthouse then counts the
// whole module as something the first screen waited for (issue 23, BENCHMARKS.md).
const indexPath = join(staging, 'index.html');
let html = readFileSync(indexPath, 'utf8');
html = html.replace(/<link\b[^>]*>/gi, (link) =>
  /\brel=["']?preload\b/i.test(link) && /\.wasm\b/i.test(link) ? '' : link,
);
if (/<link\b[^>]*\.wasm\b[^>]*>/i.test(html)) throw new Error('post-build: a <link> to the .wasm is left in index.html');

// ---- 0b. the worker's files get a content hash, and index.html names its loader ----------
// Trunk names a worker's files after its binary, without a hash (its code names them at run
// time). A page and a worker of different builds cannot read each other's messages, so the
// worker's three files are renamed with a hash of their contents, like every other file, and
// index.html says which loader to start (src/ui/worker.rs reads the meta tag).
const WORKER = 'rapport-worker';
const workerFiles = [`${WORKER}.js`, `${WORKER}_bg.wasm`];
if (workerFiles.every((file) => existsSync(join(staging, file)))) {
  const hash = createHash('sha256');
  for (const file of workerFiles) hash.update(readFileSync(join(staging, file)));
  const named = `${WORKER}-${hash.digest('hex').slice(0, 16)}`;
  renameSync(join(staging, `${WORKER}.js`), join(staging, `${named}.js`));
  renameSync(join(staging, `${WORKER}_bg.wasm`), join(staging, `${named}_bg.wasm`));
  rmSync(join(staging, `${WORKER}_loader.js`), { force: true });
  writeFileSync(
    join(staging, `${named}_loader.js`),
    // A module that fails to start rejects a promise, which a worker does not report to the
    // page: thrown again outside it, it reaches the page's `error` handler (src/ui/worker.rs).
    `importScripts("./${named}.js");wasm_bindgen({ module_or_path: "./${named}_bg.wasm" })` +
      `.catch((failure) => setTimeout(() => { throw failure; }));\n`,
  );
  const metaTag = `<meta name="${WORKER}" content="./${named}_loader.js">`;
  if (!/<\/head>/i.test(html)) throw new Error('post-build: index.html has no </head>');
  html = html.replace(/<\/head>/i, `${metaTag}</head>`);
} else {
  throw new Error(`post-build: the worker's files (${workerFiles.join(', ')}) are not in the build`);
}

// ---- 1. hash the inline scripts into the CSP ----------------------------------------------
const serving = html.includes('{{__TRUNK_ADDRESS__}}');
const inline = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)]
  .filter(([, attributes, body]) => !/\bsrc\s*=/i.test(attributes) && body.trim() !== '')
  .map(([, , body]) => `'sha256-${sha256(body, 'base64')}'`);
const allowed = serving ? ["'unsafe-inline'"] : inline;
// Trunk's minifier reorders attributes and drops quotes where it can: find the meta tag by
// its http-equiv, then its (always quoted: it holds spaces) content attribute.
const meta = /<meta\b[^>]*http-equiv=["']?Content-Security-Policy["']?[^>]*>/i;
const tag = html.match(meta)?.[0];
if (!tag) throw new Error('post-build: index.html has no Content-Security-Policy meta');
const rewrittenTag = tag.replace(/content="([^"]*)"/i, (_, policy) => {
  const directives = policy.split(';').map((part) => part.trim()).filter(Boolean);
  const rewritten = directives.map((directive) =>
    directive.startsWith('script-src ')
      ? [directive.split(/\s+/).filter((token) => !token.startsWith("'sha256-")).join(' '), ...allowed].join(' ')
      : directive,
  );
  return `content="${rewritten.join('; ')}"`;
});
html = html.replace(tag, rewrittenTag);
writeFileSync(indexPath, html);

// ---- 2. write the service worker's precache list and version ------------------------------
const files = [];
const walk = (dir) => {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path);
    else files.push(relative(staging, path).split(sep).join('/'));
  }
};
walk(staging);
const precache = files.filter((file) => file !== 'sw.js').sort();
const version = sha256(
  precache.map((file) => `${file} ${sha256(readFileSync(join(staging, file)), 'hex')}`).join('\n'),
  'hex',
).slice(0, 16);
const swPath = join(staging, 'sw.js');
const template = readFileSync(swPath, 'utf8');
if (!template.includes('__RAPPORT_PRECACHE__')) throw new Error('post-build: sw.js is not the template');
const developmentWorker = `// trunk serve: no offline cache while developing; this worker removes itself.
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((key) => key.startsWith('rapport-')).map((key) => caches.delete(key))))
      .then(() => self.registration.unregister()),
  );
});
`;
writeFileSync(
  swPath,
  serving
    ? developmentWorker
    : template
        .replace("'__RAPPORT_VERSION__'", JSON.stringify(version))
        .replace('__RAPPORT_PRECACHE__', JSON.stringify(precache, null, 2)),
);
console.log(
  serving
    ? 'post-build: trunk serve: inline script allowed, no offline cache'
    : `post-build: ${inline.length} inline script hash(es) in the CSP; sw.js ${version}, ${precache.length} files`,
);
