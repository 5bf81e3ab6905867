// The contact workflow of a practitioner: add someone, log what happened, find them again,
// fix their details, delete by mistake and undo. Everything must survive a reload.
import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { Rapport } from './rapport';

test.describe('contacts', () => {
  test('add a contact, log an interaction, and find both after a reload', async ({ page }) => {
    const app = new Rapport(page);
    await app.open('#/contacts');
    await expect(app.id('empty-state')).toBeVisible();

    // A contact needs a name: the form says so and stays open.
    await app.id('add-contact').click();
    await app.id('save-contact').click();
    await expect(app.id('form-error')).toBeVisible();
    await expect(app.id('form-error')).toHaveAttribute('role', 'alert');
    await app.id('cancel-contact').click();
    await expect(app.id('contact-form')).toBeHidden();

    await app.addContact({
      name: 'Dana Whitfield',
      stakeholder: 'journalist',
      emails: 'dana@example.org',
      role: 'Tech reporter',
      interests: 'climate tech, batteries',
    });
    await expect(app.id('contact-stage')).toBeVisible();

    // It is in the list.
    await app.goContacts();
    await expect(app.row('Dana Whitfield')).toHaveCount(1);
    expect(await app.shownCount()).toBe(1);

    // Open it and log a give.
    await app.openContact('Dana Whitfield');
    await app.logInteraction({
      kind: 'give',
      summary: 'Sent her the embargoed battery survey',
      learned: 'Writes a weekly newsletter on grid storage',
    });
    await expect(app.timelineItems()).toHaveCount(1);

    // Reload: both are still there, and the deep link still opens the contact.
    await app.reload();
    await expect(app.id('contact-name')).toHaveText('Dana Whitfield');
    await expect(app.timelineItems()).toHaveCount(1);
    await expect(app.timelineItems().first()).toContainText('Sent her the embargoed battery survey');
    await expect(app.timelineItems().first()).toContainText('grid storage');
    await expect(page.getByText('dana@example.org')).toBeVisible();
    // On a phone, the address opens the mail app.
    await expect(app.id('contact-details').getByRole('link', { name: 'dana@example.org' })).toHaveAttribute(
      'href',
      'mailto:dana@example.org',
    );

    await app.goContacts();
    await expect(app.row('Dana Whitfield')).toHaveCount(1);
  });

  test('each row says when they were last in touch', async ({ page }) => {
    const app = new Rapport(page);
    await app.open('#/contacts');
    await app.addContact({ name: 'Rhea Okafor', stakeholder: 'journalist' });
    await app.goContacts();
    await expect(app.row('Rhea Okafor').getByTestId('row-last-contact')).toHaveText('No contact yet');

    await app.openContact('Rhea Okafor');
    await app.logInteraction({ kind: 'give', date: '2026-11-03', summary: 'Sent the data she asked about' });
    await app.goContacts();
    await expect(app.row('Rhea Okafor').getByTestId('row-last-contact')).toHaveText('Last contact 3 Nov 2026');
  });

  test('search filters the list as you type', async ({ page }) => {
    const app = new Rapport(page);
    await app.open('#/contacts');
    await app.loadDemo();
    await expect(app.rows().first()).toBeVisible();
    const total = await app.shownCount();
    expect(total).toBeGreaterThanOrEqual(30);
    await expect(app.rows()).toHaveCount(total);

    const name = (await app.rows().nth(3).locator('.contact-name').innerText()).trim();
    await app.search(name);
    // No button to press: the list follows the typing.
    await expect(app.row(name)).toHaveCount(1);
    await expect.poll(() => app.rows().count()).toBeLessThan(total);
    expect(await app.shownCount()).toBe(await app.rows().count());
    await expect(app.id('contact-count')).toContainText(`of ${total}`);

    await app.search('zzqx-nobody-by-this-name');
    await expect(app.rows()).toHaveCount(0);
    await expect(app.id('contact-count')).toContainText(`0 of ${total}`);

    await app.search('');
    await expect(app.rows()).toHaveCount(total);
  });

  test('delete a contact, then undo brings it back', async ({ page }) => {
    const app = new Rapport(page);
    await app.open('#/contacts');
    await app.addContact({ name: 'Marco Bellini', stakeholder: 'customer', emails: 'marco@example.com' });
    await app.logInteraction({ kind: 'conversation', summary: 'Call about the pilot' });
    await app.goContacts();
    await app.addContact({ name: 'Ines Duarte', stakeholder: 'creator' });
    await app.goContacts();
    expect(await app.shownCount()).toBe(2);

    await app.openContact('Marco Bellini');
    await app.deleteOpenContact();
    await expect(app.id('toast')).toContainText('Marco Bellini');
    await app.goContacts();
    await expect(app.row('Marco Bellini')).toHaveCount(0);
    expect(await app.shownCount()).toBe(1);

    await app.id('undo').click();
    await expect(app.row('Marco Bellini')).toHaveCount(1);
    expect(await app.shownCount()).toBe(2);

    // The undo is saved, with the contact's history.
    await app.reload();
    await expect(app.row('Marco Bellini')).toHaveCount(1);
    await app.openContact('Marco Bellini');
    await expect(app.timelineItems().filter({ hasText: 'Call about the pilot' })).toHaveCount(1);
  });

  test('a deletion without undo is saved', async ({ page }) => {
    const app = new Rapport(page);
    await app.open('#/contacts');
    await app.addContact({ name: 'Temp Contact', stakeholder: 'other' });
    await app.deleteOpenContact();
    await app.reload();
    await app.goContacts();
    await expect(app.row('Temp Contact')).toHaveCount(0);
    await expect(app.id('empty-state')).toBeVisible();
  });

  test('edit a contact', async ({ page }) => {
    const app = new Rapport(page);
    await app.open('#/contacts');
    await app.addContact({ name: 'Sam Okafor', stakeholder: 'influencer', role: 'Creator' });

    await app.id('edit-contact').click();
    await expect(app.id('field-name')).toHaveValue('Sam Okafor');
    await expect(app.id('field-stakeholder')).toHaveValue('influencer');
    await app.fillContactForm({ name: 'Samuel Okafor', role: 'Head of content', stakeholder: 'partner' });
    await app.id('save-contact').click();
    await expect(app.id('contact-form')).toBeHidden();
    await expect(app.id('contact-name')).toHaveText('Samuel Okafor');
    await expect(page.getByText('Head of content')).toBeVisible();

    // An edit cannot empty the name either.
    await app.id('edit-contact').click();
    await app.fillContactForm({ name: '   ' });
    await app.id('save-contact').click();
    await expect(app.id('form-error')).toBeVisible();
    await app.id('cancel-contact').click();
    await expect(app.id('contact-name')).toHaveText('Samuel Okafor');

    await app.reload();
    await expect(app.id('contact-name')).toHaveText('Samuel Okafor');
    await app.goContacts();
    await expect(app.row('Samuel Okafor')).toHaveCount(1);
    await expect(app.row('Sam Okafor')).toHaveCount(0);
  });
  test('an email must look like one, and a contact already there is named before a second is added', async ({ page }) => {
    const app = new Rapport(page);
    await app.open('#/contacts');
    await app.addContact({ name: 'Léa Moreau', stakeholder: 'journalist', emails: 'lea@example.fr' });
    await app.goContacts();

    await app.id('add-contact').click();
    await app.fillContactForm({ name: 'Lea Moreau', stakeholder: 'journalist', emails: 'not an email' });
    await app.id('save-contact').click();
    await expect(app.id('form-error')).toHaveText(
      '\u201cnot an email\u201d does not look like an email address (name@example.org).',
    );
    await app.fillContactForm({ emails: 'lea@example.fr' });
    await app.id('save-contact').click();
    const warning = app.id('duplicate-warning');
    await expect(warning).toContainText('Léa Moreau (same email, lea@example.fr)');
    await expect(warning.getByRole('link', { name: /Léa Moreau/ })).toHaveAttribute('href', /#\/contact\//);
    await expect(app.id('save-contact')).toHaveText('Save as a new contact');
    await expect(app.id('contact-form')).toBeVisible();
    // Saving again adds her all the same: it warns, never blocks.
    await app.id('save-contact').click();
    await expect(app.id('contact-name')).toHaveText('Lea Moreau');
    await app.closeWalk();
    await app.goContacts();
    await app.search('moreau');
    expect(await app.shownCount()).toBe(2);
  });

  test('an email opens a mail to that one address, and text that is no address is no link', async ({ page }) => {
    const app = new Rapport(page);
    await app.open('#/contacts');
    // The form takes it (one @, a domain with a dot); raw in a mailto: link, it would copy eve.
    await app.addContact({ name: 'Desk', emails: 'desk?bcc=eve@evil.example' });
    const details = app.id('contact-details');
    await expect(details.getByRole('link', { name: 'desk?bcc=eve@evil.example' })).toHaveAttribute(
      'href',
      'mailto:desk%3Fbcc%3Deve@evil.example',
    );

    // A file can bring any text in as an email: it is shown, not linked.
    await app.open('#/data');
    const csv = 'Name,Email,Phone\nPress Desk,press desk at wired,call the switchboard\n';
    await app.id('contacts-file').setInputFiles({ name: 'desk.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await app.id('mapping-continue').click();
    await app.id('import-add').click();
    await expect(app.id('toast')).toContainText('Added 1 contact');
    await app.goContacts();
    await app.openContact('Press Desk');
    await expect(details).toContainText('press desk at wired');
    await expect(details).toContainText('call the switchboard');
    await expect(details.getByRole('link')).toHaveCount(0);
  });

  test('a logged interaction is corrected in place, and the correction survives a reload', async ({ page }) => {
    await page.clock.setFixedTime(new Date('2026-11-20T09:00:00Z'));
    const app = new Rapport(page);
    await app.open('#/contacts');
    await app.addContact({ name: 'Ines Duarte', stakeholder: 'journalist' });
    await app.logInteraction({ kind: 'conversation', summary: 'Coffee at the energy sumit', date: '2026-11-18' });
    await app.logInteraction({ kind: 'give', summary: 'Sent the grid report', date: '2026-11-19' });

    const item = app.timelineItems().filter({ hasText: 'energy sumit' });
    await item.getByTestId('edit-interaction').click();
    const editor = item.getByTestId('interaction-editor');
    await expect(editor.getByTestId('edit-summary')).toHaveValue('Coffee at the energy sumit');
    await expect(editor.getByTestId('edit-date')).toHaveValue('2026-11-18');
    await editor.getByTestId('edit-summary').fill('Coffee at the energy summit');
    await editor.getByTestId('edit-date').fill('2026-11-20');
    await editor.getByTestId('edit-direction').selectOption('inbound');
    await editor.getByTestId('edit-save').click();
    await expect(app.id('toast')).toContainText('Interaction corrected.');

    // Dated later now, it leads the timeline; the typo is gone.
    await expect(app.timelineItems()).toHaveCount(2);
    await expect(app.timelineItems().first()).toContainText('Coffee at the energy summit');
    await expect(app.timelineItems().first()).toContainText('20 Nov 2026');
    await expect(page.getByText('energy sumit')).toHaveCount(0);
    await app.reload();
    await expect(app.timelineItems().first()).toContainText('Coffee at the energy summit');
    await expect(app.timelineItems().first()).toContainText('They reached out');
    // Moved to today, it is dated now, never later in the day (noon has not come yet).
    await app.goData();
    const [download] = await Promise.all([page.waitForEvent('download'), app.id('export-json').click()]);
    const doc = JSON.parse(await readFile(await download.path(), 'utf8')) as {
      interactions: { details: { summary: string; at: string | number } }[];
    };
    const corrected = doc.interactions.find((interaction) => interaction.details.summary.includes('energy summit'));
    expect(new Date(corrected?.details.at ?? NaN).getTime()).toBe(Date.parse('2026-11-20T09:00:00Z'));
    await page.goBack();

    // A correction that breaks a limit is refused in words, and cancelling changes nothing.
    const first = app.timelineItems().first();
    await first.getByTestId('edit-interaction').click();
    await first.getByTestId('edit-summary').fill('x'.repeat(20_001));
    await first.getByTestId('edit-save').click();
    await expect(first.getByRole('alert')).toBeVisible();
    await first.getByTestId('edit-cancel').click();
    await expect(first.getByTestId('interaction-editor')).toHaveCount(0);
    await expect(first).toContainText('Coffee at the energy summit');
  });

  test('an interaction needs a line on what happened and a day that has come; a promise is deleted only when confirmed', async ({ page }) => {
    await page.clock.setFixedTime(new Date('2026-11-20T09:00:00Z'));
    const app = new Rapport(page);
    await app.open('#/contacts');
    await app.addContact({ name: 'Noor Haddad', stakeholder: 'journalist' });
    const form = app.id('log-form');

    // Nothing typed: refused in words, nothing logged.
    await form.getByTestId('log-submit').click();
    await expect(form.getByRole('alert')).toHaveText('Say what happened, in a line or two.');
    await expect(app.timelineItems()).toHaveCount(0);

    // A day still to come is refused too; the date picker stops at today.
    await expect(form.getByTestId('log-date')).toHaveAttribute('max', '2026-11-20');
    await form.getByTestId('log-date').fill('2027-06-01');
    await form.getByTestId('log-summary').fill('Panel at the summer summit');
    await form.getByTestId('log-submit').click();
    await expect(form.getByRole('alert')).toContainText('That day is still to come');
    await expect(app.timelineItems()).toHaveCount(0);
    await app.logInteraction({ kind: 'conversation', summary: 'Agreed to talk at the summit', date: '2026-11-19' });

    // Correcting it to a blank is refused as well.
    const item = app.timelineItems().first();
    await item.getByTestId('edit-interaction').click();
    await item.getByTestId('edit-summary').fill('   ');
    await item.getByTestId('edit-save').click();
    await expect(item.getByRole('alert')).toHaveText('Say what happened, in a line or two.');
    await item.getByTestId('edit-cancel').click();

    // A promise asks before it goes, and Keep keeps it.
    await app.id('promise-what').fill('Send the speaker brief');
    await app.id('promise-due').fill('2026-11-25');
    await app.id('promise-submit').click();
    const promise = app.id('promise-item').filter({ hasText: 'Send the speaker brief' });
    await promise.getByTestId('promise-delete').click();
    // The keyboard follows the question, and comes back to Delete after Keep.
    await expect(promise.getByTestId('confirm-delete-promise')).toBeFocused();
    await promise.getByRole('button', { name: 'Keep' }).click();
    await expect(promise).toHaveCount(1);
    await expect(promise.getByTestId('promise-delete')).toBeFocused();
    // Escape keeps it too.
    await page.keyboard.press('Enter');
    await expect(promise.getByTestId('confirm-delete-promise')).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(promise.getByTestId('promise-delete')).toBeFocused();
    await promise.getByTestId('promise-delete').click();
    await promise.getByTestId('confirm-delete-promise').click();
    await expect(app.id('promise-item')).toHaveCount(0);
    await app.reload();
    await expect(app.id('promise-item')).toHaveCount(0);
  });

  test('what is being typed into the log form survives a reload until it is logged', async ({ page }) => {
    const app = new Rapport(page);
    await app.open('#/contacts');
    await app.addContact({ name: 'Lena Vogt', stakeholder: 'journalist' });
    const form = app.id('log-form');
    await form.getByTestId('log-summary').fill('Call about the grid report, half written');
    await form.getByTestId('log-learned').fill('Prefers mornings');
    await app.reload();
    await expect(form.getByTestId('log-summary')).toHaveValue('Call about the grid report, half written');
    await expect(form.getByTestId('log-learned')).toHaveValue('Prefers mornings');
    await form.getByTestId('log-submit').click();
    await expect(app.timelineItems()).toHaveCount(1);
    await app.reload();
    await expect(form.getByTestId('log-summary')).toHaveValue('');
    await expect(form.getByTestId('log-learned')).toHaveValue('');
  });
});
