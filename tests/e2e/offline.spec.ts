// Offline and installable, under a strict Content-Security-Policy: the built site (served
// under /rapport/) boots with no policy violation, links a valid manifest, caches itself
// through its service worker so a reload works with the network cut, and offers a new
// version only when asked, never mixing two versions.
import { spawn } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { Rapport } from './rapport';

/** Collects console errors and CSP violations from the first script of the page on. */
async function watchErrors(page: Page): Promise<string[]> {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(String(error)));
  await page.exposeFunction('__reportViolation', (text: string) => errors.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = (window as unknown as { __reportViolation: (text: string) => void }).__reportViolation;
      report(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  return errors;
}

/** Waits until the service worker controls the page (it claims it on first activation). */
async function waitForServiceWorker(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((resolve) =>
        navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }),
      );
    }
  });
}

test('boots under the Content-Security-Policy with no violation or error', async ({ page }) => {
  const errors = await watchErrors(page);
  const app = new Rapport(page);
  await app.open('#/contacts');
  await app.loadDemo();
  await expect(app.rows().first()).toBeVisible();
  for (const hash of ['#/', '#/insights', '#/data']) {
    await app.open(hash);
  }
  const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(policy).toContain("script-src 'self' 'wasm-unsafe-eval' 'sha256-");
  expect(policy).toContain("style-src 'self';");
  expect(policy).not.toContain('unsafe-inline');
  expect(errors).toEqual([]);
});

test('a long, windowed contact list sizes itself under the policy', async ({ page }) => {
  // The list keeps only the rows in view; its spacers get their height through the CSSOM,
  // which `style-src 'self'` allows (a style attribute would be blocked).
  const errors = await watchErrors(page);
  const app = new Rapport(page);
  await app.open('#/data');
  await app.loadDemo();
  const [download] = await Promise.all([page.waitForEvent('download'), app.id('export-json').click()]);
  const doc = JSON.parse(await readFile(await download.path(), 'utf8'));
  const person = doc.contacts.find((contact: { id: string }) =>
    doc.interactions.every((interaction: object) => !JSON.stringify(interaction).includes(contact.id)),
  ) ?? doc.contacts[0];
  const digits = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  for (let index = 0; index < 200; index++) {
    const copy = JSON.parse(JSON.stringify(person).replaceAll(person.id, `01KZZZZZZZZZZZZZZZZZZZZ${digits[index >> 5]}${digits[index & 31]}Z`));
    copy.profile.name = `Windowed ${String(index).padStart(3, '0')}`;
    doc.contacts.push(copy);
  }
  await app.importFile('long.json', JSON.stringify(doc));
  await app.id('import-confirm').click();
  await app.id('replace-confirm').click();
  await expect(app.id('import-success')).toBeVisible();
  await app.goContacts();
  const spacer = page.locator('.contact-list .spacer').last();
  await expect(spacer).toBeAttached();
  expect(await spacer.evaluate((node) => node.getBoundingClientRect().height)).toBeGreaterThan(1000);
  expect(errors).toEqual([]);
});

test('links a manifest with icons and theme colours', async ({ page, request }) => {
  await new Rapport(page).open('#/');
  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  expect(href).toBe('manifest.webmanifest');
  const response = await request.get(href!);
  expect(response.headers()['content-type']).toContain('application/manifest+json');
  const manifest = await response.json();
  expect(manifest).toMatchObject({ short_name: 'Rapport', start_url: './', scope: './', display: 'standalone' });
  expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/i);
  const sizes = manifest.icons.map((icon: { sizes: string }) => icon.sizes);
  expect(sizes).toEqual(expect.arrayContaining(['192x192', '512x512', 'any']));
  for (const icon of manifest.icons) {
    const file = await request.get(icon.src);
    expect(file.ok(), icon.src).toBe(true);
    expect(file.headers()['content-type']).toBe(icon.type);
  }
});

