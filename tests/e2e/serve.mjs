// A tiny static file server for the end-to-end tests: serves the built app (dist/) on the
// loopback interface under a sub-path, as a real static host would, so the specs also prove
// that the build works away from "/" (Trunk.toml: public_url = "./").
//
//   node tests/e2e/serve.mjs [--dir dist] [--port 4173] [--base /rapport/] [--isolated]
//
// --isolated makes the page cross-origin isolated (COOP and COEP headers), which gives
// performance.now() microsecond resolution instead of 0.1 ms: the benchmark uses it.
//
// No caching, correct MIME types (application/wasm lets the browser compile while it
// downloads), and "/" redirects to the base path. Started and stopped by Playwright's
// webServer option in playwright.config.ts.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 && args[at + 1] ? args[at + 1] : fallback;
};
const root = resolve(option('dir', 'dist'));
const port = Number(option('port', '4173'));
let base = option('base', '/rapport/');
if (!base.startsWith('/')) base = `/${base}`;
if (!base.endsWith('/')) base = `${base}/`;
const isolation = args.includes('--isolated')
  ? { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' }
  : {};

const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json',
  '.txt': 'text/plain; charset=utf-8',
};

const server = createServer(async (request, response) => {
  const send = (status, body, headers = {}) => {
    response.writeHead(status, { 'Cache-Control': 'no-store', ...isolation, ...headers });
    response.end(body);
  };
  try {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    if (path === '/' || path === base.slice(0, -1)) {
      return send(302, '', { Location: base });
    }
    if (!path.startsWith(base)) return send(404, 'Not found');
    let file = normalize(join(root, path.slice(base.length)));
    if (file !== root && !file.startsWith(root + sep)) return send(403, 'Forbidden');
    const info = await stat(file).catch(() => null);
    if (info?.isDirectory()) file = join(file, 'index.html');
    const body = await readFile(file).catch(() => null);
    if (body === null) return send(404, 'Not found');
    const type = types[extname(file).toLowerCase()] ?? 'application/octet-stream';
    send(200, request.method === 'HEAD' ? '' : body, { 'Content-Type': type });
  } catch (error) {
    send(500, String(error));
  }
});

server.listen(port, '127.0.0.1', () => {
  console.log(`serving ${root} at http://127.0.0.1:${port}${base}`);
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
