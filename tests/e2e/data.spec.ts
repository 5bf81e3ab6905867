// The person's data is theirs: export it as one readable file, carry it to another browser
// profile, and never lose anything to a bad file.
import { readFile } from 'node:fs/promises';
import { expect, test, type Download, type Page } from '@playwright/test';
import { GHOST_ID, Rapport, type LedgerCounts } from './rapport';

// A fixed "today", so the export's file name is known.
const TODAY = '2026-03-14';
const NOW = new Date(`${TODAY}T12:00:00Z`);

interface ExportDoc {
  schema_version: number;
  exported_at: unknown;
  contacts: Array<Record<string, unknown>>;
  interactions: Array<Record<string, unknown>>;
  promises: Array<Record<string, unknown>>;
}

async function exportLedger(app: Rapport): Promise<{ download: Download; text: string; doc: ExportDoc }> {
  const [download] = await Promise.all([
    app.page.waitForEvent('download'),
    app.id('export-json').click(),
  ]);
  const path = await download.path();
  const text = await readFile(path, 'utf8');
  return { download, text, doc: JSON.parse(text) as ExportDoc };
}

async function contactNames(app: Rapport): Promise<string[]> {
  await app.goContacts();
  await expect(app.rows().first()).toBeVisible();
  const names = await app.rows().locator('.contact-name').allInnerTexts();
  return names.map((name) => name.trim()).sort();
}

async function startWithDemo(page: Page): Promise<{ app: Rapport; counts: LedgerCounts }> {
  await page.clock.setFixedTime(NOW);
  const app = new Rapport(page);
  await app.open('#/data');
  await app.loadDemo();
  await expect(page.getByText(/^[1-9]\d* contacts, \d+ interactions/)).toBeVisible();
  const counts = await app.ledgerCounts();
  return { app, counts };
}

/** The export with one interaction pointing at a contact that does not exist. */
function withDanglingReference(doc: ExportDoc): ExportDoc {
  const copy = structuredClone(doc);
  const contactIds = new Set(copy.contacts.map((contact) => contact.id));
  const interaction = copy.interactions[0];
  const key = Object.keys(interaction).find(
    (field) => field !== 'id' && typeof interaction[field] === 'string' && contactIds.has(interaction[field]),
  );
  if (!key) {
    throw new Error(`spec needs updating: no contact reference found in ${JSON.stringify(interaction).slice(0, 400)}`);
  }
  expect(contactIds.has(GHOST_ID)).toBe(false);
  interaction[key] = GHOST_ID;
  return copy;
}

