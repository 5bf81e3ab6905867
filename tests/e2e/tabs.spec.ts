// Two tabs of one browser share localStorage (issue 5, section 5): a change made in one
// appears in the other, and two tabs saving at once never lose an update. A tab that
// missed the other's saves (frozen in the background, kept in the back/forward cache)
// catches up when it is shown again, and an erase in one tab is final in every tab.
import { expect, test, type BrowserContext } from '@playwright/test';
import { Rapport } from './rapport';

/**
 * A second tab that never hears the other tabs' storage events, as a tab frozen in the
 * background or kept in the back/forward cache misses them: a capturing listener, added
 * before the app loads, stops each one before the app's own listener.
 */
async function deafTab(context: BrowserContext): Promise<Rapport> {
  const page = await context.newPage();
  await page.addInitScript(() => {
    window.addEventListener('storage', (event) => event.stopImmediatePropagation(), true);
  });
  return new Rapport(page);
}

/** The tab becomes visible again (the person switches back to it). */
async function showAgain(app: Rapport): Promise<void> {
  await app.page.bringToFront();
  const hidden = await app.page.evaluate(() => {
    // As the browser fires it: at the document, bubbling up to the window.
    document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
    return document.hidden;
  });
  expect(hidden, 'the tab is visible when told it was shown').toBe(false);
}

/** The tab comes back from the back/forward cache (the person went back to it). */
async function restoreFromCache(app: Rapport): Promise<void> {
  await app.page.evaluate(() => {
    window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));
  });
}

/** Rapport's keys in localStorage, sorted. */
async function storedKeys(app: Rapport): Promise<string[]> {
  return app.page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('rapport')).sort());
}

test('a contact added in one tab appears in the other without a reload', async ({ context }) => {
  // Two pages of one browser context share the origin's localStorage, as two tabs do.
  const first = new Rapport(await context.newPage());
  const second = new Rapport(await context.newPage());
  await first.open('#/contacts');
  await second.open('#/contacts');
  await expect(second.id('empty-state')).toBeVisible();

  await first.addContact({ name: 'Lena Fischer', stakeholder: 'journalist' });
  // The second tab hears the first tab's commit (the storage event) and reads it in.
  await expect(second.row('Lena Fischer')).toBeVisible();
  await expect(second.id('storage-error')).toBeHidden();

  // And back: an edit in the second tab reaches the first.
  await second.addContact({ name: 'Omar Said', stakeholder: 'creator' });
  await first.goContacts();
  await expect(first.row('Omar Said')).toBeVisible();
  await expect(first.id('contact-count')).toHaveText('2 contacts');
});

test('a tab that missed the other tab\'s save combines both changes when it saves', async ({ context }) => {
  const first = new Rapport(await context.newPage());
  // This tab never hears the other's storage events, as when both save at the same moment.
  const second = await deafTab(context);
  await first.open('#/contacts');
  await second.open('#/contacts');

  await first.addContact({ name: 'Aiko Tanaka', stakeholder: 'journalist' });
  await expect(second.id('empty-state')).toBeVisible();
  await second.addContact({ name: 'Bruno Costa', stakeholder: 'partner' });
  await expect(second.id('tab-notice')).toContainText('both sets of changes are kept');
  await second.goContacts();
  await expect(second.row('Aiko Tanaka')).toBeVisible();
  await expect(second.row('Bruno Costa')).toBeVisible();

  // The first tab hears the combined save and shows both; a reload agrees.
  await first.goContacts();
  await expect(first.id('contact-count')).toHaveText('2 contacts');
  await first.reload();
  await expect(first.id('contact-count')).toHaveText('2 contacts');
  await expect(first.id('storage-error')).toBeHidden();
});

test('an edit form open in one tab saves only its own changes over the other tab\'s', async ({ context }) => {
  const first = new Rapport(await context.newPage());
  const second = new Rapport(await context.newPage());
  await first.open('#/contacts');
  await first.addContact({ name: 'Ana Ruiz', role: 'Editor', emails: 'ana@old.example' });
  await second.open('#/contacts');
  await second.openContact('Ana Ruiz');
  await second.id('edit-contact').click();

  // Meanwhile the first tab changes the role and the notes.
  await first.id('edit-contact').click();
  await first.fillContactForm({ role: 'Senior editor', notes: 'Moved to the business desk' });
  await first.id('save-contact').click();
  await expect(second.id('contact-subtitle')).toContainText('Senior editor');

  // The second tab's form still shows the old role; it changes only the email.
  await second.fillContactForm({ emails: 'ana@new.example' });
  await second.id('save-contact').click();
  await expect(second.id('contact-subtitle')).toContainText('Senior editor');
  await second.reload();
  await expect(second.id('contact-subtitle')).toContainText('Senior editor');
  await expect(second.id('contact-details')).toContainText('ana@new.example');
  await expect(second.id('contact-details')).toContainText('Moved to the business desk');
});

test('a tab that missed the other tab\'s save shows it once it is visible again', async ({ context }) => {
  const first = new Rapport(await context.newPage());
  const second = await deafTab(context);
  await first.open('#/contacts');
  await second.open('#/contacts');

  await first.addContact({ name: 'Lena Fischer', stakeholder: 'journalist' });
  // The second tab heard nothing: it still shows the empty ledger.
  await expect(second.id('empty-state')).toBeVisible();

  await showAgain(second);
  await expect(second.row('Lena Fischer')).toBeVisible();
  await expect(second.id('contact-count')).toHaveText('1 contact');
  await expect(second.id('storage-error')).toBeHidden();
});

