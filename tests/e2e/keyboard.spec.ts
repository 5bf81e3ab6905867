// Keyboard only: shortcuts (listed by `?`), dialogs that keep focus inside and close on
// Escape, and a whole flow (add a contact, log an interaction, find it again) without the
// mouse.
import { expect, test, type Page } from '@playwright/test';
import { Rapport } from './rapport';

/** The data-testid of the focused element. */
const focused = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null);

/** Presses Tab until the element with `testId` has focus. */
async function tabTo(page: Page, testId: string): Promise<void> {
  for (let step = 0; step < 40; step++) {
    if ((await focused(page)) === testId) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${testId}`);
}

test('? lists the shortcuts in a dialog that keeps focus and closes on Escape', async ({ page }) => {
  const app = new Rapport(page);
  await app.open('#/');
  await page.keyboard.press('?');
  const dialog = app.id('help-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('Search your contacts');
  for (let step = 0; step < 4; step++) {
    await page.keyboard.press('Tab');
    expect(await dialog.evaluate((node) => node.contains(document.activeElement))).toBe(true);
  }
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
});

test('g then g opens the guide, as "?" lists it', async ({ page }) => {
  const app = new Rapport(page);
  await app.open('#/contacts');
  await page.keyboard.press('?');
  const dialog = app.id('help-dialog');
  const row = dialog.locator('dt', { hasText: 'g then g' });
  await expect(row).toHaveCount(1);
  await expect(row.locator('xpath=following-sibling::dd[1]')).toHaveText('Go to the guide');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await page.keyboard.press('g');
  await page.keyboard.press('g');
  await expect(page).toHaveURL(/#\/guide$/);
  await expect(app.id('nav-guide')).toHaveAttribute('aria-current', 'page');
  // Typed into a field, it is text.
  await page.keyboard.press('n');
  await expect(app.id('field-name')).toBeFocused();
  await page.keyboard.type('gg');
  await expect(app.id('field-name')).toHaveValue('gg');
  await expect(page).toHaveURL(/#\/contacts$/);
});

test('shortcuts go places, and typing in a field is never a shortcut', async ({ page }) => {
  const app = new Rapport(page);
  await app.open('#/contacts');
  await app.loadDemo();
  await app.open('#/');
  await page.keyboard.press('g');
  await page.keyboard.press('i');
  await expect(page).toHaveURL(/#\/insights$/);
  await page.keyboard.press('/');
  await expect(page).toHaveURL(/#\/contacts$/);
  await expect(app.id('search')).toBeFocused();
  await page.keyboard.type('n/l?');
  await expect(app.id('search')).toHaveValue('n/l?');
  await expect(app.id('contact-form')).toHaveCount(0);
  await expect(app.id('help-dialog')).toHaveCount(0);

  // Escape closes the new-contact form, as the help says of dialogs, and the keyboard is
  // back on "Add contact": a shortcut typed next is a shortcut, not a letter in a name.
  await page.keyboard.press('Escape');
  await app.id('add-contact').click();
  await expect(app.id('field-name')).toBeFocused();
  await page.keyboard.type('Marta Kowalska');
  // What was typed is not thrown away on one key: Escape asks, and Keep editing goes back
  // to the name as it was.
  await page.keyboard.press('Escape');
  await expect(app.id('discard-warning')).toBeVisible();
  await expect(app.id('keep-editing')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(app.id('discard-warning')).toHaveCount(0);
  await expect(app.id('field-name')).toBeFocused();
  await expect(app.id('field-name')).toHaveValue('Marta Kowalska');
  // Typing on hides the question; Keep editing returns to the field the keyboard was in.
  await app.id('field-role').focus();
  await page.keyboard.type('Edit');
  await page.keyboard.press('Escape');
  await expect(app.id('discard-warning')).toBeVisible();
  await app.id('field-role').focus();
  await page.keyboard.type('or');
  await expect(app.id('discard-warning')).toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(app.id('keep-editing')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(app.id('field-role')).toBeFocused();
  await expect(app.id('field-role')).toHaveValue('Editor');
  // Cancel asks too.
  await app.id('cancel-contact').click();
  await expect(app.id('discard-warning')).toBeVisible();
  await expect(app.id('contact-form')).toHaveCount(1);
  // Escape twice discards it.
  await page.keyboard.press('Escape');
  await expect(app.id('contact-form')).toHaveCount(0);
  await expect(app.id('add-contact')).toBeFocused();
  await page.keyboard.press('g');
  await page.keyboard.press('i');
  await expect(page).toHaveURL(/#\/insights$/);
});

test('a whole flow by keyboard alone', async ({ page }) => {
  const app = new Rapport(page);
  await app.open('#/');

  // n: a new contact, the cursor in its name.
  await page.keyboard.press('n');
  await expect(app.id('field-name')).toBeFocused();
  await page.keyboard.type('Kim Keyboard');
  // The stakeholder type is asked: typing its first letter on the menu chooses it.
  await tabTo(page, 'field-stakeholder');
  await page.keyboard.press('j');
  await expect(app.id('field-stakeholder')).toHaveValue('journalist');
  await tabTo(page, 'field-role');
  await page.keyboard.type('Editor');
  await page.keyboard.press('Enter');
  await expect(app.id('contact-name')).toHaveText('Kim Keyboard');

  // The guided walk opens: focus is in it, Tab stays in it, Escape closes it.
  const walk = app.id('walk');
  await expect(walk).toBeVisible();
  await expect.poll(() => walk.evaluate((node) => node.contains(document.activeElement))).toBe(true);
  for (let step = 0; step < 12; step++) {
    await page.keyboard.press('Shift+Tab');
    expect(await walk.evaluate((node) => node.contains(document.activeElement))).toBe(true);
  }
  await page.keyboard.press('Escape');
  await expect(walk).toBeHidden();

  // l on a contact's page: its log form.
  await page.keyboard.press('l');
  await expect(app.id('log-kind')).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await tabTo(page, 'log-summary');
  await page.keyboard.type('Coffee by keyboard');
  await tabTo(page, 'log-submit');
  await page.keyboard.press('Enter');
  await expect(app.timelineItems().filter({ hasText: 'Coffee by keyboard' })).toHaveCount(1);

  // l anywhere else: the quick log, pick by typing, log, and it closes.
  await page.keyboard.press('g');
  await page.keyboard.press('t');
  await expect(page).toHaveURL(/#\/$/);
  await page.keyboard.press('l');
  await expect(app.id('quick-log-search')).toBeFocused();
  await page.keyboard.type('Kim');
  await tabTo(page, 'quick-log-pick');
  await page.keyboard.press('Enter');
  await expect(app.id('quick-log-who')).toHaveText('Kim Keyboard');
  // The picker is gone; the keyboard goes on in the form, still inside the dialog.
  await expect(app.id('quick-log').getByTestId('log-kind')).toBeFocused();
  await tabTo(page, 'log-summary');
  await page.keyboard.type('Follow-up by keyboard');
  await tabTo(page, 'log-submit');
  await page.keyboard.press('Enter');
  await expect(app.id('quick-log')).toBeHidden();

  // /: find the contact again, and open it with Enter.
  await page.keyboard.press('/');
  await expect(app.id('search')).toBeFocused();
  await page.keyboard.type('Kim');
  await page.keyboard.press('Tab');
  await tabTo(page, 'contact-row');
  await page.keyboard.press('Enter');
  await expect(app.id('contact-name')).toHaveText('Kim Keyboard');
  await expect(app.timelineItems()).toHaveCount(2);
});

test('the quick log finds a name typed without its accents, and Enter takes the only one found', async ({ page }) => {
  const app = new Rapport(page);
  await app.open('#/contacts');
  await app.addContact({ name: 'Léa Dubois' });
  await app.goContacts();
  await app.addContact({ name: 'Leon Park' });
  await app.goContacts();
  await page.keyboard.press('l');
  await expect(app.id('quick-log-search')).toBeFocused();
  await page.keyboard.type('le');
  await expect(app.id('quick-log-pick')).toHaveCount(2);
  // Two names: Enter waits for a choice; the down arrow goes to the first.
  await page.keyboard.press('Enter');
  await expect(app.id('quick-log-search')).toBeVisible();
  await page.keyboard.press('ArrowDown');
  await expect(app.id('quick-log-pick').first()).toBeFocused();
  await app.id('quick-log-search').fill('');
  await app.id('quick-log-search').focus();
  await page.keyboard.type('lea');
  await expect(app.id('quick-log-pick')).toHaveText(['Léa Dubois']);
  await page.keyboard.press('Enter');
  await expect(app.id('quick-log-who')).toHaveText('Léa Dubois');
  await expect(app.id('quick-log').getByTestId('log-kind')).toBeFocused();

  // The contact list folds accents too, both ways.
  await page.keyboard.press('Escape');
  await app.search('LÉON');
  await expect(app.rows()).toHaveCount(1);
  await expect(app.rows().first()).toContainText('Leon Park');

  // A name that matches nobody is one step from a new contact, the name already typed.
  await app.open('#/');
  await page.keyboard.press('l');
  await page.keyboard.type('Marta Kowalska');
  await expect(app.id('quick-log-pick')).toHaveCount(0);
  await app.id('quick-log-add').click();
  await expect(app.id('quick-log')).toBeHidden();
  await expect(page).toHaveURL(/#\/contacts$/);
  await expect(app.id('field-name')).toHaveValue('Marta Kowalska');
  await expect(app.id('field-name')).toBeFocused();
  await app.fillContactForm({ stakeholder: 'journalist' });
  await app.id('save-contact').click();
  await expect(app.id('contact-name')).toHaveText('Marta Kowalska');
  await app.closeWalk();
  // The next "Add contact" starts empty.
  await app.goContacts();
  await app.id('add-contact').click();
  await expect(app.id('field-name')).toHaveValue('');
});

test('the keyboard lands where the next thing is typed', async ({ page }) => {
  const app = new Rapport(page);
  await app.open('#/');
  // From Today's welcome, "Add your first contact" opens the form at its name.
  await app.id('add-first-contact').click();
  await expect(app.id('field-name')).toBeFocused();
  await page.keyboard.type('Ruth Target');
  await app.fillContactForm({ stakeholder: 'other' });
  await app.id('save-contact').click();
  // The guided walk starts in its first field, not on the dialog's frame.
  await expect(app.id('walk').getByTestId('walk-text')).toBeFocused();
  await page.keyboard.type('housing policy');
  await app.id('walk-close').click();

  await app.id('edit-contact').click();
  await expect(app.id('field-name')).toBeFocused();
  await app.id('save-contact').click();

  await app.logInteraction({ kind: 'surface_engagement', summary: 'Shared her post with a typo' });
  await app.id('edit-interaction').click();
  await expect(app.id('edit-summary')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(app.id('interaction-editor')).toHaveCount(0);
  await expect(app.id('edit-interaction')).toBeFocused();
  // Saving a correction draws the line anew, and nothing breaks on the way.
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  await app.id('edit-interaction').click();
  await page.keyboard.press('End');
  await page.keyboard.type(' (fixed)');
  await app.id('edit-save').click();
  await expect(app.timelineItems().filter({ hasText: 'Shared her post with a typo (fixed)' })).toHaveCount(1);
  await page.waitForTimeout(100);
  expect(errors).toEqual([]);

  // "Log a give first" leaves the keyboard in the description of the give.
  await app.id('log-kind').selectOption('ask');
  await app.id('log-give-instead').click();
  await expect(app.id('log-kind')).toHaveValue('give');
  await expect(app.id('log-summary')).toBeFocused();
});

test('the keyboard is handed on without the test ids, which are the tests\' alone', async ({ page }) => {
  // Every data-testid is taken off as soon as it is rendered: where a shortcut, a link or a
  // dialog sends the keyboard must not depend on them (renaming one never breaks a shortcut).
  await page.addInitScript(() => {
    const strip = (element: Element) => {
      element.removeAttribute('data-testid');
      element.querySelectorAll('[data-testid]').forEach((inner) => inner.removeAttribute('data-testid'));
    };
    new MutationObserver((records) => {
      for (const record of records) {
        if (record.target instanceof Element) strip(record.target);
        record.addedNodes.forEach((node) => node instanceof Element && strip(node));
      }
    }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-testid'] });
  });
  await page.goto('./#/');
  await expect(page.getByRole('button', { name: 'Add your first contact' })).toBeVisible({ timeout: 30_000 });
  await expect(page.locator('[data-testid]')).toHaveCount(0);
  const name = page.getByRole('textbox', { name: 'Name', exact: true });
  const kind = page.getByRole('combobox', { name: 'What it was' });

  // Today's welcome opens the new-contact form on the contacts page, at its name.
  await page.getByRole('button', { name: 'Add your first contact' }).click();
  await expect(name).toBeFocused();
  await page.keyboard.type('Kim Keyboard');
  await page.getByRole('combobox', { name: 'Stakeholder type' }).selectOption('journalist');
  await page.getByRole('combobox', { name: 'Stage', exact: true }).selectOption('connection');
  await page.getByRole('button', { name: 'Save contact' }).click();

  // The walk starts in its step's first field and ends on its next step, which leads to the
  // log form with that kind chosen.
  const walk = page.getByRole('dialog', { name: 'Work on this relationship' });
  await expect(walk.getByRole('textbox').first()).toBeFocused();
  const skip = walk.getByRole('button', { name: 'Skip' });
  while (await skip.isVisible()) await skip.click();
  await expect(walk.getByRole('button', { name: /^Log it now/ })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(walk).toBeHidden();
  await expect(kind).toBeFocused();
  await expect(kind).toHaveValue('introduction');

  // l on a contact's page: its log form.
  await page.getByRole('heading', { name: 'Kim Keyboard' }).click();
  await page.keyboard.press('l');
  await expect(kind).toBeFocused();

  // Edit opens at the name; Escape over a change asks, Keep editing goes back to the name.
  await page.getByRole('button', { name: 'Edit', exact: true }).click();
  await expect(name).toBeFocused();
  await page.keyboard.type(' Jr');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('button', { name: 'Keep editing' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(name).toBeFocused();
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');
  await expect(name).toHaveCount(0);

  // The quick log: the down arrow to the first name, a pick to the form's kind menu,
  // "Someone else" back to the search.
  await page.keyboard.press('g');
  await page.keyboard.press('t');
  await expect(page).toHaveURL(/#\/$/);
  await page.keyboard.press('l');
  const quick = page.getByRole('dialog', { name: 'Quick log' });
  await expect(quick.getByRole('searchbox')).toBeFocused();
  await page.keyboard.type('Kim');
  await page.keyboard.press('ArrowDown');
  await expect(quick.getByRole('button', { name: 'Kim Keyboard' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(quick.getByRole('combobox', { name: 'What it was' })).toBeFocused();
  await quick.getByRole('button', { name: 'Someone else' }).click();
  await expect(quick.getByRole('searchbox')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(quick).toBeHidden();

  // / goes to the search on the contacts page; n to a new contact's name; Escape twice
  // over a typed name discards it and leaves the keyboard on "Add contact".
  await page.keyboard.press('/');
  await expect(page.getByRole('searchbox', { name: 'Search contacts' })).toBeFocused();
  await page.getByRole('heading', { name: 'Contacts' }).click();
  await page.keyboard.press('n');
  await expect(name).toBeFocused();
  await page.keyboard.type('Marta');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('button', { name: 'Keep editing' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(name).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Add contact', exact: true })).toBeFocused();
});
