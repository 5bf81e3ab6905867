// Two tabs of one browser share localStorage. A tab whose view is out of date must never
// overwrite what the other saved: it says so, refuses to save, and offers a reload.
import { expect, test } from '@playwright/test';
import { Rapport } from './rapport';

test('a stale tab is told, saves nothing over the other tab, and reloads to the latest', async ({ context }) => {
  const first = new Rapport(await context.newPage());
  await first.open('#/contacts');
  await first.loadDemo();
  await expect(first.id('contact-count')).toHaveText('40 contacts');

  const second = new Rapport(await context.newPage());
  await second.open('#/contacts');
  await expect(second.id('contact-count')).toHaveText('40 contacts');

  await first.addContact({ name: 'Kwame Mensah', stakeholder: 'investor', stage: 'relationship' });

  // The second tab hears of it at once.
  await expect(second.id('storage-error')).toContainText('changed in another tab');
  await expect(second.id('reload-page')).toBeVisible();

  // Its own change is refused rather than written over the first tab's save.
  await second.addContact({ name: 'Stale Edit', stakeholder: 'other', stage: 'relationship' });
  await expect(second.id('storage-error')).toContainText('This change was not saved');

  await second.id('reload-page').click();
  await second.ready();
  await second.goContacts();
  await expect(second.id('contact-count')).toHaveText('41 contacts');
  await expect(second.row('Kwame Mensah')).toHaveCount(1);
  await expect(second.row('Stale Edit')).toHaveCount(0);

  // The first tab's data is intact.
  await first.reload();
  await first.goContacts();
  await expect(first.id('contact-count')).toHaveText('41 contacts');
});
