// The colour theme follows the system's light or dark mode until the person picks one with
// the header's toggle (system → light → dark → system). The choice is kept in this browser
// under its own key, apart from the ledger, and applies before the app starts after a reload.
import { expect, test, type Page } from '@playwright/test';
import { Rapport } from './rapport';

const background = (page: Page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
const LIGHT = 'rgb(246, 247, 249)';
const DARK = 'rgb(18, 21, 28)';
/** The colour the browser gives its own bar: the content of the theme-color meta that applies. */
const barColour = (page: Page) =>
  page.evaluate(
    () =>
      [...document.querySelectorAll<HTMLMetaElement>('meta[name="theme-color"]')].find((meta) =>
        matchMedia(meta.media || 'all').matches,
      )?.content,
  );

test('follows the system, and the toggle overrides it and is remembered', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  const app = new Rapport(page);
  await app.open('#/');
  await expect.poll(() => background(page)).toBe(DARK);
  const ledgerKeys = () =>
    page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('rapport.')).sort());
  const before = await ledgerKeys();

  const toggle = app.id('theme-toggle');
  await expect(toggle).toHaveAccessibleName(/System/);
  await toggle.click();
  await expect(toggle).toHaveAccessibleName(/Light/);
  await expect.poll(() => background(page)).toBe(LIGHT);
  await expect.poll(() => barColour(page)).toBe('#ffffff');
  expect(await page.evaluate(() => localStorage.getItem('rapport-theme'))).toBe('light');
  expect(await ledgerKeys()).toEqual(before);

  await app.reload();
  await expect.poll(() => background(page)).toBe(LIGHT);
  await expect(app.id('theme-toggle')).toHaveAccessibleName(/Light/);

  await app.id('theme-toggle').click();
  await expect.poll(() => background(page)).toBe(DARK);
  await page.emulateMedia({ colorScheme: 'light' });
  await expect.poll(() => background(page)).toBe(DARK);
  await expect.poll(() => barColour(page)).toBe('#1b2029');

  await app.id('theme-toggle').click();
  await expect(app.id('theme-toggle')).toHaveAccessibleName(/System/);
  await expect.poll(() => background(page)).toBe(LIGHT);
  await expect.poll(() => barColour(page)).toBe('#ffffff');
  expect(await page.evaluate(() => localStorage.getItem('rapport-theme'))).toBeNull();
});
