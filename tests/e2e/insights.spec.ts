// Insights (issue 4, section 5): a small ledger whose every figure is known is imported,
// and the numbers behind each chart (its hidden data table) must match it. Time is fixed
// with Playwright's clock, so "the last 12 months" and "overdue" are known too.
import { expect, test, type Locator } from '@playwright/test';
import { Rapport } from './rapport';

const NOW = new Date('2026-03-14T12:00:00Z');

/** A valid, distinct ULID per number. */
const ulid = (n: number) => `01J${String(n).padStart(23, '0')}`;
const at = (day: string) => `${day}T12:00:00.000Z`;

type StageKey = 'target' | 'connection' | 'relationship' | 'partnership';

function contact(n: number, name: string, stakeholder: string, moves: Array<[StageKey, string]>) {
  const emptyPlan = { text: '', updated_at: null };
  const created = at(moves[0][1]);
  return {
    id: ulid(n),
    profile: {
      name,
      kind: 'person',
      organization: null,
      role: '',
      stakeholder,
      interests: [],
      channels: { emails: [], phones: [], website: '', social: [] },
      tags: [],
      notes: '',
      cadence_days: null,
    },
    journey: {
      history: moves.map(([to, day], index) => ({
        at: at(day),
        from: index === 0 ? null : moves[index - 1][0],
        to,
        reason: '',
      })),
    },
    plan: { purpose: emptyPlan, partnership_idea: emptyPlan, agreement: emptyPlan, capacity: emptyPlan },
    quality_checks: [],
    ticks: [],
    created_at: created,
    updated_at: at(moves[moves.length - 1][1]),
  };
}

function interaction(n: number, who: number, kind: string, day: string, direction = 'outbound') {
  return {
    id: ulid(n),
    contact: ulid(who),
    details: { at: at(day), channel: 'email', kind, direction, summary: `${kind} on ${day}`, learned: '', pitch: null },
    created_at: at(day),
    updated_at: at(day),
  };
}

function promise(n: number, who: number, owedBy: 'me' | 'them', due: string, status: 'open' | 'kept' | 'missed') {
  return {
    id: ulid(n),
    contact: ulid(who),
    interaction: null,
    what: `promise ${n}`,
    owed_by: owedBy,
    due,
    status,
    resolved_at: status === 'open' ? null : at('2026-03-01'),
    created_at: at('2026-01-01'),
    updated_at: at('2026-03-01'),
  };
}

// Ada went all the way (30 days from Connection to Relationship, 60 more to Partnership);
// Ben took 20 days to a relationship; Cleo is a connection; Dev a target.
const LEDGER = {
  format: 'rapport',
  schema_version: 1,
  exported_at: at('2026-03-14'),
  contacts: [
    contact(1, 'Ada Okafor', 'journalist', [
      ['target', '2025-10-01'],
      ['connection', '2025-10-11'],
      ['relationship', '2025-11-10'],
      ['partnership', '2026-01-09'],
    ]),
    contact(2, 'Ben Lindqvist', 'customer', [
      ['connection', '2025-12-01'],
      ['relationship', '2025-12-21'],
    ]),
    contact(3, 'Cleo Marchetti', 'creator', [['connection', '2026-01-05']]),
    contact(4, 'Dev Raman', 'investor', [['target', '2026-02-01']]),
  ],
  interactions: [
    interaction(11, 1, 'give', '2026-03-02'),
    interaction(12, 1, 'ask', '2026-03-05'),
    interaction(13, 1, 'received', '2026-02-10', 'inbound'),
    interaction(14, 2, 'give', '2026-01-15'),
    interaction(15, 2, 'conversation', '2026-03-01', 'inbound'),
    interaction(16, 3, 'broadcast', '2026-02-20'),
    interaction(17, 4, 'surface_engagement', '2026-03-10'),
    // Thirteen months back: in the dialogue count, outside the monthly chart.
    interaction(18, 1, 'ask', '2025-02-01'),
  ],
  promises: [
    promise(21, 1, 'me', '2026-03-01', 'kept'),
    promise(22, 2, 'me', '2026-02-01', 'missed'),
    promise(23, 3, 'me', '2026-03-10', 'open'), // overdue on 14 March
    promise(24, 2, 'them', '2026-04-01', 'open'),
  ],
};

/** A table's rows (header row first) as trimmed cell texts. */
async function cells(table: Locator): Promise<string[][]> {
  return table.evaluate((element) =>
    Array.from((element as HTMLTableElement).rows).map((row) =>
      Array.from(row.cells).map((cell) => (cell.textContent ?? '').trim()),
    ),
  );
}

