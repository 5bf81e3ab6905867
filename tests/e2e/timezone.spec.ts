// Dates on screen are the person's own calendar days, wherever they are: an interaction
// logged in the evening in New York, or in the morning in Auckland, happened on a day whose
// UTC date is another one. The other specs run in UTC, where the two always agree.
import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { Rapport } from './rapport';

test.describe('east of UTC (Auckland, UTC+13 in December)', () => {
  test.use({ timezoneId: 'Pacific/Auckland' });

  test("a morning's work and an earlier day keep their local dates, on screen and in the CSV", async ({ page }) => {
    // 08:00 on 1 December in Auckland is still 30 November in UTC.
    await page.clock.setFixedTime(new Date('2026-11-30T19:00:00Z'));
    const app = new Rapport(page);
    await app.open('#/contacts');
    await app.addContact({ name: 'Aroha Ngata', stakeholder: 'journalist' });
    await expect(app.id('stage-history')).toContainText('1 Dec 2026');

    await expect(app.id('log-form').getByTestId('log-date')).toHaveValue('2026-12-01');
    await app.logInteraction({ kind: 'conversation', summary: 'Breakfast briefing' });
    // Half an hour later, another; both are dated today at the instant they were logged.
    await page.clock.setFixedTime(new Date('2026-11-30T19:30:00Z'));
    await app.logInteraction({ kind: 'give', summary: 'Sent the briefing notes' });
    // An earlier day is recorded at its local noon: 23:00 UTC the day before.
    await app.logInteraction({ kind: 'give', summary: 'Sent the harbour study', date: '2026-11-28' });

    const briefing = app.timelineItems().filter({ hasText: 'Breakfast briefing' });
    const earlier = app.timelineItems().filter({ hasText: 'harbour study' });
    await expect(briefing).toContainText('1 Dec 2026');
    await expect(earlier).toContainText('28 Nov 2026');
    await expect(app.timelineItems().first()).toContainText('Sent the briefing notes');

    // The correction form starts from the day shown. Saved with that day, the breakfast
    // keeps its time: it stays below the notes sent half an hour later.
    await briefing.getByTestId('edit-interaction').click();
    const editor = briefing.getByTestId('interaction-editor');
    await expect(editor.getByTestId('edit-date')).toHaveValue('2026-12-01');
    await editor.getByTestId('edit-summary').fill('Breakfast briefing at the harbour');
    await editor.getByTestId('edit-save').click();
    await expect(app.id('toast')).toContainText('Interaction corrected.');
    await app.reload();
    await expect(app.timelineItems()).toHaveCount(3);
    await expect(app.timelineItems().nth(0)).toContainText('Sent the briefing notes');
    await expect(app.timelineItems().nth(1)).toContainText('Breakfast briefing at the harbour');
    await expect(app.timelineItems().nth(1)).toContainText('1 Dec 2026');
    await expect(app.timelineItems().nth(2)).toContainText('28 Nov 2026');

    // The interactions CSV dates them as the screen does.
    await app.goData();
    const [file] = await Promise.all([page.waitForEvent('download'), app.id('export-interactions-csv').click()]);
    const rows = (await readFile(await file.path(), 'utf8')).trim().split(/\r?\n/).slice(1);
    expect(rows.map((row) => row.slice(0, 10))).toEqual(['2026-11-28', '2026-12-01', '2026-12-01']);
  });
});

test.describe('west of UTC (New York, UTC-5 in December)', () => {
  test.use({ timezoneId: 'America/New_York' });

  test("an evening's call is dated that evening, not the next UTC day", async ({ page }) => {
    // 21:30 on 1 December in New York is 02:30 on 2 December in UTC.
    await page.clock.setFixedTime(new Date('2026-12-02T02:30:00Z'));
    const app = new Rapport(page);
    await app.open('#/contacts');
    await app.addContact({ name: 'Dana Whitfield', stakeholder: 'journalist' });
    await expect(app.id('stage-history')).toContainText('1 Dec 2026');
    await app.logInteraction({ kind: 'conversation', summary: 'Late call about the launch' });
    await expect(app.timelineItems().first()).toContainText('1 Dec 2026');
    await app.reload();
    await expect(app.timelineItems().first()).toContainText('1 Dec 2026');
    await expect(app.id('stage-history')).toContainText('1 Dec 2026');
  });
});

test('a day logged in Auckland is still that day after flying to Honolulu', async ({ browser }) => {
  // Auckland (UTC+13) logs 28 November, recorded at its noon: 23:00 UTC on the 27th, which
  // in Honolulu (UTC-10) is 13:00 on the 27th. The day given stays the 28th there.
  const auckland = await browser.newContext({ timezoneId: 'Pacific/Auckland' });
  const before = await auckland.newPage();
  await before.clock.setFixedTime(new Date('2026-11-30T19:00:00Z'));
  const there = new Rapport(before);
  await there.open('#/contacts');
  await there.addContact({ name: 'Aroha Ngata', stakeholder: 'journalist' });
  await there.logInteraction({ kind: 'give', summary: 'Sent the harbour study', date: '2026-11-28' });
  await expect(there.timelineItems().first()).toContainText('28 Nov 2026');
  const stored = await before.evaluate(() => JSON.stringify({ ...localStorage }));
  const contactUrl = before.url();
  await auckland.close();

  const honolulu = await browser.newContext({ timezoneId: 'Pacific/Honolulu' });
  const after = await honolulu.newPage();
  await after.clock.setFixedTime(new Date('2026-12-01T22:00:00Z'));
  await after.addInitScript((entries) => {
    if (!sessionStorage.getItem('seeded')) {
      sessionStorage.setItem('seeded', '1');
      for (const [key, value] of Object.entries(JSON.parse(entries) as Record<string, string>)) {
        localStorage.setItem(key, value);
      }
    }
  }, stored);
  const here = new Rapport(after);
  await here.open('#' + contactUrl.split('#')[1]);
  await expect(here.timelineItems().first()).toContainText('28 Nov 2026');
  // The correction form starts from that day too.
  await here.timelineItems().first().getByTestId('edit-interaction').click();
  await expect(here.timelineItems().first().getByTestId('edit-date')).toHaveValue('2026-11-28');
  await honolulu.close();
});
