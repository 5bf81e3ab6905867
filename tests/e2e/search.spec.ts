// Finding people (issue 4): search and every filter of the contact list, on the demo ledger.
import { expect, test } from '@playwright/test';
import { Rapport } from './rapport';

test('search, filter by stage, type, tag and attention, and sort', async ({ page }) => {
  const app = new Rapport(page);
  await app.open('#/contacts');
  await app.loadDemo();
  await expect(app.id('contact-count')).toHaveText('40 contacts');

  // Stage: every row shown carries the chosen stage.
  await app.id('filter-stage').selectOption('relationship');
  const shown = await app.shownCount();
  expect(shown).toBeGreaterThan(0);
  expect(shown).toBeLessThan(40);
  await expect(app.rows()).toHaveCount(shown);
  for (const badge of await app.rows().locator('.stage-badge').allInnerTexts()) {
    expect(badge).toBe('Relationship');
  }
  await app.id('filter-stage').selectOption('');

  // Type and tag narrow the list; combined with a search word they must all hold.
  await app.id('filter-type').selectOption('journalist');
  const journalists = await app.shownCount();
  expect(journalists).toBeGreaterThan(0);
  expect(journalists).toBeLessThan(40);
  await app.id('filter-type').selectOption('');
  const tag = (await app.id('filter-tag').locator('option').nth(1).getAttribute('value')) ?? '';
  await app.id('filter-tag').selectOption(tag);
  const tagged = await app.shownCount();
  expect(tagged).toBeGreaterThan(0);
  expect(tagged).toBeLessThan(40);
  await app.search('zzzz-nobody');
  await expect(app.rows()).toHaveCount(0);
  await expect(app.id('no-match')).toHaveText('No contact matches. Try fewer words, or clear the filters.');
  await app.search('');
  await app.id('filter-tag').selectOption('');

  // Attention: the demo ledger has quiet relationships and overdue promises.
  await app.id('filter-attention').selectOption('quiet');
  expect(await app.shownCount()).toBeGreaterThan(0);
  await app.id('filter-attention').selectOption('overdue');
  const overdue = await app.shownCount();
  await app.id('filter-attention').selectOption('');
  expect(overdue).toBeLessThan(40);

  // Sort by stage: partnerships first, targets last.
  await app.id('sort').selectOption('stage');
  await expect(app.rows().first().locator('.stage-badge')).toHaveText('Partnership');
  await expect(app.rows().last().locator('.stage-badge')).toHaveText('Target');
  await expect(app.id('contact-count')).toHaveText('40 contacts');

  // Enter in the search opens the first contact found; with nothing found it does nothing.
  const first = (await app.rows().first().locator('.contact-name').innerText()).trim();
  await app.id('search').fill('zzzz-nobody');
  await app.id('search').press('Enter');
  await expect(page).toHaveURL(/#\/contacts$/);
  await app.id('search').fill(first);
  await expect(app.rows().first().locator('.contact-name')).toHaveText(first);
  await app.id('search').press('Enter');
  await expect(page).toHaveURL(/#\/contact\//);
  await expect(app.id('contact-name')).toHaveText(first);
});

test('tag several contacts at once, then filter by the tag', async ({ page }) => {
  const app = new Rapport(page);
  await app.open('#/contacts');
  await app.loadDemo();
  await app.id('filter-stage').selectOption('partnership');
  const partners = await app.shownCount();
  await app.id('select-mode').click();
  await app.id('select-all').click();
  await app.id('bulk-tag').fill('launch partners');
  await app.id('bulk-tag-submit').click();
  await expect(app.id('toast')).toContainText(`Tagged ${partners} contacts`);
  await app.id('select-mode').click();
  await app.id('filter-stage').selectOption('');
  await app.id('filter-tag').selectOption('launch partners');
  expect(await app.shownCount()).toBe(partners);
  await app.reload();
  await expect(app.id('clear-filters')).toHaveCount(0);
  await app.id('filter-tag').selectOption('launch partners');
  await app.id('search').fill('a');
  expect(await app.shownCount()).toBeLessThanOrEqual(partners);
  // One button clears the search and every filter.
  await app.id('clear-filters').click();
  await expect(app.id('contact-count')).toHaveText('40 contacts');
  await expect(app.id('search')).toHaveValue('');
  await expect(app.id('filter-tag')).toHaveValue('');
  await expect(app.id('clear-filters')).toHaveCount(0);
});

test('move several contacts to a stage at once', async ({ page }) => {
  const app = new Rapport(page);
  await app.open('#/contacts');
  await app.loadDemo();
  await app.id('filter-stage').selectOption('connection');
  const connections = await app.shownCount();
  await app.id('filter-stage').selectOption('target');
  const targets = await app.shownCount();
  expect(targets).toBeGreaterThan(1);
  await app.id('select-mode').click();
  await app.id('select-all').click();
  await app.id('bulk-stage').selectOption('connection');
  await app.id('bulk-stage-submit').click();
  await expect(app.id('toast')).toContainText(`Moved ${targets} contacts to Connection.`);
  await expect(app.rows()).toHaveCount(0);
  await app.reload();
  await app.id('filter-stage').selectOption('connection');
  expect(await app.shownCount()).toBe(connections + targets);
  // Moving them again changes nothing, and says so.
  await app.id('select-mode').click();
  await app.id('row-select').first().check();
  await app.id('bulk-stage').selectOption('connection');
  await app.id('bulk-stage-submit').click();
  await expect(app.id('toast')).toContainText('Moved 0 contacts to Connection. 1 was there already.');
});

test('search finds the logged interactions where a topic came up, newest first', async ({ page }) => {
  const app = new Rapport(page);
  await app.open('#/contacts');
  await app.addContact({ name: 'Ada Okafor', stage: 'connection', tags: 'climate' });
  await app.logInteraction({ kind: 'give', summary: 'Sent her the embargoed battery study', date: '2026-01-05' });
  await app.logInteraction({ kind: 'conversation', summary: 'Coffee after the panel', learned: 'Her editor wants battery angles', date: '2026-02-10' });
  await app.goContacts();
  await app.addContact({ name: 'Ben Rossi', stage: 'connection' });
  await app.logInteraction({ kind: 'ask', summary: 'Pitched the battery study', date: '2026-01-20' });
  await app.goContacts();

  // No contact's own details hold the words, but three interactions do.
  await app.search('BATTERY');
  await expect(app.id('contact-count')).toHaveText('0 of 2 contacts');
  const mentions = app.id('mentions');
  await expect(mentions.locator('summary')).toHaveText('Found in 3 logged interactions');
  await expect(app.id('no-match')).toHaveText("No contact's own details hold these words; the logged interactions below do.");
  await mentions.locator('summary').click();
  const found = mentions.getByTestId('mention');
  await expect(found).toHaveCount(3);
  await expect(found.nth(0)).toContainText('Ada Okafor');
  await expect(found.nth(0)).toContainText('Her editor wants battery angles');
  await expect(found.nth(1)).toContainText('Ben Rossi');
  await expect(found.nth(2)).toContainText('Sent her the embargoed battery study');

  // Every word must hold, and the filters narrow the interactions as they do the contacts.
  await app.search('battery study');
  await expect(mentions.locator('summary')).toHaveText('Found in 2 logged interactions');
  await app.id('filter-tag').selectOption('climate');
  await expect(mentions.locator('summary')).toHaveText('Found in 1 logged interaction');
  await app.id('filter-tag').selectOption('');
  await app.search('b');
  await expect(mentions).toHaveCount(0);
  await app.search('no such topic');
  await expect(mentions).toHaveCount(0);
  await expect(app.id('no-match')).toHaveText('No contact matches. Try fewer words, or clear the filters.');
  // Words are found from their start: "attery" is in no word's beginning.
  await app.search('attery');
  await expect(app.id('no-match')).toHaveText('No contact matches. Try fewer words, or clear the filters.');

  // A found interaction leads to its contact.
  await app.search('embargoed');
  await mentions.locator('summary').click();
  await mentions.getByRole('link', { name: 'Ada Okafor' }).click();
  await expect(app.id('contact-name')).toHaveText('Ada Okafor');
});