test.describe('data', () => {
  test('export the demo ledger, then import it into a fresh browser profile', async ({ page, browser, baseURL }) => {
    const { app, counts } = await startWithDemo(page);
    expect(counts.contacts).toBeGreaterThanOrEqual(30);
    expect(counts.contacts).toBeLessThanOrEqual(60);
    expect(counts.interactions).toBeGreaterThan(0);
    await expect(app.id('storage-usage')).toContainText('%');

    const { download, doc } = await exportLedger(app);
    expect(download.suggestedFilename()).toMatch(/^rapport-\d{4}-\d{2}-\d{2}\.json$/);
    expect(download.suggestedFilename()).toBe(`rapport-${TODAY}.json`);
    expect(doc.schema_version).toBe(9);
    expect(doc.exported_at).toBeTruthy();
    expect(doc.contacts).toHaveLength(counts.contacts);
    expect(doc.interactions).toHaveLength(counts.interactions);
    expect(doc.promises).toHaveLength(counts.promises);
    const names = await contactNames(app);
    expect(names).toHaveLength(counts.contacts);

    // A brand-new profile: its own, empty localStorage.
    const fresh = await browser.newContext({ baseURL, acceptDownloads: true, locale: 'en-US', timezoneId: 'UTC' });
    try {
      const other = await fresh.newPage();
      await other.clock.setFixedTime(NOW);
      const second = new Rapport(other);
      await second.open('#/contacts');
      await expect(second.id('empty-state')).toBeVisible();

      await second.goData();
      await second.id('import-file').setInputFiles(await download.path());
      await expect(second.id('import-success')).toBeVisible();
      await expect(second.id('import-error')).toHaveCount(0);
      expect(await second.ledgerCounts()).toEqual(counts);
      expect(await contactNames(second)).toEqual(names);

      await second.reload();
      expect(await contactNames(second)).toEqual(names);
      await second.goData();
      expect(await second.ledgerCounts()).toEqual(counts);

      // Export -> import -> export gives back the same records.
      const again = await exportLedger(second);
      expect(again.doc.schema_version).toBe(9);
      expect(again.doc.contacts).toEqual(doc.contacts);
      expect(again.doc.interactions).toEqual(doc.interactions);
      expect(again.doc.promises).toEqual(doc.promises);
    } finally {
      await fresh.close();
    }
  });

  test('importing over a ledger that is not empty asks first', async ({ page }) => {
    const { app, counts } = await startWithDemo(page);
    const { text } = await exportLedger(app);
    const names = await contactNames(app);

    await app.addContact({ name: 'Someone Added Later', stakeholder: 'analyst' });
    await app.goData();
    await app.importFile('backup.json', text);
    await expect(app.id('import-confirm')).toBeVisible();
    // Nothing is replaced before the person confirms.
    expect((await app.ledgerCounts()).contacts).toBe(counts.contacts + 1);
    await app.id('import-confirm').click();
    await expect(app.id('replace-impact')).toContainText('1 contact in your ledger is not in the file and will be removed.');
    await app.id('replace-confirm').click();
    await expect(app.id('import-success')).toBeVisible();
    expect(await app.ledgerCounts()).toEqual(counts);

    await app.reload();
    expect(await contactNames(app)).toEqual(names);
  });

  test('a malformed import is rejected and changes nothing', async ({ page }) => {
    const { app, counts } = await startWithDemo(page);
    const { doc } = await exportLedger(app);
    const names = await contactNames(app);
    await app.goData();

    const rejects = async (name: string, content: string) => {
      await app.importFile(name, content);
      const error = app.id('import-error');
      await expect(error, `${name} should be rejected`).toBeVisible();
      await expect(error).toHaveAttribute('role', 'alert');
      expect((await error.innerText()).trim().length).toBeGreaterThan(0);
      await expect(app.id('import-confirm')).toHaveCount(0);
      await expect(app.id('import-success')).toHaveCount(0);
      expect(await app.ledgerCounts()).toEqual(counts);
    };

    await rejects('broken.json', '{"schema_version": 1, "contacts": [ {"id": ');
    await rejects('not-json.json', 'name,email\nDana,dana@example.org\n');
    await rejects('dangling.json', JSON.stringify(withDanglingReference(doc), null, 2));
    await rejects('from-the-future.json', JSON.stringify({ ...doc, schema_version: 999 }));

    // Still the same after a reload: nothing reached storage.
    await app.reload();
    await app.goData();
    expect(await app.ledgerCounts()).toEqual(counts);
    expect(await contactNames(app)).toEqual(names);
  });

  test('a demo ledger that cannot be saved says it is only in this tab', async ({ page }) => {
    const app = new Rapport(page);
    await app.open('#/data');
    // Another app of the origin has taken all the room there is.
    await page.evaluate(() => {
      let size = 1 << 20;
      let at = 0;
      while (size >= 1) {
        try {
          localStorage.setItem(`another-app.${at}`, 'x'.repeat(size));
          at += 1;
        } catch {
          size = Math.floor(size / 2);
        }
      }
    });
    await app.loadDemo();
    const toast = app.id('toast');
    await expect(toast).toContainText(
      'The demo ledger is only in this tab: it could not be saved, so it is gone when the tab closes.',
    );
    await expect(toast).not.toContainText('Demo ledger loaded');
    await expect(app.id('storage-error')).toBeVisible();
  });

  test('a download keeps its file for a minute, so the browser can save it', async ({ page }) => {
    await page.clock.install({ time: NOW });
    await page.addInitScript(() => {
      const urls = window as unknown as { created: string[]; revoked: string[] };
      urls.created = [];
      urls.revoked = [];
      const create = URL.createObjectURL.bind(URL);
      const revoke = URL.revokeObjectURL.bind(URL);
      URL.createObjectURL = (object: Blob | MediaSource) => {
        const url = create(object);
        urls.created.push(url);
        return url;
      };
      URL.revokeObjectURL = (url: string) => {
        urls.revoked.push(url);
        revoke(url);
      };
    });
    const urls = () =>
      page.evaluate(() => {
        const { created, revoked } = window as unknown as { created: string[]; revoked: string[] };
        return { created: [...created], revoked: [...revoked] };
      });
    const app = new Rapport(page);
    await app.open('#/data');
    await app.loadDemo();
    await expect(app.id('toast')).toContainText('Demo ledger loaded');
    const { created: before } = await urls();
    await exportLedger(app);
    // Firefox and Safari read the file after the click returns: revoking its address at
    // once cancels the download there.
    const { created, revoked } = await urls();
    expect(created.length).toBe(before.length + 1);
    const url = created[created.length - 1];
    expect(revoked).not.toContain(url);
    await page.clock.runFor(30_000);
    expect((await urls()).revoked).not.toContain(url);
    // A minute later it is freed.
    await page.clock.runFor(31_000);
    expect((await urls()).revoked).toContain(url);
  });

  test('everything Rapport keeps on this device is erased, once the person types the word', async ({ page }) => {
    const { app } = await startWithDemo(page);
    await app.id('theme-toggle').click();
    await page.evaluate(() => localStorage.setItem('another-app', 'keep me'));
    const ours = () =>
      page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('rapport')).length);
    const drafts = () =>
      page.evaluate(() => Object.keys(sessionStorage).filter((key) => key.startsWith('rapport.draft.')).length);
    expect(await ours()).toBeGreaterThan(2);
    // A half-typed log is kept as a draft in the tab.
    await app.goContacts();
    await app.rows().first().click();
    await app.id('log-form').getByTestId('log-summary').fill('Half-typed note about the launch');
    await expect.poll(drafts).toBe(1);
    await app.goData();

    const section = app.id('erase-everything');
    await section.getByTestId('erase-start').click();
    await expect(section.getByTestId('erase-word')).toBeFocused();
    await expect(section.getByTestId('erase-confirm')).toBeDisabled();
    await section.getByTestId('erase-word').fill('eras');
    await expect(section.getByTestId('erase-confirm')).toBeDisabled();
    // Cancel leaves everything as it was.
    await section.getByRole('button', { name: 'Cancel' }).click();
    await expect(section.getByTestId('erase-word')).toHaveCount(0);
    expect(await ours()).toBeGreaterThan(2);

    await section.getByTestId('erase-start').click();
    await section.getByTestId('erase-word').fill('erase');
    await section.getByTestId('erase-confirm').click();
    // The page starts again, empty: no ledger, no theme, nothing of Rapport in storage but
    // the time of the erase, which tells other open tabs to show the empty ledger too.
    await app.open('#/');
    await expect(app.id('today')).toContainText('Welcome to Rapport');
    expect(
      await page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('rapport'))),
    ).toEqual(['rapport.erased']);
    expect(await drafts()).toBe(0);
    expect(await page.evaluate(() => localStorage.getItem('another-app'))).toBe('keep me');
    expect(await page.evaluate(() => document.documentElement.dataset.theme ?? null)).toBeNull();
    await app.goData();
    expect(await app.ledgerCounts()).toEqual({ contacts: 0, interactions: 0, promises: 0 });
  });
});
