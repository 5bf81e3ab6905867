// The cold pitch (issue 20, part 1): a new target pitched before anything else, then given
// something, then answering. The playbook must never contradict itself on the way: the
// pitch introduces no one, gives nothing, keeps no one in touch and readies nothing; an
// introduction or a give after it is the way back, with no second ask needed; no move is
// proposed while more was asked than given and received.
import { expect, test, type Page } from '@playwright/test';
import { Rapport } from './rapport';

const prompt = (page: Page, key: string) => page.locator(`[data-testid="prompt"][data-prompt="${key}"]`);

async function expectMet(page: Page, key: string, met: boolean) {
  await expect(prompt(page, key)).toHaveAttribute('data-met', String(met));
}

/** Chooses "Ask" in the log form and reads the pitch readiness it shows. */
async function expectReadiness(app: Rapport, percent: number) {
  await app.id('log-kind').selectOption('ask');
  await expect(app.id('pitch-readiness')).toContainText(`Pitch readiness: ${percent}%`);
}

test('a cold pitch first, then the way back', async ({ page }) => {
  // Each log a minute after the one before, on the same day, as a person logs them: the
  // order of the day's interactions is the order they were logged in.
  let minutes = 0;
  const aMinuteLater = () =>
    page.clock.setFixedTime(new Date(Date.parse('2026-11-02T09:00:00Z') + ++minutes * 60_000));
  await page.clock.setFixedTime(new Date('2026-11-02T09:00:00Z'));
  const app = new Rapport(page);
  await app.open('#/contacts');
  await app.addContact({
    name: 'Jonas Weber',
    stakeholder: 'journalist',
    stage: 'target',
    interests: 'energy storage',
  });

  // Researched, nothing else: 40 %.
  await expectReadiness(app, 40);
  await expect(app.id('ask-warning')).toBeVisible();

  // The pitch, before anything else.
  await app.id('pitch-angle').fill('Home batteries outsell heat pumps');
  await aMinuteLater();
  await app.logInteraction({ kind: 'ask', summary: 'Pitched the battery numbers' });
  // It readied nothing, not even itself: still 40 %, and still a cold ask.
  await expectReadiness(app, 40);
  await expect(app.id('ask-warning')).toBeVisible();
  // A pitch is an approach: the target is not told it was never approached.
  await expect(app.id('in-touch')).not.toContainText('until approached');
  await expect(app.id('in-touch')).toContainText('an ask is not keeping in touch');
  await expect(app.id('proposed-move')).toHaveCount(0);

  // The way back: give before the next ask.
  await aMinuteLater();
  await app.logInteraction({ kind: 'give', summary: 'Sent the installer survey' });
  await expectReadiness(app, 80);
  await expect(app.id('ask-warning')).toHaveCount(0);
  await aMinuteLater();
  await app.logInteraction({ kind: 'conversation', direction: 'inbound', summary: 'He asked for the raw data' });
  await expect(app.id('proposed-move')).toContainText('Connection');
  await app.id('accept-move').click();
  await expect(app.id('contact-stage')).toHaveText('Connection');

  // The conversation introduced him, after the cold pitch; the verdict says both.
  await expectMet(page, 'connection.introduce', true);
  await expect(prompt(page, 'connection.introduce')).toContainText(
    'Your first ask, on 2 November, came before any introduction or conversation; a conversation on 2 November came after it',
  );
  await expect(prompt(page, 'connection.introduce')).toContainText('After a cold pitch, the way back');
  await expectMet(page, 'connection.two_way', true);
  // With the media, engaging means with what they publish.
  await expectMet(page, 'connection.engage', false);
  await expect(app.id('proposed-move')).toHaveCount(0);
  await aMinuteLater();
  await app.logInteraction({ kind: 'surface_engagement', summary: 'Shared his grid piece' });
  await expectMet(page, 'connection.engage', true);
  await expect(app.id('proposed-move')).toContainText('Relationship');

  // An introduction changes nothing that was met.
  await aMinuteLater();
  await app.logInteraction({ kind: 'introduction', summary: 'Introduced myself properly' });
  await expectMet(page, 'connection.introduce', true);

  // A second ask meets nothing, and tips the balance: the move waits, and says why.
  await aMinuteLater();
  await app.logInteraction({ kind: 'ask', summary: 'Asked for a comment' });
  await expectMet(page, 'connection.introduce', true);
  await expect(app.id('balance-verdict')).toHaveText('You asked more than you gave and received.');
  await expect(app.id('proposed-move')).toHaveCount(0);
  await expect(app.id('move-held-back')).toContainText('2 asked, 1 given, 0 received');

  // Giving again evens it: the move is proposed.
  await aMinuteLater();
  await app.logInteraction({ kind: 'give', summary: 'Sent the regional breakdown' });
  await expect(app.id('move-held-back')).toHaveCount(0);
  await expect(app.id('proposed-move')).toContainText('Relationship');
  await app.id('accept-move').click();
  await expect(app.id('contact-stage')).toHaveText('Relationship');

  // Give first is met, and says the pitch came first.
  await expectMet(page, 'relationship.give_first', true);
  await expect(prompt(page, 'relationship.give_first')).toContainText(
    'Your first ask, on 2 November, came before any give; a give on 2 November came after it',
  );
  await expectMet(page, 'relationship.balance', true);
  await expectReadiness(app, 100);
});
