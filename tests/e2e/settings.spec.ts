// Custom fields, cadences per tag and saved lists (issue 4, sections 1, 2 and 4): defined
// once in Settings, used on contacts, found by search, kept across a reload and exported.
import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { Rapport } from './rapport';

interface ExportedSettings {
  settings: {
    tag_cadences: Record<string, number>;
    fields: { id: string; label: string; kind: string; choices: string[] }[];
    saved_lists: { name: string; query: { stage: string | null } }[];
  };
  contacts: { profile: { name: string; custom_fields: Record<string, string> } }[];
}

async function exportDoc(app: Rapport): Promise<ExportedSettings> {
  await app.goData();
  const [download] = await Promise.all([app.page.waitForEvent('download'), app.id('export-json').click()]);
  const path = await download.path();
  return JSON.parse(await readFile(path, 'utf8')) as ExportedSettings;
}

test('custom fields: defined once, filled in, checked, searched, kept and exported', async ({ page }) => {
  const app = new Rapport(page);
  await app.open('#/settings');
  await expect(app.id('no-fields')).toBeVisible();

  await app.id('new-field-label').fill('Circulation');
  await app.id('new-field-kind').selectOption('number');
  await app.id('add-field').click();
  await app.id('new-field-label').fill('Reach');
  await app.id('new-field-kind').selectOption('choice');
  await app.id('new-field-choices').fill('National, Regional, Local');
  await app.id('add-field').click();
  await expect(app.id('field-row')).toHaveCount(2);
  // A second field of the same name is refused in plain words.
  await app.id('new-field-label').fill('circulation');
  await app.id('add-field').click();
  await expect(app.id('field-error')).toHaveText('There is already a field called "circulation".');

  await app.goContacts();
  // A custom field typed into and cleared again is no change: Escape closes at once.
  await app.id('add-contact').click();
  await app.id('custom-circulation').fill('9');
  await app.id('custom-circulation').fill('');
  await app.id('custom-circulation').press('Escape');
  await expect(app.id('contact-form')).toHaveCount(0);
  await app.id('add-contact').click();
  await app.fillContactForm({ name: 'Ines Duarte', stakeholder: 'journalist' });
  await app.id('custom-circulation').fill('lots');
  await app.id('custom-reach').selectOption('Regional');
  await app.id('save-contact').click();
  await expect(app.id('form-error')).toHaveText('Circulation needs a number, such as 12 or 4.5.');
  await app.id('custom-circulation').fill('120000');
  await app.id('save-contact').click();
  await expect(app.id('contact-name')).toHaveText('Ines Duarte');
  await app.closeWalk();
  const details = app.id('contact-details');
  await expect(details).toContainText('Circulation');
  await expect(details).toContainText('120000');
  await expect(details).toContainText('Regional');

  await app.goContacts();
  await app.addContact({ name: 'Noor Haddad', stakeholder: 'journalist' });
  await app.goContacts();
  await app.search('regional');
  await expect(app.rows()).toHaveCount(1);
  await expect(app.row('Ines Duarte')).toBeVisible();

  await app.reload();
  await app.open('#/settings');
  await expect(app.id('field-row')).toHaveCount(2);
  await expect(app.id('field-row').first()).toContainText('filled in for 1 contact');

  const doc = await exportDoc(app);
  expect(doc.settings.fields.map((field) => [field.label, field.kind])).toEqual([
    ['Circulation', 'number'],
    ['Reach', 'choice'],
  ]);
  const ines = doc.contacts.find((contact) => contact.profile.name === 'Ines Duarte');
  expect(Object.values(ines?.profile.custom_fields ?? {}).sort()).toEqual(['120000', 'Regional']);

  // Removing a choice still in use is refused; deleting the field takes its values along.
  await app.open('#/settings');
  // The second row; in edit mode its name is an input's value, which hasText cannot see.
  const reach = app.id('field-row').nth(1);
  await expect(reach).toContainText('Reach');
  await reach.getByTestId('edit-field').click();
  await reach.getByTestId('edit-field-choices').fill('National, Local');
  await reach.getByTestId('save-field').click();
  await expect(reach.getByTestId('field-error')).toContainText('1 contact has "Regional" in this field; change that value before removing the choice.');
  await reach.getByRole('button', { name: 'Cancel' }).click();
  await reach.getByTestId('delete-field').click();
  await expect(reach).toContainText('Delete it and its 1 value?');
  await reach.getByTestId('confirm-delete-field').click();
  await expect(app.id('toast')).toContainText('and its 1 value.');
  await expect(app.id('field-row')).toHaveCount(1);
  await app.goContacts();
  await app.openContact('Ines Duarte');
  await expect(app.id('contact-details')).not.toContainText('Regional');
  await expect(app.id('contact-details')).toContainText('120000');
});

