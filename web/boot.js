// Runs before the WebAssembly app starts: applies the chosen colour theme (so the page never
// flashes the wrong one) and registers the service worker that makes Rapport work offline.
// When a new version has been installed, it offers "Update available — Reload" and reloads
// only when asked. A plain file, not inline script, so the Content-Security-Policy can stay
// `script-src 'self'`.
(() => {
  const THEME_KEY = 'rapport-theme';
  try {
    const theme = localStorage.getItem(THEME_KEY);
    if (theme === 'light' || theme === 'dark') document.documentElement.dataset.theme = theme;
  } catch {
    // Storage can be blocked; the system theme then applies.
  }

  if (!('serviceWorker' in navigator)) return;
  let reloadRequested = false;

  const offer = (worker) => {
    if (document.querySelector('[data-testid="update-banner"]')) return;
    const banner = document.createElement('div');
    banner.className = 'update-banner';
    banner.setAttribute('role', 'status');
    banner.dataset.testid = 'update-banner';
    const text = document.createElement('span');
    text.textContent = 'Update available';
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'primary';
    button.dataset.testid = 'update-reload';
    button.textContent = 'Reload';
    button.addEventListener('click', () => {
      reloadRequested = true;
      button.disabled = true;
      worker.postMessage({ type: 'SKIP_WAITING' });
    });
    banner.append(text, ' — ', button);
    document.body.append(banner);
  };

  navigator.serviceWorker.addEventListener('controllerchange', () => {
    // The first install also changes the controller; only a requested update reloads.
    if (reloadRequested) window.location.reload();
  });

  const watch = (registration) => {
    if (registration.waiting && navigator.serviceWorker.controller) offer(registration.waiting);
    registration.addEventListener('updatefound', () => {
      const worker = registration.installing;
      if (!worker) return;
      worker.addEventListener('statechange', () => {
        if (worker.state === 'installed' && navigator.serviceWorker.controller) offer(worker);
      });
    });
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') registration.update().catch(() => {});
    });
  };

  window.addEventListener('load', () => {
    navigator.serviceWorker
      .register('sw.js')
      .then(watch)
      .catch((error) => console.warn('Rapport works online only here:', error));
  });
})();
