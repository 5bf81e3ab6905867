// Forms and data never lost or made up (issue 20, section 5): a contact import leaves out
// rows that look like spreadsheet formulas unless ticked; the relationship quality form
// starts empty; replacing the ledger says what it removes and asks again.
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
