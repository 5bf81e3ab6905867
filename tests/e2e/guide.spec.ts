// The method explained where it is used (issue 20, part 4): a guide reachable from the
// navigation and from "?", read from the rules themselves; a "what's this" beside each
// term that opens by keyboard and by touch; practitioners' words (pitch, coverage,
// interview, exclusive, embargo) as kinds that say what they count as; a coverage link
// kept, shown, corrected and exported.
import { expect, test } from '@playwright/test';
import { Rapport } from './rapport';

test('the guide is reachable from the navigation and from ?, and says what the rules do', async ({ page }) => {
  const app = new Rapport(page);
  await app.open('#/');
  await page.keyboard.press('?');
  await expect(app.id('help-dialog')).toBeVisible();
  await app.id('help-guide').click();
  await expect(app.id('help-dialog')).toBeHidden();
  await expect(page).toHaveURL(/#\/guide$/);
  const guide = app.id('guide');
  await expect(guide.getByTestId('guide-stage')).toHaveText(['Target', 'Connection', 'Relationship', 'Partnership']);
  // Every prompt of the playbook, with its why.
  await expect(guide.locator('[data-prompt="relationship.give_first"]')).toContainText('Reciprocity is common to all cultures');
  await expect(guide.getByTestId('guide-readiness').locator('li')).toHaveCount(5);
  await expect(guide).toContainText('each worth 20 %');
  await expect(guide.getByTestId('guide-kinds')).toContainText('It counts as something they gave you');
  await expect(guide.getByTestId('guide-words')).toContainText('Control mutuality');

  await app.id('nav-today').click();
  await app.id('nav-guide').click();
  await expect(page).toHaveURL(/#\/guide$/);
  await expect(app.id('nav-guide')).toHaveAttribute('aria-current', 'page');
});

test('a term opens its meaning with the keyboard and with a tap', async ({ page }) => {
  await page.clock.setFixedTime(new Date('2026-11-02T09:00:00Z'));
  const app = new Rapport(page);
  await app.open('#/contacts');
  await app.addContact({ name: 'Mara Lindqvist', stakeholder: 'journalist', stage: 'relationship' });
  // The pitch readiness, beside the log form's ask.
  await app.id('log-kind').selectOption('pitch');
  await expect(app.id('log-kind-meaning')).toContainText('It counts as an ask');
  const readiness = app.id('term-pitch-readiness');
  const meaning = app.id('term-pitch-readiness-meaning');
  await expect(readiness).toHaveAttribute('aria-expanded', 'false');
  await expect(meaning).toBeHidden();
  await readiness.focus();
  await page.keyboard.press('Enter');
  await expect(readiness).toHaveAttribute('aria-expanded', 'true');
  await expect(meaning).toContainText('Each is 20 %');
  await page.keyboard.press('Space');
  await expect(meaning).toBeHidden();
  // The control mutuality of the quality form, by a tap.
  await app.openSection('quality');
  const mutuality = app.id('quality').getByRole('button', { name: 'What is Control mutuality?' });
  await mutuality.click();
  await expect(app.id('quality').getByTestId('term-control-mutuality-meaning')).toContainText('both must accept it');
  // The stage and its phase, beside the playbook.
  await app.openSection('playbook');
  await app.id('term-stage').click();
  await expect(app.id('term-stage-meaning')).toContainText('Time and energy invested both ways');
  await expect(app.id('playbook').getByTestId('term-phase')).toHaveCount(1);
});

test('coverage is logged with its link, counts as received, and is corrected in place', async ({ page }) => {
  let minutes = 0;
  const aMinuteLater = () =>
    page.clock.setFixedTime(new Date(Date.parse('2026-11-02T09:00:00Z') + ++minutes * 60_000));
  await page.clock.setFixedTime(new Date('2026-11-02T09:00:00Z'));
  const app = new Rapport(page);
  await app.open('#/contacts');
  await app.addContact({ name: 'Tomás Ruiz', stakeholder: 'journalist', stage: 'relationship' });

  await aMinuteLater();
  await app.id('log-kind').selectOption('exclusive');
  await app.logInteraction({ kind: 'exclusive', summary: 'Offered the plant tour first' });
  await expect(app.id('balance-gives')).toHaveText('1');
  await aMinuteLater();
  await app.id('log-link').fill('https://paper.example/plant-tour');
  await app.logInteraction({ kind: 'coverage', direction: 'inbound', summary: 'Feature on the plant tour' });
  await expect(app.id('balance-received')).toHaveText('1');
  const item = app.timelineItems().filter({ hasText: 'Feature on the plant tour' });
  await expect(item.getByTestId('timeline-kind')).toHaveText('Coverage');
  await expect(item).toContainText('counts as: Received');
  await expect(item.getByRole('link', { name: 'https://paper.example/plant-tour' })).toHaveAttribute(
    'href',
    'https://paper.example/plant-tour',
  );

  // Corrected: the same entry, a new link; a script address stays text.
  await item.getByTestId('edit-interaction').click();
  await expect(app.id('edit-link')).toHaveValue('https://paper.example/plant-tour');
  await app.id('edit-link').fill('javascript:alert(1)');
  await app.id('edit-save').click();
  await expect(app.timelineItems()).toHaveCount(2);
  await expect(item.getByTestId('timeline-link')).toContainText('javascript:alert(1)');
  await expect(item.getByTestId('timeline-link').getByRole('link')).toHaveCount(0);
  await item.getByTestId('edit-interaction').click();
  await app.id('edit-link').fill('https://paper.example/plant-tour-2');
  await app.id('edit-save').click();
  await app.reload();
  await expect(app.timelineItems()).toHaveCount(2);
  await expect(
    app.timelineItems().filter({ hasText: 'Feature on the plant tour' }).getByRole('link'),
  ).toHaveAttribute('href', 'https://paper.example/plant-tour-2');

  // The export keeps the kind and the link.
  await app.goData();
  const download = page.waitForEvent('download');
  await app.id('export-json').click();
  const text = await (await download).createReadStream().then(
    (stream) =>
      new Promise<string>((resolve) => {
        let all = '';
        stream.on('data', (chunk) => (all += chunk));
        stream.on('end', () => resolve(all));
      }),
  );
  expect(text).toContain('"kind":"coverage"');
  expect(text).toContain('"link":"https://paper.example/plant-tour-2"');
});
