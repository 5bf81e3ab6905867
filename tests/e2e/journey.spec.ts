// The stage journey (issue 3): one contact taken from Target to Partnership by logging
// evidence, with the playbook's prompts turning met and each move proposed by the app; an
// ask before any give warned about; a promise that goes overdue flagged. Time is set with
// Playwright's clock, so "overdue" needs no test-only switch in the app.
import { expect, test, type Page } from '@playwright/test';
import { Rapport } from './rapport';

const prompt = (page: Page, key: string) => page.locator(`[data-testid="prompt"][data-prompt="${key}"]`);

async function expectMet(page: Page, key: string, met: boolean) {
  await expect(prompt(page, key)).toHaveAttribute('data-met', String(met));
}

test('take one contact from Target to Partnership on evidence', async ({ page }) => {
  await page.clock.setFixedTime(new Date('2026-11-02T09:00:00Z'));
  const app = new Rapport(page);
  await app.open('#/contacts');

  // Adding a target starts the guided walk: research, purpose, where to meet.
  await app.id('add-contact').click();
  await app.fillContactForm({ name: 'Lena Fischer', stakeholder: 'journalist', stage: 'target' });
  await app.id('save-contact').click();
  const walk = app.id('walk');
  await expect(walk).toBeVisible();
  await expect(app.id('walk-prompt')).toHaveText('Research their interests and recent work');
  await walk.getByTestId('walk-text').fill('energy storage, grid policy');
  await walk.getByTestId('walk-notes').fill('Long read on home batteries last week');
  await walk.getByTestId('walk-do').click();
  await expect(app.id('walk-prompt')).toHaveText('Say why this person');
  // Saving nothing is not progress: the step says so and stays.
  await walk.getByTestId('walk-do').click();
  await expect(app.id('walk-error')).toHaveText('Write a line or two first, or skip this step for now.');
  await expect(app.id('walk-prompt')).toHaveText('Say why this person');
  await walk.getByTestId('walk-text').fill('Her readers are the installers we want to reach');
  await walk.getByTestId('walk-do').click();
  await expect(app.id('walk-prompt')).toHaveText('Know where to meet them');
  await walk.getByTestId('walk-do').click();
  // Prepared is not approached: a target becomes a connection through an encounter.
  await expect(app.id('walk-end')).toContainText('Every prompt of this stage is met');
  await expect(app.id('walk-accept-move')).toHaveCount(0);
  await app.id('walk-end').getByRole('button', { name: 'Done' }).click();
  await expect(walk).toBeHidden();
  await expect(app.id('proposed-move')).toHaveCount(0);
  await app.logInteraction({ kind: 'introduction', summary: 'Said hello after her panel' });
  await expect(app.id('proposed-move')).toContainText('Connection');
  await app.id('accept-move').click();
  await expect(app.id('contact-stage')).toHaveText('Connection');

  // Connection: introduce yourself (done at the panel), engage, and get a reply.
  await expectMet(page, 'connection.introduce', true);
  await app.logInteraction({ kind: 'surface_engagement', summary: 'Shared her battery piece' });
  await expectMet(page, 'connection.engage', true);
  await expect(app.id('proposed-move')).toHaveCount(0);
  await app.logInteraction({ kind: 'conversation', direction: 'inbound', summary: 'She asked about our installer survey' });
  await expectMet(page, 'connection.two_way', true);
  await expect(app.id('proposed-move')).toContainText('Relationship');
  await app.id('accept-move').click();
  await expect(app.id('contact-stage')).toHaveText('Relationship');
  await expect(app.id('playbook-completion')).toContainText('phase');

  // Give first.
  await app.logInteraction({ kind: 'give', summary: 'Sent her the installer survey data' });
  await expectMet(page, 'relationship.give_first', true);
  // Minutes later, the ask: introduced and given first, so no warning.
  await page.clock.setFixedTime(new Date('2026-11-02T09:30:00Z'));
  await app.id('log-kind').selectOption('ask');
  await expect(app.id('ask-warning')).toHaveCount(0);
  await app.id('pitch-angle').fill('What installers see that policy misses');
  await app.logInteraction({ kind: 'ask', summary: 'Pitched the installer angle' });
  await expect(app.id('balance-gives')).toHaveText('1');
  await expect(app.id('balance-asks')).toHaveText('1');
  await expect(app.timelineItems().filter({ hasText: 'What installers see' })).toHaveCount(1);

  // Promises: one kept, one left open until it goes overdue.
  await app.id('promise-what').fill('Send the regional breakdown');
  await app.id('promise-due').fill('2026-11-03');
  await app.id('promise-submit').click();
  await app.id('promise-kept').first().click();
  await app.id('promise-what').fill('Introduce her to our field engineer');
  await app.id('promise-due').fill('2026-11-06');
  await app.id('promise-submit').click();
  // What is still owed is listed before what was kept.
  await expect(app.id('promise-item').first()).toContainText('field engineer');
  await expectMet(page, 'relationship.follow_through', true);

  await page.clock.setFixedTime(new Date('2026-11-10T09:00:00Z'));
  await app.reload();
  const overdue = app.id('promise-item').filter({ hasText: 'field engineer' });
  await expect(overdue).toHaveClass(/overdue/);
  await expect(overdue).toContainText('Overdue');
  await expectMet(page, 'relationship.follow_through', false);
  await expect(prompt(page, 'relationship.follow_through')).toContainText('1 of your promises overdue');
  await overdue.getByTestId('promise-kept').click();
  await expectMet(page, 'relationship.follow_through', true);

  // Control mutuality and a purpose toward partnership, from the plan.
  await app.openSection('plan');
  await app.id('edit-plan-agreement').click();
  await app.id('plan-input-agreement').fill('We bring installer data; she leads the story');
  await app.id('save-plan-agreement').click();
  await app.id('edit-plan-partnership_idea').click();
  await app.id('plan-input-partnership_idea').fill('A yearly installer barometer, co-published');
  await app.id('save-plan-partnership_idea').click();
  // The partnership is proposed only once her capacity and timing are known.
  await expect(app.id('proposed-move')).toHaveCount(0);
  await expect(app.id('next-action')).toContainText('Check their capacity and timing before proposing');
  await app.id('edit-plan-capacity').click();
  await app.id('plan-input-capacity').fill('Free from January, one piece a quarter');
  await app.id('save-plan-capacity').click();
  for (const key of ['give_first', 'balance', 'follow_through', 'mutuality', 'cadence', 'purpose', 'capacity']) {
    await expectMet(page, `relationship.${key}`, true);
  }
  await expect(app.id('proposed-move')).toContainText('Partnership');
  await page.clock.setFixedTime(new Date('2026-11-10T10:00:00Z'));
  await app.id('accept-move').click();
  await expect(app.id('contact-stage')).toHaveText('Partnership');

  // Partnership: terms agreed for it, joint work, still giving, quality reviewed. The
  // relationship's agreement on what each side brings is not yet the partnership's terms.
  await expectMet(page, 'partnership.terms', false);
  await expect(prompt(page, 'partnership.terms')).toContainText('written before the partnership began');
  // Confirmed as they are, the same words are the terms; edited, the new ones are.
  await app.id('confirm-terms').click();
  await expectMet(page, 'partnership.terms', true);
  await expect(app.id('confirm-terms')).toHaveCount(0);
  await app.id('edit-plan-agreement').click();
  await app.id('plan-input-agreement').fill('We fund the survey and share the data; she writes and edits');
  await app.id('save-plan-agreement').click();
  await expectMet(page, 'partnership.terms', true);
  await app.logInteraction({ kind: 'collaboration', summary: 'Published the first barometer together' });
  await app.logInteraction({ kind: 'give', summary: 'Sent her a lead for her next story' });
  await app.rateQuality({ trust: 4, mutuality: 3, commitment: 3, satisfaction: 3 });
  await app.id('quality-note').fill('Trust grew after the barometer');
  // Not sure yet is the first answer: a check need not say why each side gives.
  await expect(app.id('quality-type-choice')).toHaveValue('');
  await app.id('quality-submit').click();
  await expect(app.id('quality-trend')).toContainText('One check so far');
  await expect(app.id('quality-row-note')).toHaveText('Trust grew after the barometer');
  await expect(app.id('quality-type')).toHaveCount(0);
  // Hon and Grunig tell exchange from communal relationships: a later check says which.
  await app.id('quality-type-choice').selectOption('exchange');
  await app.id('quality-submit').click();
  await expect(app.id('quality-type')).toHaveText('Exchange: giving because something is expected back.');
  await app.id('quality-type-choice').selectOption('communal');
  await app.id('quality-submit').click();
  await expect(app.id('quality-type')).toHaveText(
    'Now communal (giving out of care for each other, expecting nothing back), after exchange.');
  // The answer stays for the next check; the table says which check left it open.
  await expect(app.id('quality-type-choice')).toHaveValue('communal');
  await expect(app.id('quality-row-type')).toHaveText(['Communal', 'Exchange', 'Not sure']);
  await expect(app.id('playbook-completion')).toContainText('4 of 4 met');

  // Everything survives a reload; the path is recorded.
  await app.reload();
  await app.openSection('history');
  await expect(app.id('contact-stage')).toHaveText('Partnership');
  await expect(page.getByText('Connection → Relationship')).toBeVisible();
  await expect(page.getByText('Relationship → Partnership')).toBeVisible();
  await expect(app.id('quality-type')).toContainText('Now communal');
  await expect(app.id('quality')).toContainText('Communal');
  // With the time spent in each stage.
  const history = app.id('stage-history').locator('li');
  await expect(history.filter({ hasText: 'Connection → Relationship' })).toContainText('stayed 8 days');
  await expect(history.filter({ hasText: 'Relationship → Partnership' })).toContainText('0 days so far');
});

