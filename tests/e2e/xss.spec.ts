// Security: text typed by the person is only ever text. An XSS payload goes into every text
// field of the contact form, the log form, the promise form, the plan, the stage move and
// the quick log; every page then shows it as literal text and no injected code runs.
import { expect, test, type Page } from '@playwright/test';
import { Rapport } from './rapport';

const PAYLOAD = '<img src=x onerror=window.__xss=1><script>window.__xss=1</script>';

/** Fills every text field (not dates, numbers, boxes) inside `container` with the payload. */
async function fillAll(page: Page, container: string): Promise<number> {
  const fields = page.locator(
    `${container} :is(input:not([type=date]):not([type=number]):not([type=checkbox]):not([type=radio]):not([type=file]), textarea)`,
  );
  const count = await fields.count();
  for (let index = 0; index < count; index++) {
    const field = fields.nth(index);
    if (await field.isVisible()) await field.fill(PAYLOAD);
  }
  return count;
}

async function expectInert(page: Page): Promise<void> {
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  expect(await page.locator('main img[src="x"], body script:not([src])').count()).toBe(0);
}

test('an XSS payload in every text field renders as text and never runs', async ({ page }) => {
  const app = new Rapport(page);
  await app.open('#/contacts');

  // The contact form.
  await app.id('add-contact').click();
  expect(await fillAll(page, '[data-testid="contact-form"]')).toBeGreaterThan(5);
  // The outlet: a new organization of that name is created with the contact. Markup of its
  // own, so the searches for the person's payload find the person alone.
  const outlet = '<svg onload=window.__xss=1>Harbor';
  await app.id('field-organization').fill(outlet);
  await app.id('field-stakeholder').selectOption('journalist');
  // An email must look like one (name@domain.tld): markup without spaces still can.
  await app.id('field-emails').fill('<img/src=x/onerror=window.__xss=1>@example.org');
  await app.id('save-contact').click();
  await expect(app.id('contact-name')).toHaveText(PAYLOAD);
  await app.closeWalk();
  await expectInert(page);
  await expect(app.id('contact-subtitle')).toContainText(outlet);
  await expect(page.locator('.details dd').filter({ hasText: PAYLOAD }).first()).toBeVisible();

  // The log form, as an ask so the pitch angle shows, with a promise.
  const log = '[data-testid="log-form"]';
  await app.id('log-kind').selectOption('ask');
  await page.locator(`${log} .promise-in-log summary`).click();
  await fillAll(page, log);
  await app.id('log-promise-due').fill('2030-01-01');
  await app.id('log-submit').click();
  await expect(app.timelineItems().filter({ hasText: PAYLOAD }).first()).toBeVisible();
  await expectInert(page);

  // The promise form.
  await app.id('promise-what').fill(PAYLOAD);
  await app.id('promise-due').fill('2030-02-01');
  await app.id('promise-submit').click();
  await expect(app.id('promise-item').filter({ hasText: PAYLOAD }).first()).toBeVisible();

  // The plan, and the reason for a stage move.
  await app.openSection('plan');
  await app.openSection('history');
  await app.id('edit-plan-purpose').click();
  await app.id('plan-input-purpose').fill(PAYLOAD);
  await app.id('save-plan-purpose').click();
  await expect(app.id('plan-purpose')).toContainText(PAYLOAD);
  await app.id('stage-select').selectOption('connection');
  await app.id('stage-reason').fill(PAYLOAD);
  await app.id('stage-move').click();
  await expect(page.locator('.stage-history')).toContainText(PAYLOAD);
  await expectInert(page);

  // The quick log from another page, and every page that shows the contact.
  for (const hash of ['#/', '#/contacts', '#/insights', '#/data']) {
    await app.open(hash);
    await expectInert(page);
  }
  await app.id('quick-log-open').click();
  await app.id('quick-log-search').fill('<img');
  await expect(app.id('quick-log-pick')).toHaveText(PAYLOAD);
  await page.keyboard.press('Escape');
  await app.reload();
  await app.open('#/contacts');
  await expect(app.row(PAYLOAD)).toHaveCount(1);
  await expectInert(page);

  // Settings: a custom field named with the payload, a choice field whose choice is the
  // payload, a value in each, and a saved list named with it.
  await app.open('#/settings');
  await app.id('new-field-label').fill(PAYLOAD);
  await app.id('add-field').click();
  await app.id('new-field-label').fill('Tier');
  await app.id('new-field-kind').selectOption('choice');
  await app.id('new-field-choices').fill(PAYLOAD);
  await app.id('add-field').click();
  await expect(app.id('field-row')).toHaveCount(2);
  await expect(app.id('field-row').first()).toContainText(PAYLOAD);
  await expectInert(page);
  await app.open('#/contacts');
  await app.openContact(PAYLOAD);
  await app.id('edit-contact').click();
  await page.locator('[data-testid="custom-field-inputs"] input').first().fill(PAYLOAD);
  await page.locator('[data-testid="custom-field-inputs"] select').selectOption(PAYLOAD);
  await app.id('save-contact').click();
  await expect(app.id('contact-details')).toContainText(`${PAYLOAD}${PAYLOAD}`);
  await expectInert(page);
  await app.goContacts();
  await app.id('sort').selectOption('stage');
  await app.id('list-name').fill(PAYLOAD);
  await app.id('save-list').click();
  await expect(app.id('saved-list')).toHaveText(PAYLOAD);
  await app.open('#/settings');
  await expect(app.id('tag-cadences')).toContainText(PAYLOAD);
  await expectInert(page);
});
