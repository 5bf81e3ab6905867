// Accessibility and small screens: axe-core finds no violation on any page with the demo
// ledger loaded, in light and dark; on a 360×740 phone no page scrolls sideways (not even
// with a very long name or a URL in a note), controls are at least 44 px tall, the quick
// log is one tap away everywhere, and a contact opened from Today starts at its top (Back
// returns to where Today was).
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { Rapport } from './rapport';

/** The pages to check, opened by clicking as a person would (one contact included). */
const PAGES: Array<{ name: string; open: (app: Rapport) => Promise<void> }> = [
  { name: 'Today', open: (app) => app.open('#/') },
  { name: 'Contacts', open: (app) => app.open('#/contacts') },
  {
    name: 'a contact',
    open: async (app) => {
      await app.open('#/contacts');
      await app.openContact('Amara Ferreira');
    },
  },
  { name: 'Insights', open: (app) => app.open('#/insights') },
  { name: 'Data', open: (app) => app.open('#/data') },
  { name: 'Settings', open: (app) => app.open('#/settings') },
];

async function withDemo(page: Page): Promise<Rapport> {
  const app = new Rapport(page);
  await app.open('#/contacts');
  await app.loadDemo();
  await expect(app.rows().first()).toBeVisible();
  return app;
}

for (const scheme of ['light', 'dark'] as const) {
  test(`axe finds no violation on any page (${scheme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme });
    const app = await withDemo(page);
    for (const { name, open } of PAGES) {
      await open(app);
      const results = await new AxeBuilder({ page }).analyze();
      const found = results.violations.map(
        (v) => `${name}: ${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`,
      );
      expect(found, `${name} in ${scheme}`).toEqual([]);
    }
  });
}

test('axe finds no violation in the dialogs', async ({ page }) => {
  const app = await withDemo(page);
  await app.id('help-open').click();
  await expect(app.id('help-dialog')).toBeVisible();
  expect((await new AxeBuilder({ page }).include('[data-testid="help-dialog"]').analyze()).violations).toEqual([]);
  await page.keyboard.press('Escape');
  await app.id('quick-log-open').click();
  await expect(app.id('quick-log')).toBeVisible();
  expect((await new AxeBuilder({ page }).include('[data-testid="quick-log"]').analyze()).violations).toEqual([]);
});

test.describe('on a 360×740 phone', () => {
  test.use({ viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true });

  test('no page scrolls sideways; targets are 44 px; quick log is one tap away', async ({ page }) => {
    const app = await withDemo(page);
    for (const { name, open } of PAGES) {
      await open(app);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width, `${name} is ${width}px wide`).toBeLessThanOrEqual(360);
      const small = await page.evaluate(() =>
        [...document.querySelectorAll('button, nav a, input:not([type=checkbox]):not([type=radio]), select')]
          .filter((element) => (element as HTMLElement).offsetParent !== null)
          .map((element) => ({ element, box: element.getBoundingClientRect() }))
          .filter(({ box }) => box.height < 44 && box.width > 0)
          .map(({ element }) => element.outerHTML.slice(0, 80)),
      );
      expect(small, `${name}: controls under 44 px`).toEqual([]);
      await app.id('quick-log-open').tap();
      await expect(app.id('quick-log')).toBeVisible();
      await app.id('quick-log-close').tap();
      await expect(app.id('quick-log')).toBeHidden();
    }
  });

  test('a very long name or a URL in a note wraps instead of widening the page', async ({ page }) => {
    const app = new Rapport(page);
    await app.open('#/contacts');
    const name = `Bartholomew${'x'.repeat(150)}`;
    await app.id('add-contact').tap();
    await app.fillContactForm({ name, stakeholder: 'other' });
    await app.id('save-contact').tap();
    await expect(app.id('contact-name')).toHaveText(name);
    const width = () => page.evaluate(() => document.documentElement.scrollWidth);
    expect(await width(), 'the new contact with its guided walk').toBeLessThanOrEqual(360);
    await app.closeWalk();
    await app.logInteraction({
      kind: 'give',
      summary: `Sent https://example.org/${'reports/'.repeat(40)}grid.pdf`,
      learned: 'y'.repeat(300),
    });
    expect(await width(), 'the timeline').toBeLessThanOrEqual(360);
  });

  test('a contact opened from Today starts at its top, Back returns to where Today was, and Log goes to the log form', async ({ page }) => {
    const app = await withDemo(page);
    await app.open('#/');
    const quiet = app.id('today-item').filter({ hasText: 'quiet' });
    const last = quiet.last().getByTestId('today-open');
    await last.scrollIntoViewIfNeeded();
    const left = await page.evaluate(() => window.scrollY);
    expect(left).toBeGreaterThan(1000);
    await last.tap();
    await expect(app.id('contact-name')).toBeVisible();
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    await expect(page.locator('#main')).toBeFocused();

    await page.goBack();
    await expect(app.id('today')).toBeVisible();
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBe(left);
    await quiet.nth(2).getByTestId('today-log').tap();
    const kind = app.id('log-form').getByTestId('log-kind');
    await expect(kind).toBeFocused();
    await expect(kind).toBeInViewport();
  });
});
