// The Today page (issue 4, section 1): a relationship that goes quiet past its cadence shows
// up and can be snoozed; a promise due tomorrow shows as due soon, then as overdue once the
// day has passed, and is marked kept from Today. Time is set with Playwright's clock.
import { expect, test, type Locator } from '@playwright/test';
import { Rapport } from './rapport';

const NAME = 'Mara Quinn';

function items(app: Rapport, section: string): Locator {
  return app.id(section).getByTestId('today-item');
}

async function goToday(app: Rapport): Promise<void> {
  await app.id('nav-today').click();
  await expect(app.id('today')).toBeVisible();
}

test('quiet relationships and promises on Today, acted on in one tap', async ({ page }) => {
  await page.clock.setFixedTime(new Date('2026-11-02T09:00:00Z'));
  const app = new Rapport(page);
  await app.open('#/today');
  await expect(app.id('today')).toContainText('Welcome to Rapport');

  // A new connection, spoken to today: nothing is quiet yet.
  await app.goContacts();
  await app.addContact({ name: NAME, stakeholder: 'journalist', stage: 'connection' });
  await app.logInteraction({ kind: 'conversation', summary: 'Coffee after the energy summit' });
  await goToday(app);
  for (const section of ['today-overdue', 'today-due-soon', 'today-quiet', 'today-proposed', 'today-targets']) {
    await expect(app.id(section)).toBeVisible();
  }
  await expect(items(app, 'today-quiet')).toHaveCount(0);
  await expect(app.id('today-quiet')).toContainText('Log an interaction');
  await expect(app.id('today-overdue')).toContainText('Nothing overdue');

  // Sixty days is a connection's cadence: on day 61 after the last interaction she is quiet.
  await page.clock.setFixedTime(new Date('2027-01-01T09:00:00Z'));
  await app.reload();
  await expect(items(app, 'today-quiet')).toHaveCount(0);
  await page.clock.setFixedTime(new Date('2027-01-02T09:00:00Z'));
  await app.reload();
  const quiet = items(app, 'today-quiet').filter({ hasText: NAME });
  await expect(quiet).toHaveCount(1);
  await expect(quiet).toContainText('61 days quiet since the last one-to-one contact');
  await expect(quiet.getByTestId('today-open')).toHaveText(NAME);
  await expect(quiet.getByTestId('today-open')).toHaveAttribute('href', /#\/contact\//);
  await expect(quiet.getByTestId('today-log')).toHaveAttribute('href', /#\/contact\//);

  // Snooze: she leaves Today, Undo brings her back, and snoozed again she stays away
  // after a reload.
  await quiet.getByTestId('today-snooze').click();
  await expect(app.id('toast')).toContainText(`${NAME} is snoozed until 9 Jan`);
  await expect(items(app, 'today-quiet')).toHaveCount(0);
  await app.id('undo').click();
  await expect(app.id('toast')).toContainText('Snooze undone.');
  await expect(quiet).toHaveCount(1);
  await quiet.getByTestId('today-snooze').click();
  await expect(items(app, 'today-quiet')).toHaveCount(0);
  await app.reload();
  await expect(items(app, 'today-quiet')).toHaveCount(0);

  // A promise due tomorrow is due soon.
  await app.goContacts();
  await app.openContact(NAME);
  await app.id('promise-what').fill('Send the storage survey');
  await app.id('promise-due').fill('2027-01-03');
  await app.id('promise-submit').click();
  await expect(app.id('promise-item')).toHaveCount(1);
  await goToday(app);
  const dueSoon = items(app, 'today-due-soon').filter({ hasText: 'Send the storage survey' });
  await expect(dueSoon).toContainText('due tomorrow');
  await expect(items(app, 'today-overdue')).toHaveCount(0);

  // Three days later it is overdue; marking it kept from Today clears it.
  await page.clock.setFixedTime(new Date('2027-01-05T09:00:00Z'));
  await app.reload();
  await expect(items(app, 'today-due-soon')).toHaveCount(0);
  const overdue = items(app, 'today-overdue').filter({ hasText: 'Send the storage survey' });
  await expect(overdue).toContainText('2 days overdue');
  await overdue.getByTestId('today-kept').click();
  await expect(items(app, 'today-overdue')).toHaveCount(0);
  // A tap too quick: Undo opens it again.
  await app.id('undo').click();
  await expect(app.id('toast')).toContainText('The promise is open again.');
  await expect(overdue).toHaveCount(1);
  // An overdue promise can also be owned up to as missed, and that too can be undone.
  await overdue.getByTestId('today-missed').click();
  await expect(app.id('toast')).toContainText('Promise marked missed.');
  await expect(items(app, 'today-overdue')).toHaveCount(0);
  await app.id('undo').click();
  await expect(overdue).toHaveCount(1);
  // Marked kept once more.
  await overdue.getByTestId('today-kept').click();
  await expect(items(app, 'today-overdue')).toHaveCount(0);
  await expect(app.id('today-overdue')).toContainText('Nothing overdue');
  await app.reload();
  await expect(items(app, 'today-overdue')).toHaveCount(0);

  // The snooze ends on its day: on 9 January she is back under quiet.
  await page.clock.setFixedTime(new Date('2027-01-09T09:00:00Z'));
  await app.reload();
  await expect(items(app, 'today-quiet').filter({ hasText: NAME })).toHaveCount(1);
});

test('a long section shows its first 25 items, and more a hundred at a time', async ({ page }) => {
  await page.clock.setFixedTime(new Date('2026-11-02T09:00:00Z'));
  const app = new Rapport(page);
  await app.open('#/data');
  const rows = Array.from({ length: 160 }, (_, n) => `Contact ${String(n).padStart(3, '0')},Connection`);
  const csv = ['Name,Stage', ...rows].join('\n');
  await app.id('contacts-file').setInputFiles({ name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await app.id('mapping-continue').click();
  await app.id('import-add').click();
  await expect(app.id('toast')).toContainText('Added 160 contacts');
  // Years later every one of them has gone quiet.
  await page.clock.setFixedTime(new Date('2031-11-02T09:00:00Z'));
  await app.open('#/today');
  await app.reload();
  const section = app.id('today-quiet');
  await expect(section.locator('.today-count')).toHaveText('160');
  await expect(items(app, 'today-quiet')).toHaveCount(25);
  // Five years read as years, not as some 1,800 days.
  await expect(items(app, 'today-quiet').first()).toContainText(/\d years quiet/);

  const more = section.getByTestId('today-show-more');
  await expect(more).toHaveText('Show 100 more, of 135');
  await expect(more).toHaveAttribute('aria-expanded', 'false');
  const list = page.locator(`#${await more.getAttribute('aria-controls')}`);
  await expect(list).toHaveClass(/today-list/);
  await expect(section.locator('.today-list')).toHaveCount(1);

  await more.click();
  await expect(items(app, 'today-quiet')).toHaveCount(125);
  await expect(more).toHaveAttribute('aria-expanded', 'true');
  await expect(more).toHaveText('Show the other 35');
  await more.click();
  await expect(list.getByTestId('today-item')).toHaveCount(160);
  await expect(more).toHaveText('Show the first 25');

  await more.click();
  await expect(items(app, 'today-quiet')).toHaveCount(25);
  await expect(more).toHaveAttribute('aria-expanded', 'false');
});

test('a move the evidence supports is made from Today in one tap, and can be undone', async ({ page }) => {
  const app = new Rapport(page);
  await app.open('#/contacts');
  await app.addContact({ name: 'Lena Ortiz', stakeholder: 'journalist', stage: 'target' });
  await app.logInteraction({ kind: 'conversation', summary: 'Talked after her panel on grid storage' });
  await goToday(app);
  const proposed = items(app, 'today-proposed').filter({ hasText: 'Lena Ortiz' });
  // It says which evidence supports the move, not only that some does.
  await expect(proposed).toContainText(/A conversation on \d+ \w+ opened the door: ready for Connection/);
  const move = proposed.getByTestId('today-move');
  await expect(move).toHaveText('Move to Connection');
  await expect(move).toHaveAttribute('aria-label', 'Move Lena Ortiz to Connection');

  await move.click();
  await expect(app.id('toast')).toContainText('Lena Ortiz moved to Connection.');
  await expect(proposed).toHaveCount(0);
  // Undo takes the move back: she is a target again, and the move is proposed again.
  await app.id('undo').click();
  await expect(app.id('toast')).toContainText('The move is taken back.');
  await expect(proposed).toHaveCount(1);

  await proposed.getByTestId('today-move').click();
  await expect(proposed).toHaveCount(0);
  await app.reload();
  await expect(items(app, 'today-proposed').filter({ hasText: 'Lena Ortiz' })).toHaveCount(0);
  await app.goContacts();
  await app.openContact('Lena Ortiz');
  const history = app.id('stage-history');
  await expect(history.locator('li')).toHaveCount(2);
  await expect(history).toContainText('Target → Connection');
  await expect(history).toContainText("The playbook's evidence supported it");
});