test('after one visit the app reloads with the network cut, deep link and data intact', async ({
  page,
  context,
}) => {
  const app = new Rapport(page);
  await app.open('#/contacts');
  await waitForServiceWorker(page);
  await app.loadDemo();
  await app.openContact('Amara Ferreira');
  const cached = await page.evaluate(async () => {
    const keys = await caches.keys();
    const cache = await caches.open(keys[0]);
    return { keys, files: (await cache.keys()).map((request) => new URL(request.url).pathname) };
  });
  expect(cached.keys).toHaveLength(1);
  expect(cached.files).toEqual(expect.arrayContaining(['/rapport/index.html']));
  expect(cached.files.some((file) => file.endsWith('_bg.wasm'))).toBe(true);

  await context.setOffline(true);
  await app.reload();
  await expect(app.id('contact-name')).toHaveText('Amara Ferreira');
  await app.goContacts();
  await expect(app.rows().first()).toBeVisible();
  await context.setOffline(false);
});

test('the file reader loads only when first used, and works offline after one visit', async ({
  page,
  context,
}) => {
  const workers: string[] = [];
  page.on('worker', (worker) => workers.push(new URL(worker.url()).pathname));
  const app = new Rapport(page);
  await app.open('#/data');
  await waitForServiceWorker(page);
  // The first screen did not start the worker; the service worker has it cached.
  const cached = await page.evaluate(async () => {
    const cache = await caches.open((await caches.keys())[0]);
    return (await cache.keys()).map((request) => new URL(request.url).pathname);
  });
  const loader = /^\/rapport\/rapport-worker-[0-9a-f]{16}_loader\.js$/;
  expect(cached.filter((file) => loader.test(file))).toHaveLength(1);
  expect(cached.filter((file) => /rapport-worker-[0-9a-f]{16}(_bg\.wasm|\.js)$/.test(file))).toHaveLength(2);
  expect(workers).toEqual([]);

  await context.setOffline(true);
  await app.reload();
  await app.open('#/data');
  const card = 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Offline Reader\r\nEMAIL:reader@example.org\r\nEND:VCARD\r\n';
  await app.id('contacts-file').setInputFiles({ name: 'one.vcf', mimeType: 'text/vcard', buffer: Buffer.from(card) });
  await expect(app.id('import-count')).toHaveText('1 of 1 contact will be added.');
  await app.id('import-add').click();
  await expect(app.id('toast')).toContainText('Added 1 contact');
  expect(workers).toHaveLength(1);
  expect(workers[0]).toMatch(loader);
  await context.setOffline(false);
});

test('a new deploy is offered, and loads only when the person asks', async ({ page }) => {
  // A host of our own, under another sub-path, whose files this test can "deploy" anew.
  const site = await mkdtemp(join(tmpdir(), 'rapport-site-'));
  await cp('dist', site, { recursive: true });
  const port = Number(process.env.E2E_PORT ?? 4173) + 1;
  const base = `http://127.0.0.1:${port}/tools/rapport/`;
  const server = spawn('node', ['tests/e2e/serve.mjs', '--dir', site, '--port', String(port), '--base', '/tools/rapport/']);
  try {
    await expect.poll(() => fetch(base).then((r) => r.status, () => 0)).toBe(200);
    const app = new Rapport(page);
    await page.goto(`${base}#/contacts`);
    await app.ready();
    await waitForServiceWorker(page);
    const oldCache = await page.evaluate(async () => (await caches.keys())[0]);

    // Deploy a new version: the same files under a new cache version.
    const worker = join(site, 'sw.js');
    const source = await readFile(worker, 'utf8');
    await writeFile(worker, source.replace(/const VERSION = "([0-9a-f]+)"/, 'const VERSION = "$1-next"'));
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
    await expect(app.id('update-banner')).toContainText('Update available');
    // Nothing reloads by itself: the old version keeps serving until the person asks.
    await page.waitForTimeout(500);
    expect(await page.evaluate(() => performance.getEntriesByType('navigation').length)).toBe(1);
    expect((await page.evaluate(async () => caches.keys())).sort()).toEqual([oldCache, `${oldCache}-next`].sort());

    const reloaded = page.waitForEvent('load');
    await app.id('update-reload').click();
    await reloaded;
    await app.ready();
    await expect(app.id('update-banner')).toHaveCount(0);
    // The old version's cache is gone: nothing can serve a mix of the two.
    await expect.poll(() => page.evaluate(async () => caches.keys())).toEqual([`${oldCache}-next`]);
  } finally {
    server.kill();
    await rm(site, { recursive: true, force: true });
  }
});