test('a quality check recorded by mistake is undone, and an old one deleted and put back', async ({ page }) => {
  const app = new Rapport(page);
  await app.open('#/contacts');
  await app.addContact({ name: 'Mira Ek', stakeholder: 'partner' });
  await app.rateQuality({ trust: 5, mutuality: 3, commitment: 3, satisfaction: 3 });
  await app.id('quality-submit').click();
  await expect(app.id('quality-trend')).toHaveText('One check so far: 3.5 out of 5.');
  await app.id('quality-submit').click();
  await expect(app.id('quality-delete')).toHaveCount(2);
  // The stray second tap is undone from its toast.
  await app.id('undo').click();
  await expect(app.id('quality-delete')).toHaveCount(1);
  await expect(app.id('quality-trend')).toHaveText('One check so far: 3.5 out of 5.');
  // A check deleted from the table can come back.
  await app.id('quality-delete').click();
  await expect(app.id('quality-trend')).toHaveText('Not rated yet.');
  await app.id('undo').click();
  await expect(app.id('quality-delete')).toHaveCount(1);
  await app.id('quality-delete').click();
  await app.reload();
  await expect(app.id('quality-trend')).toHaveText('Not rated yet.');
});

test('the walk after each new contact can be turned off on this device, and opened by hand', async ({ page }) => {
  const app = new Rapport(page);
  await app.open('#/contacts');
  await app.id('add-contact').click();
  await app.fillContactForm({ name: 'Ola Nordmann', stakeholder: 'journalist', stage: 'target' });
  await app.id('save-contact').click();
  await expect(app.id('walk')).toBeVisible();
  await expect(app.id('walk-after-add')).toBeChecked();
  await app.id('walk-after-add').uncheck();
  await app.id('walk-close').click();

  // The next contacts open straight on their page, even after a reload.
  await app.reload();
  await app.goContacts();
  await app.id('add-contact').click();
  await app.fillContactForm({ name: 'Kari Nordmann', stakeholder: 'creator', stage: 'connection' });
  await app.id('save-contact').click();
  await expect(app.id('contact-name')).toHaveText('Kari Nordmann');
  await expect(app.id('log-form')).toBeVisible();
  await expect(app.id('walk')).toHaveCount(0);

  // The playbook still opens it, and it can be turned back on there.
  await app.id('start-walk').click();
  await expect(app.id('walk')).toBeVisible();
  await expect(app.id('walk-after-add')).not.toBeChecked();
  await app.id('walk-after-add').check();
  await app.id('walk-close').click();
  await app.goContacts();
  await app.id('add-contact').click();
  await app.fillContactForm({ name: 'Per Hansen', stakeholder: 'journalist', stage: 'target' });
  await app.id('save-contact').click();
  await expect(app.id('walk')).toBeVisible();
});

