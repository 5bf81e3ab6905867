// Forms and data never lost or made up (issue 20, section 5): a contact import leaves out
// rows that look like spreadsheet formulas unless ticked; the relationship quality form
// starts empty; replacing the ledger says what it removes and asks again.
import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { Rapport } from './rapport';

test('a contact import leaves out rows that look like formulas unless they are ticked', async ({ page }) => {
  const app = new Rapport(page);
  await app.open('#/data');
  const csv = [
    'Name,Email,Company',
    'Ana Lima,ana@example.org,Le Monde',
    'Ben Ode,ben@example.org,@SUM(1+1)',
    '=1+1,sum@example.org,',
    '-Dash,dash@example.org,+1 Media',
  ].join('\n');
  await app.id('contacts-file').setInputFiles({ name: 'sheet.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await app.id('mapping-continue').click();
  // "-Dash" and "+1 Media" are names, not formulas.
  await expect(app.id('formula-row')).toHaveCount(2);
  await expect(app.id('formula-rows')).toContainText('Ben Ode: the organization “@SUM(1+1)” looks like a spreadsheet formula');
  await expect(app.id('formula-rows')).toContainText('“=1+1” looks like a spreadsheet formula, not a name');
  await expect(app.id('import-count')).toHaveText('2 of 4 contacts will be added.');
  await expect(app.id('import-organizations')).not.toContainText('@SUM');
  await app.id('formula-include').first().check();
  await expect(app.id('import-count')).toHaveText('3 of 4 contacts will be added.');
  await expect(app.id('import-organizations')).toContainText('@SUM(1+1)');
  await app.id('formula-include').first().uncheck();
  await expect(app.id('import-count')).toHaveText('2 of 4 contacts will be added.');
  await app.id('import-add').click();
  await expect(app.id('toast')).toContainText('Added 2 contacts.');
  await app.goContacts();
  // Ana Lima, Le Monde, -Dash and +1 Media.
  await expect(app.id('contact-count')).toHaveText('4 contacts');
  await expect(app.row('-Dash').first()).toBeVisible();
  await expect(app.row('+1 Media').first()).toBeVisible();
  await expect(app.row('@SUM(1+1)')).toHaveCount(0);
  await expect(app.row('Ben Ode')).toHaveCount(0);
  await expect(app.row('=1+1')).toHaveCount(0);
});

test('replacing the ledger says which contacts it removes and asks again', async ({ page }) => {
  const app = new Rapport(page);
  await app.open('#/contacts');
  await app.addContact({ name: 'In The File', stakeholder: 'journalist' });
  await app.goData();
  const [file] = await Promise.all([page.waitForEvent('download'), app.id('export-json').click()]);
  const text = await readFile(await file.path(), 'utf8');
  await app.goContacts();
  await app.addContact({ name: 'Added Later One', stakeholder: 'journalist' });
  await app.goContacts();
  await app.addContact({ name: 'Added Later Two', stakeholder: 'analyst' });
  await app.goData();
  await app.importFile(file.suggestedFilename(), text);
  await app.id('import-confirm').click();
  const impact = app.id('replace-impact');
  await expect(impact).toContainText('2 contacts in your ledger are not in the file and will be removed.');
  await expect(impact).toContainText('Added Later One');
  await expect(impact).toContainText('Added Later Two');
  // Nothing is replaced until the person says so a second time.
  expect((await app.ledgerCounts()).contacts).toBe(3);
  await app.id('replace-cancel').click();
  await expect(app.id('replace-impact')).toHaveCount(0);
  expect((await app.ledgerCounts()).contacts).toBe(3);
  await app.id('import-confirm').click();
  await Promise.all([page.waitForEvent('download'), app.id('replace-confirm').click()]);
  await expect(app.id('import-success')).toContainText('Imported 1 contact');
  expect((await app.ledgerCounts()).contacts).toBe(1);
});

test('the relationship quality form starts unrated and records nothing until all four are chosen', async ({ page }) => {
  const app = new Rapport(page);
  await app.open('#/contacts');
  await app.addContact({ name: 'Noor Haddad', stakeholder: 'partner' });
  await app.openSection('quality');
  for (const key of ['trust', 'mutuality', 'commitment', 'satisfaction']) {
    await expect(app.id(`quality-${key}`)).toHaveValue('');
  }
  // One click records no made-up scores: it says what is missing.
  await app.id('quality-submit').click();
  await expect(app.id('quality-missing')).toHaveText(
    'Choose a rating for Trust, Control mutuality, Commitment and Satisfaction first: nothing is recorded until all four are rated.');
  await expect(app.id('quality-trend')).toHaveText('Not rated yet.');
  await expect(app.id('quality-delete')).toHaveCount(0);
  await app.id('quality-trust').selectOption('4');
  await app.id('quality-commitment').selectOption('2');
  await expect(app.id('quality-missing')).toHaveText(
    'Choose a rating for Control mutuality and Satisfaction first: nothing is recorded until all four are rated.');
  await app.id('quality-submit').click();
  await expect(app.id('quality-delete')).toHaveCount(0);
  await app.id('quality-mutuality').selectOption('3');
  await app.id('quality-satisfaction').selectOption('5');
  await expect(app.id('quality-missing')).toHaveCount(0);
  await app.id('quality-submit').click();
  await expect(app.id('quality-trend')).toHaveText('One check so far: 3.5 out of 5.');
  await expect(app.id('quality-delete')).toHaveCount(1);
  await app.reload();
  await expect(app.id('quality-trend')).toHaveText('One check so far: 3.5 out of 5.');
});
