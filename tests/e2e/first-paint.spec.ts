// The first screen paints before the WebAssembly arrives (issue 23): index.html carries a
// static shell (the header, the navigation and a word on what is loading) that shows while
// the module downloads, and the app takes its place when it mounts, leaving one header, one
// navigation and one `main` for a screen reader. The module is held back here, as a slow
// phone connection would hold it.
import { expect, test, type Page } from '@playwright/test';
import { Rapport } from './rapport';

const LOADING = 'Opening Rapport…';

/** Holds every request for the module until the returned function is called. */
async function holdTheModule(page: Page): Promise<() => void> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  await page.route('**/*.wasm', async (route) => {
    await released;
    await route.continue();
  });
  return release;
}

test('the first screen shows before the module arrives, and the app replaces it', async ({ page }) => {
  const release = await holdTheModule(page);
  await page.goto('./#/');
  const app = new Rapport(page);

  // Before the module: the shell, painted from index.html and the stylesheet alone.
  await expect(page.getByRole('heading', { name: LOADING })).toBeVisible();
  await expect(page.getByRole('banner')).toHaveCount(1);
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Contacts' })).toBeVisible();
  await expect(page.getByRole('main')).toHaveCount(1);
  await expect(app.id('nav-contacts')).toHaveCount(0);

  release();
  await app.ready();
  await expect(app.id('today')).toBeVisible();
  // The shell is gone: one of each landmark, and its words nowhere.
  await expect(page.getByText(LOADING)).toHaveCount(0);
  await expect(page.locator('#app-shell')).toHaveCount(0);
  await expect(page.getByRole('banner')).toHaveCount(1);
  await expect(page.getByRole('navigation', { name: 'Main' })).toHaveCount(1);
  await expect(page.getByRole('main')).toHaveCount(1);
  await expect(page.locator('main')).toHaveCount(1);
});

test('the module is asked for only after the first screen has painted', async ({ page }) => {
  // A download started during parsing races the stylesheet for the shell's paint (and
  // Lighthouse then counts all of it as something the first screen waited for). The loader
  // asks for it after a frame, which cannot come before the stylesheet is in. (The paint's
  // own time is when the frame reached the screen, a few ms after the loader saw it: not
  // comparable to the millisecond.)
  await page.goto('./#/');
  await new Rapport(page).ready();
  const { styled, requested } = await page.evaluate(() => {
    const resources = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
    return {
      styled: resources.find((entry) => entry.name.endsWith('.css'))?.responseEnd,
      requested: resources.find((entry) => entry.name.endsWith('.wasm'))?.startTime,
    };
  });
  expect(styled).toBeDefined();
  expect(requested).toBeDefined();
  expect(requested!).toBeGreaterThan(styled!);
  const served = await (await page.request.get('./')).text();
  expect(served).not.toMatch(/<link[^>]*\.wasm/);
});

test("a link followed in the shell opens that page when the app starts", async ({ page }) => {
  const release = await holdTheModule(page);
  await page.goto('./#/');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Contacts' }).click();
  await expect(page).toHaveURL(/#\/contacts$/);

  release();
  const app = new Rapport(page);
  await app.ready();
  await expect(app.id('nav-contacts')).toHaveAttribute('aria-current', 'page');
  await expect(page.getByText(LOADING)).toHaveCount(0);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('only the <noscript> word shows, not a shell waiting for an app that cannot come', async ({ page }) => {
    await page.goto('./#/');
    // (Playwright's locators do not look inside <noscript>: the screenshot of a failure shows it.)
    await expect(page.locator('#app-shell')).toBeHidden();
    await expect(page.getByRole('heading', { name: LOADING })).toBeHidden();
    await expect(page.getByRole('main')).toHaveCount(0);
    await expect(page.getByRole('banner')).toHaveCount(0);
  });
});