test('a cadence set for a tag brings a quiet contact onto Today', async ({ page }) => {
  await page.clock.setFixedTime(new Date('2026-11-02T09:00:00Z'));
  const app = new Rapport(page);
  await app.open('#/contacts');
  await app.addContact({ name: 'Tomas Weber', stage: 'connection', tags: 'weekly desk' });
  await app.logInteraction({ kind: 'conversation', summary: 'Call about the launch' });

  // Ten days later a connection is within its 60-day default.
  await page.clock.setFixedTime(new Date('2026-11-12T09:00:00Z'));
  await app.reload();
  await app.id('nav-today').click();
  await expect(app.id('today-quiet').getByTestId('today-item')).toHaveCount(0);
  // The contact page says when they last spoke, and which cadence holds and why.
  await app.goContacts();
  await app.openContact('Tomas Weber');
  await expect(app.id('in-touch')).toHaveText(
    'Last one-to-one contact: 10 days ago. You keep in touch every 60 days (the default for Connection; set your own in Edit).',
  );
  await expect(app.id('contact-details')).toContainText('every 60 days (the default for Connection');

  await app.open('#/settings');
  const row = app.id('tag-cadence').filter({ hasText: 'weekly desk' });
  await row.getByTestId('tag-cadence-days').fill('7');
  await row.getByTestId('set-tag-cadence').click();
  await expect(app.id('toast')).toContainText('every 7 days');

  await app.id('nav-today').click();
  const quiet = app.id('today-quiet').getByTestId('today-item');
  await expect(quiet).toHaveCount(1);
  await expect(quiet).toContainText('Tomas Weber');
  await expect(quiet).toContainText('every 7 days');
  await app.reload();
  await expect(app.id('today-quiet').getByTestId('today-item')).toHaveCount(1);
  await app.goContacts();
  await app.openContact('Tomas Weber');
  await expect(app.id('in-touch')).toHaveText(
    'Last one-to-one contact: 10 days ago. Gone quiet: you keep in touch every 7 days (set for one of its tags).',
  );

  const doc = await exportDoc(app);
  expect(doc.settings.tag_cadences).toEqual({ 'weekly desk': 7 });
});

test('saved lists open their filters, survive a reload and can be deleted', async ({ page }) => {
  const app = new Rapport(page);
  await app.open('#/contacts');
  await app.loadDemo();
  await expect(app.id('contact-count')).toHaveText('40 contacts');
  // Everyone in the usual order needs no list.
  await expect(app.id('list-name')).toHaveCount(0);

  // The demo ledger comes with a "Tech press" list: it filters by its tag.
  await app.id('saved-list').filter({ hasText: 'Tech press' }).click();
  await expect(app.id('filter-tag')).toHaveValue('tech press');
  const techPress = await app.shownCount();
  expect(techPress).toBeGreaterThan(0);
  expect(techPress).toBeLessThan(40);
  await app.id('filter-tag').selectOption('');

  await app.id('filter-stage').selectOption('relationship');
  const relationships = await app.shownCount();
  await app.id('list-name').fill('Relationships');
  await app.id('save-list').click();
  const saved = app.id('saved-list').filter({ hasText: 'Relationships' });
  await expect(saved).toHaveAttribute('aria-pressed', 'true');
  await app.id('filter-stage').selectOption('');
  await expect(saved).toHaveAttribute('aria-pressed', 'false');
  await expect(app.id('contact-count')).toHaveText('40 contacts');
  // Opening a list shows its own filters in the menus, even menus changed by hand before;
  // a view that is a saved list already is not offered for saving again.
  await app.id('filter-tag').selectOption('tech press');
  await saved.click();
  await expect(app.id('filter-stage')).toHaveValue('relationship');
  await expect(app.id('filter-tag')).toHaveValue('');
  await expect(app.id('list-name')).toHaveCount(0);
  await app.id('saved-list').filter({ hasText: 'Tech press' }).click();
  await expect(app.id('filter-stage')).toHaveValue('');
  await expect(app.id('filter-tag')).toHaveValue('tech press');
  await app.id('clear-filters').click();
  await expect(app.id('filter-tag')).toHaveValue('');
  await expect(app.id('contact-count')).toHaveText('40 contacts');

  await app.reload();
  await app.id('saved-list').filter({ hasText: 'Relationships' }).click();
  await expect(app.id('filter-stage')).toHaveValue('relationship');
  expect(await app.shownCount()).toBe(relationships);

  const doc = await exportDoc(app);
  expect(doc.settings.saved_lists.map((list) => list.name)).toEqual(['Tech press', 'Relationships']);
  expect(doc.settings.saved_lists[1].query.stage).toBe('relationship');

  await app.goContacts();
  await app.page.getByRole('button', { name: 'Delete the list Relationships' }).click();
  await expect(app.id('saved-list')).toHaveCount(1);
  await expect(app.id('contact-count')).toHaveText('40 contacts');
});