test('a tab restored from the back/forward cache shows what another tab logged meanwhile', async ({ context }) => {
  const first = new Rapport(await context.newPage());
  await first.open('#/contacts');
  await first.addContact({ name: 'Omar Said', stakeholder: 'creator' });
  const second = await deafTab(context);
  await second.open('#/contacts');
  await second.openContact('Omar Said');

  await first.logInteraction({ kind: 'give', summary: 'Sent the grid report' });
  const logged = second.timelineItems().filter({ hasText: 'Sent the grid report' });
  await expect(second.id('contact-name')).toHaveText('Omar Said');
  await expect(logged).toHaveCount(0);

  await restoreFromCache(second);
  await expect(logged).toHaveCount(1);
  await expect(second.id('storage-error')).toBeHidden();
});

/**
 * Two tabs on the same contact's page, the second deaf to the first: the first logs a call
 * that the second does not see, then the second logs a give on the ledger it read before.
 */
async function logInBothTabs(context: BrowserContext) {
  const first = new Rapport(await context.newPage());
  await first.open('#/contacts');
  await first.addContact({ name: 'Ana Ruiz', stakeholder: 'journalist' });
  const second = await deafTab(context);
  await second.open('#/contacts');
  await second.openContact('Ana Ruiz');

  await first.logInteraction({ kind: 'conversation', summary: 'Call about the launch' });
  const fromFirst = (app: Rapport) => app.timelineItems().filter({ hasText: 'Call about the launch' });
  const fromSecond = (app: Rapport) => app.timelineItems().filter({ hasText: 'Sent the survey results' });
  await expect(fromFirst(second)).toHaveCount(0);

  // The second tab's save finds the first tab's and puts its interaction on top of it.
  await second.logInteraction({ kind: 'give', summary: 'Sent the survey results' });
  return { first, second, fromFirst, fromSecond };
}

test('two tabs log on the same contact: the stale tab\'s save keeps both interactions', async ({ context }) => {
  const { first, second, fromFirst, fromSecond } = await logInBothTabs(context);
  await expect(fromFirst(second)).toHaveCount(1);
  await expect(second.id('storage-error')).toBeHidden();
  // The first tab hears the combined save and shows both.
  await expect(fromSecond(first)).toHaveCount(1);
  await expect(fromFirst(first)).toHaveCount(1);

  // Both are in storage: each tab, read again, shows both, once.
  for (const app of [first, second]) {
    await app.reload();
    await expect(app.id('contact-name')).toHaveText('Ana Ruiz');
    await expect(fromFirst(app)).toHaveCount(1);
    await expect(fromSecond(app)).toHaveCount(1);
    await expect(app.id('storage-error')).toBeHidden();
  }
});

test('two tabs log on the same contact: the stale tab says both sets of changes are kept', async ({ context }) => {
  // The log form's own toast ("Interaction logged.") follows the save in the same tick: the
  // notice stays apart from it, until dismissed.
  const { second } = await logInBothTabs(context);
  await expect(second.id('toast')).toContainText('Interaction logged.');
  await expect(second.id('tab-notice')).toContainText(
    'Rapport was also changed in another tab: both sets of changes are kept.',
  );
});

test('after an erase in one tab, a stale tab writes nothing back and then shows the empty ledger', async ({ context }) => {
  const first = new Rapport(await context.newPage());
  await first.open('#/contacts');
  await first.addContact({ name: 'Lena Fischer', stakeholder: 'journalist' });
  const second = await deafTab(context);
  await second.open('#/contacts');
  await expect(second.row('Lena Fischer')).toBeVisible();

  await first.goData();
  const section = first.id('erase-everything');
  await section.getByTestId('erase-start').click();
  await section.getByTestId('erase-word').fill('erase');
  const reloaded = first.page.waitForEvent('load');
  await section.getByTestId('erase-confirm').click();
  // The first tab reloads, empty; only the erase marker is left.
  await reloaded;
  await first.ready();
  expect(await storedKeys(first)).toEqual(['rapport.erased']);

  // The second tab still shows the old ledger and tries to save a new contact to it.
  await expect(second.row('Lena Fischer')).toBeVisible();
  await second.id('add-contact').click();
  await second.fillContactForm({ name: 'Omar Said', stakeholder: 'creator' });
  await second.id('save-contact').click();
  await expect(second.id('storage-error')).toContainText(
    'Everything Rapport kept in this browser was erased from another tab or window, so this change was not saved.',
  );
  // Nothing was written back: not the old ledger, not the new contact.
  expect(await storedKeys(second)).toEqual(['rapport.erased']);

  await showAgain(second);
  await expect(second.id('tab-notice')).toContainText(
    'Everything Rapport kept in this browser was erased from another tab or window. This tab shows the empty ledger now.',
  );
  await expect(second.id('storage-error')).toBeHidden();
  await second.closeWalk();
  await second.goContacts();
  await expect(second.id('empty-state')).toBeVisible();
  expect(await storedKeys(second)).toEqual(['rapport.erased']);

  // From the empty ledger the second tab saves again, and the first tab follows.
  await second.addContact({ name: 'Ines Duarte', stakeholder: 'partner' });
  await expect(second.id('storage-error')).toBeHidden();
  await first.goContacts();
  await expect(first.row('Ines Duarte')).toBeVisible();
  await expect(first.id('contact-count')).toHaveText('1 contact');
  await first.reload();
  await expect(first.id('contact-count')).toHaveText('1 contact');
});
