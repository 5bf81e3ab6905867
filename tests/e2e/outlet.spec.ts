// The outlet is a real field (issue 20, section 2): a reporter at an outlet the ledger does
// not have yet is entered in one go; the outlet is created, linked, with the same save, and
// suggested afterwards. The stakeholder type is asked, never silently "Other".
import { expect, test } from '@playwright/test';
import { Rapport } from './rapport';

test('a new outlet typed on the form is created and linked with the same save', async ({ page }) => {
  const app = new Rapport(page);
  await app.open('#/contacts');
  await app.id('add-contact').click();
  await app.fillContactForm({ name: 'Ines Silva', role: 'Features editor', stakeholder: 'journalist', outlet: 'Harbor Weekly' });
  await expect(app.id('outlet-match')).toContainText('New: Harbor Weekly will be added as an organization');
  await app.id('save-contact').click();
  await expect(app.id('contact-name')).toHaveText('Ines Silva');
  await app.closeWalk();
  await expect(app.id('contact-subtitle')).toHaveText('Features editor at Harbor Weekly · Journalist');

  await app.goContacts();
  await expect(app.rows()).toHaveCount(2);
  await expect(app.row('Ines Silva')).toContainText('Harbor Weekly');
  await expect(app.rows().filter({ hasText: /^Harbor Weekly/ })).toHaveCount(1);

  // The outlet is suggested now, and a name typed in another case links to it.
  await app.id('add-contact').click();
  const suggestions = page.locator(`datalist#${await app.id('field-organization').getAttribute('list')} option`);
  await expect(suggestions).toHaveCount(1);
  await expect(suggestions.first()).toHaveAttribute('value', 'Harbor Weekly');
  await app.fillContactForm({ name: 'Tomas Weber', stakeholder: 'journalist', outlet: 'harbor weekly' });
  await expect(app.id('outlet-match')).toContainText('Links to Harbor Weekly');
  await app.id('save-contact').click();
  await expect(app.id('contact-name')).toHaveText('Tomas Weber');
  await app.closeWalk();
  await expect(app.id('contact-subtitle')).toContainText('Harbor Weekly');
  await app.goContacts();
  await expect(app.rows()).toHaveCount(3);

  // The outlet's page lists both, after a reload from storage.
  await app.reload();
  await app.openContact('Harbor Weekly');
  const people = page.getByRole('region', { name: 'People' });
  await expect(people.getByRole('link')).toHaveCount(2);
});

test('a refused save creates no outlet', async ({ page }) => {
  const app = new Rapport(page);
  await app.open('#/contacts');
  await app.addContact({ name: 'Already Here', stakeholder: 'journalist' });
  await app.goContacts();
  await app.id('add-contact').click();
  await app.fillContactForm({ name: '   ', stakeholder: 'journalist', outlet: 'The Courier' });
  await app.id('save-contact').click();
  await expect(app.id('form-error')).toHaveText('A contact needs a name.');
  await app.id('cancel-contact').click();
  await app.id('discard-contact').click();
  await expect(app.rows()).toHaveCount(1);
  await app.search('Courier');
  await expect(app.rows()).toHaveCount(0);
});

test('the stakeholder type is asked, not defaulted to Other', async ({ page }) => {
  const app = new Rapport(page);
  await app.open('#/contacts');
  await app.id('add-contact').click();
  await expect(app.id('field-stakeholder')).toHaveValue('');
  await app.fillContactForm({ name: 'Nadia Olsen' });
  await app.id('save-contact').click();
  await expect(app.id('form-error')).toContainText('Choose the stakeholder type');
  await expect(app.id('contact-form')).toBeVisible();
  await app.fillContactForm({ stakeholder: 'other' });
  await app.id('save-contact').click();
  await expect(app.id('contact-name')).toHaveText('Nadia Olsen');
});
