// Organizations (issue 4): outlets and companies are contacts; people link to them; an
// organization's page lists its people with their stages and keeps its own timeline.
import { expect, test } from '@playwright/test';
import { Rapport } from './rapport';

test('an outlet lists its people with their stages and has its own timeline', async ({ page }) => {
  const app = new Rapport(page);
  await app.open('#/contacts');
  await app.addContact({ name: 'Harbor Weekly', kind: 'organization', stakeholder: 'journalist', stage: 'connection' });
  await app.logInteraction({ kind: 'broadcast', summary: 'Sent the spring press release to the newsdesk' });

  await app.goContacts();
  await app.id('add-contact').click();
  await app.fillContactForm({ name: 'Ines Silva', role: 'Features editor', stakeholder: 'journalist', stage: 'relationship', outlet: 'Harbor Weekly' });
  await expect(app.id('outlet-match')).toHaveText('Links to Harbor Weekly');
  await app.id('save-contact').click();
  await expect(app.id('contact-name')).toHaveText('Ines Silva');
  await expect(app.id('contact-subtitle')).toHaveText('Features editor at Harbor Weekly · Journalist');
  await app.page.getByRole('link', { name: 'Harbor Weekly' }).click();

  await expect(app.id('contact-name')).toHaveText('Harbor Weekly');
  const people = app.page.getByRole('region', { name: 'People' });
  await expect(people.getByRole('link', { name: /Ines Silva/ })).toContainText('Relationship');
  await expect(app.timelineItems()).toHaveCount(1);
  await expect(app.timelineItems().first()).toContainText('spring press release');

  // The list finds people by their organization's name.
  await app.goContacts();
  await app.search('harbor');
  await expect(app.rows()).toHaveCount(2);
});
