// Data never lost (issue 5, sections 5 and 6): a change made in one tab appears in another
// open on the same ledger, and a damaged chunk leaves everything else readable.
import { expect, test } from '@playwright/test';
import { Rapport } from './rapport';

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

test('a damaged chunk: the rest loads, the loss is named, saving waits for a decision', async ({ page }) => {
  const app = new Rapport(page);
  await app.open('#/contacts');
  await app.loadDemo();
  await expect(app.id('contact-count')).toHaveText('40 contacts');

  // Damage one stored chunk, as a failing disk or a stray extension might.
  const damagedKey = await page.evaluate(() => {
    const key = Object.keys(localStorage).find((name) => name.startsWith('rapport.chunk.'));
    if (!key) throw new Error('no chunk stored');
    localStorage.setItem(key, 'not a chunk');
    return key;
  });
  await app.reload();
  const banner = app.id('storage-error');
  await expect(banner).toContainText('Part of your saved data could not be read: 1 contact');
  await expect(banner).toContainText(damagedKey);
  await expect(app.id('contact-count')).toHaveText('39 contacts');
  // Nothing was deleted: the damaged text is still there.
  expect(await page.evaluate((key) => localStorage.getItem(key), damagedKey)).toBe('not a chunk');

  await app.id('continue-without-damaged').click();
  await expect(banner).toBeHidden();
  const kept = await page.evaluate(
    (key) => localStorage.getItem(`rapport.damaged.${key.replace('rapport.chunk.', '')}`),
    damagedKey,
  );
  expect(kept).toBe('not a chunk');
  await app.reload();
  await expect(app.id('storage-error')).toBeHidden();
  await expect(app.id('contact-count')).toHaveText('39 contacts');
});

test('a tab that missed the other tab\'s save combines both changes when it saves', async ({ context }) => {
  const first = new Rapport(await context.newPage());
  const deaf = await context.newPage();
  // This tab never hears the other's storage events, as when both save at the same moment.
  await deaf.addInitScript(() => {
    window.addEventListener('storage', (event) => event.stopImmediatePropagation(), true);
  });
  const second = new Rapport(deaf);
  await first.open('#/contacts');
  await second.open('#/contacts');

  await first.addContact({ name: 'Aiko Tanaka', stakeholder: 'journalist' });
  await expect(second.id('empty-state')).toBeVisible();
  await second.addContact({ name: 'Bruno Costa', stakeholder: 'partner' });
  await expect(second.id('toast')).toContainText('both sets of changes are kept');
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