test('an ask before any give or introduction is warned about, never blocked', async ({ page }) => {
  const app = new Rapport(page);
  await app.open('#/contacts');
  await app.addContact({ name: 'Omar Haddad', stakeholder: 'creator', stage: 'connection' });
  await expect(app.id('balance-asks')).toHaveText('0');

  await app.id('log-kind').selectOption('ask');
  const warning = app.id('ask-warning');
  await expect(warning).toBeVisible();
  await expect(warning).toContainText('Consider giving first');
  await expect(app.id('pitch-readiness')).toContainText('Pitch readiness: 20%');
  await expect(app.id('ask-balance')).toHaveText(
    'Before this ask: 0 given, 0 received, 0 asked. Nothing given yet: give first.',
  );

  // The offer to give first switches the form to a give.
  await app.id('log-give-instead').click();
  await expect(app.id('log-kind')).toHaveValue('give');
  await expect(warning).toHaveCount(0);

  // Asking anyway is allowed: the warning never blocks.
  await app.id('log-kind').selectOption('ask');
  await app.logInteraction({ kind: 'ask', summary: 'Asked for a podcast slot' });
  await expect(app.id('balance-asks')).toHaveText('1');
  await expect(app.id('balance-verdict')).toContainText('Nothing given yet');

  // A promise logged as such says what was promised and by when; left blank, it is refused.
  const form = app.id('log-form');
  await form.getByTestId('log-kind').selectOption('promise');
  await form.getByTestId('log-summary').fill('Promised a guest post');
  await form.getByTestId('log-submit').click();
  await expect(form.getByRole('alert')).toHaveText('Say what was promised, and pick the day it is due.');
  await expect(app.timelineItems()).toHaveCount(1);
});