test.describe('insights', () => {
  test.beforeEach(async ({ page }) => {
    await page.clock.setFixedTime(NOW);
  });

  test('an empty ledger shows the empty state', async ({ page }) => {
    const app = new Rapport(page);
    await app.open('#/insights');
    await expect(app.id('insights')).toBeVisible();
    await expect(app.id('insights-empty')).toBeVisible();
    await expect(app.id('chart-funnel')).toHaveCount(0);
  });

  test('every chart shows the numbers of a known ledger', async ({ page }) => {
    const app = new Rapport(page);
    await app.open('#/data');
    await app.importFile('known.json', JSON.stringify(LEDGER));
    await expect(app.id('import-success')).toBeVisible();
    expect(await app.ledgerCounts()).toEqual({ contacts: 4, interactions: 8, promises: 4 });

    await app.id('nav-insights').click();
    await expect(app.id('insights')).toBeVisible();
    await expect(app.id('insights-empty')).toHaveCount(0);

    // Each chart is an image with a name, a title, and a table of its numbers.
    for (const chart of ['chart-funnel', 'chart-mix', 'chart-reciprocity', 'chart-dialogue', 'chart-promises']) {
      const card = app.id(chart);
      await expect(card).toBeVisible();
      await expect(card.locator('h2')).not.toBeEmpty();
      await expect(app.id(`${chart}-takeaway`)).not.toBeEmpty();
      const svg = card.locator('svg[role="img"].chart-svg');
      await expect(svg).toHaveCount(1);
      await expect(svg).toHaveAttribute('aria-label', /\w+/);
      await expect(svg.locator('title')).not.toBeEmpty();
      await expect(app.id(`${chart}-table`)).toHaveClass(/visually-hidden/);
    }

    // Stage funnel: now at each stage, ever reached, conversion from the stage before.
    expect(await cells(app.id('chart-funnel-table'))).toEqual([
      ['Stage', 'Now at stage', 'Reached it or further', 'Conversion from previous stage'],
      ['Target', '1', '4', '–'],
      ['Connection', '1', '3', '75%'],
      ['Relationship', '1', '2', '67%'],
      ['Partnership', '1', '1', '50%'],
    ]);
    await expect(app.id('chart-funnel-takeaway')).toHaveText(
      '2 of 3 connections reached Relationship; median 25 days. 1 of 2 relationships reached Partnership.',
    );
    await expect(app.id('median-to-relationship')).toHaveText('25 days (over 2 contacts)');
    await expect(app.id('median-to-partnership')).toHaveText('60 days (over 1 contact)');

    // Stakeholder mix: types present, then the media and everyone, then the media's share.
    expect(await cells(app.id('chart-mix-table'))).toEqual([
      ['Stakeholder type', 'Target', 'Connection', 'Relationship', 'Partnership', 'Total'],
      ['Journalist', '0', '0', '0', '1', '1'],
      ['Blogger / creator', '0', '1', '0', '0', '1'],
      ['Customer', '0', '0', '1', '0', '1'],
      ['Investor', '1', '0', '0', '0', '1'],
      ['Media', '0', '1', '0', '1', '2'],
      ['All contacts', '1', '1', '1', '1', '4'],
      ['Media share', '0%', '100%', '0%', '100%', '50%'],
    ]);
    await expect(app.id('chart-mix-takeaway')).toHaveText('50% media, 50% other publics, across 4 stakeholder types.');

    // Given, received, asked: twelve months from April 2025 to March 2026, zero-filled.
    const months = await cells(app.id('chart-reciprocity-table'));
    expect(months[0]).toEqual(['Month', 'Given', 'Received', 'Asked']);
    expect(months).toHaveLength(1 + 12 + 1);
    expect(months[1]).toEqual(['Apr 2025', '0', '0', '0']);
    expect(months.slice(10, 13)).toEqual([
      ['Jan 2026', '1', '0', '0'],
      ['Feb 2026', '0', '1', '0'],
      ['Mar 2026', '1', '0', '1'],
    ]);
    for (const row of months.slice(1, 10)) expect(row.slice(1)).toEqual(['0', '0', '0']);
    expect(months[13]).toEqual(['All 12 months', '2', '1', '1']);
    await expect(app.id('chart-reciprocity-takeaway')).toHaveText(
      'Last 12 months: 2 given, 1 received, 1 asked. Healthy: you gave, and what you gave and received covers what you asked.',
    );
    // One column per month and series with a value: 4 non-zero values.
    await expect(app.id('chart-reciprocity').locator('svg.chart-svg rect.series')).toHaveCount(4);

    // Dialogue versus broadcast, over every interaction.
    expect(await cells(app.id('chart-dialogue-table'))).toEqual([
      ['Kind', 'Interactions'],
      ['One-to-one dialogue', '6'],
      ['Of which they started', '2'],
      ['Broadcast', '1'],
      ['Surface engagement', '1'],
      ['All interactions', '8'],
    ]);
    await expect(app.id('chart-dialogue-takeaway')).toHaveText(
      'Of dialogue and broadcast, 86% is one-to-one: 6 dialogues against 1 broadcast; they started 2 of the dialogues. Surface engagement (1) is left out of that share; the bars count it.',
    );

    // Promises, mine and theirs.
    expect(await cells(app.id('chart-promises-table'))).toEqual([
      ['Status', 'Mine', 'Theirs', 'All'],
      ['Kept', '1', '0', '1'],
      ['Missed', '1', '0', '1'],
      ['Open', '0', '1', '1'],
      ['Overdue', '1', '0', '1'],
      ['Of those kept, late', '0', '0', '0'],
      ['Kept of resolved', '50%', '–', '50%'],
    ]);
    await expect(app.id('chart-promises-takeaway')).toHaveText(
      'You kept 1 of your 2 resolved promises (50%). 1 of yours is overdue.',
    );
    // Direct labels: each bar carries its number in text, not only its length and colour.
    await expect(app.id('chart-promises').locator('text.chart-note')).toHaveText(['1', '1', '1', '1']);
  });

  test('the charts follow the ledger as it changes', async ({ page }) => {
    const app = new Rapport(page);
    await app.open('#/data');
    await app.importFile('known.json', JSON.stringify(LEDGER));
    await expect(app.id('import-success')).toBeVisible();

    // Log one more give with Cleo today, then come back to the insights.
    await app.goContacts();
    await app.openContact('Cleo Marchetti');
    await app.logInteraction({ kind: 'give', summary: 'Sent her the benchmark data', date: '2026-03-14' });
    await app.id('nav-insights').click();
    const months = await cells(app.id('chart-reciprocity-table'));
    expect(months[12]).toEqual(['Mar 2026', '2', '0', '1']);
    expect(months[13]).toEqual(['All 12 months', '3', '1', '1']);
    await expect(app.id('chart-dialogue-table').locator('tr', { hasText: 'One-to-one dialogue' })).toContainText('7');

    // Relationship quality: none rated, then Ada's partnership rated and found communal.
    await expect(app.id('quality-overview-takeaway')).toHaveText(/^No relationship rated yet\./);
    await app.goContacts();
    await app.openContact('Ada Okafor');
    await app.rateQuality({ trust: 5, mutuality: 3, commitment: 3, satisfaction: 3 });
    await app.id('quality-type-choice').selectOption('communal');
    await app.id('quality-submit').click();
    await expect(app.id('quality-type')).toHaveText(
      'Communal: giving out of care for each other, expecting nothing back.');
    await app.id('nav-insights').click();
    await expect(app.id('quality-overview-takeaway')).toHaveText(
      '1 contact rated: 3.5 out of 5 on average at their latest check.');
    await expect(app.id('quality-overview-types')).toHaveText('1 communal, 0 exchange');
    await expect(app.id('quality-declining')).toHaveCount(0);
    // A lower second check names Ada as declining, a link to her page.
    await app.goContacts();
    await app.openContact('Ada Okafor');
    // The form starts unrated again: every dimension is chosen anew.
    await app.rateQuality({ trust: 2, mutuality: 3, commitment: 3, satisfaction: 3 });
    await app.id('quality-submit').click();
    await expect(app.id('quality-trend')).toHaveText('Declining: 3.5 → 2.8 out of 5.');
    await app.id('nav-insights').click();
    await expect(app.id('quality-overview-takeaway')).toHaveText(
      '1 contact rated: 2.8 out of 5 on average at their latest check. 1 is declining since the check before.');
    await app.id('quality-declining').getByRole('link', { name: 'Ada Okafor' }).click();
    await expect(app.id('contact-name')).toHaveText('Ada Okafor');
    await app.id('nav-insights').click();

    // Cleo's promise, due on 10 March, kept on the 14th: kept, and counted as late.
    await app.id('nav-today').click();
    await app.id('today-overdue').getByTestId('today-kept').click();
    await app.id('nav-insights').click();
    await expect(app.id('chart-promises-takeaway')).toHaveText(
      'You kept 2 of your 3 resolved promises (67%), 1 of them late.');
    await app.goContacts();
    await app.openContact('Cleo Marchetti');
    await expect(app.id('kept-ratio')).toHaveText('You kept 1 of 1 (100%), 1 late.');
    await expect(app.id('promise-when')).toContainText('due 10 Mar 2026 · kept 14 Mar 2026, late');
  });
});
