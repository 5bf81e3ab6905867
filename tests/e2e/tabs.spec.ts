// Two tabs of one browser share localStorage (issue 5, section 5): a change made in one
// appears in the other, and two tabs saving at once never lose an update.
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