test('a move made earlier is recorded on its own day, never later than today nor before the stage began', async ({ page }) => {
  await page.clock.setFixedTime(new Date('2026-11-02T09:00:00Z'));
  const app = new Rapport(page);
  await app.open('#/contacts');
  await app.addContact({ name: 'Rosa Later', stage: 'connection' });
  // Ten days on, the person records a move that happened on the 5th.
  await page.clock.setFixedTime(new Date('2026-11-12T09:00:00Z'));
  await app.reload();
  await app.openSection('history');
  await app.id('stage-select').selectOption('relationship');
  await app.id('stage-date').fill('2026-11-01');
  await app.id('stage-move').click();
  await expect(app.id('toast')).toContainText(
    "The move can't be dated before the contact entered its current stage (2 Nov 2026).");
  await expect(app.id('contact-stage')).toHaveText('Connection');
  await app.id('stage-date').fill('2026-11-05');
  await app.id('stage-reason').fill('Met at the summit');
  await app.id('stage-move').click();
  await expect(app.id('contact-stage')).toHaveText('Relationship');
  const history = app.id('stage-history').locator('li');
  await expect(history.filter({ hasText: 'Connection → Relationship' })).toContainText('5 Nov 2026');
  await expect(history.filter({ hasText: 'Connection → Relationship' })).toContainText('6 days so far');
  await expect(history.filter({ hasText: 'Added as Connection' })).toContainText('stayed 3 days');
  await expect(app.id('stage-date')).toHaveValue('');
});

test('a move ahead of the evidence names what is not met, and still happens', async ({ page }) => {
  const app = new Rapport(page);
  await app.open('#/contacts');
  await app.addContact({ name: 'Dmitri Moved', stage: 'relationship' });
  await app.openSection('history');
  await app.id('stage-select').selectOption('partnership');
  const warning = app.id('stage-move-warning');
  await expect(warning).toContainText('Not met yet at Relationship');
  await expect(warning).toContainText('Give first (Nothing given yet.)');
  await expect(warning).toContainText('Check their capacity and timing before proposing');
  // Back a stage is no leap ahead.
  await app.id('stage-select').selectOption('connection');
  await expect(warning).toHaveCount(0);
  await app.id('stage-select').selectOption('partnership');
  await app.id('stage-reason').fill('Signed the co-marketing deal at the fair');
  await app.id('stage-move').click();
  await expect(app.id('contact-stage')).toHaveText('Partnership');
});
