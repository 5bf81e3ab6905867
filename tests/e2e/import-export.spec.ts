// Data in and out (issue 5, sections 1 to 3): a laptop and a phone exchange exports and
// merge them; replacing downloads a backup first; contacts come in from LinkedIn's CSV and
// from vCard 3.0, with duplicates shown and skipped; CSV, vCard and calendar exports.
import { readFile, truncate, writeFile } from 'node:fs/promises';
import { expect, test, type Page, type Worker as PageWorker } from '@playwright/test';
import { Rapport } from './rapport';

async function download(page: Page, testId: string): Promise<{ name: string; text: string }> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  return { name: file.suggestedFilename(), text: await readFile(await file.path(), 'utf8') };
}

async function importJson(app: Rapport, name: string, text: string): Promise<void> {
  await app.goData();
  await app.importFile(name, text);
}

test('laptop and phone merge their exports without losing or doubling anything', async ({ browser }) => {
  const laptop = new Rapport(await (await browser.newContext()).newPage());
  await laptop.open('#/contacts');
  await laptop.loadDemo();
  await laptop.goData();
  const first = await download(laptop.page, 'export-json');

  // The phone starts from the laptop's export (an empty ledger imports at once).
  const phone = new Rapport(await (await browser.newContext()).newPage());
  await phone.open('#/data');
  await phone.importFile(first.name, first.text);
  await expect(phone.id('import-success')).toContainText('Imported 40 contacts');

  await phone.goContacts();
  await phone.addContact({ name: 'Met On The Train', stakeholder: 'creator' });
  await laptop.goContacts();
  await laptop.addContact({ name: 'Met At The Desk', stakeholder: 'journalist' });

  await phone.goData();
  const fromPhone = await download(phone.page, 'export-json');
  await importJson(laptop, fromPhone.name, fromPhone.text);
  const preview = laptop.id('merge-preview');
  await expect(preview).toBeVisible();
  await expect(preview.locator('tr', { hasText: 'Contacts' })).toContainText('1');
  await laptop.id('import-merge').click();
  await expect(laptop.id('import-success')).toContainText('42 contacts');
  await laptop.goContacts();
  await expect(laptop.row('Met On The Train')).toHaveCount(1);
  await expect(laptop.row('Met At The Desk')).toHaveCount(1);

  // Merging the same file again changes nothing.
  await importJson(laptop, fromPhone.name, fromPhone.text);
  await laptop.id('import-merge').click();
  await expect(laptop.id('import-success')).toContainText('42 contacts');
});

test('replacing the ledger downloads a backup first', async ({ page }) => {
  const app = new Rapport(page);
  await app.open('#/contacts');
  await app.addContact({ name: 'Kept In The Backup', stakeholder: 'journalist' });
  await app.goData();
  const other = JSON.stringify({ format: 'rapport', schema_version: 2, contacts: [], interactions: [], promises: [] });
  await app.importFile('empty.json', other);
  await app.id('import-confirm').click();
  const backup = download(page, 'replace-confirm');
  const { name, text } = await backup;
  expect(name).toMatch(/^rapport-before-replace-\d{4}-\d{2}-\d{2}\.json$/);
  expect(text).toContain('Kept In The Backup');
  await expect(app.id('import-success')).toContainText('Imported 0 contacts');
});

test('replacing the ledger with the demo downloads a backup first', async ({ page }) => {
  const app = new Rapport(page);
  await app.open('#/contacts');
  await app.addContact({ name: 'Real Person', stakeholder: 'journalist' });
  await app.goData();
  await app.id('load-demo').click();
  await expect(page.getByRole('alertdialog')).toContainText('Replace your 1 contact with the demo ledger? A backup of your ledger downloads first.');
  // Escape goes back, as every confirmation's way back does, and the ledger stays.
  await app.id('demo-confirm').focus();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('alertdialog')).toHaveCount(0);
  await app.id('load-demo').click();
  const { name, text } = await download(page, 'demo-confirm');
  expect(name).toMatch(/^rapport-before-replace-\d{4}-\d{2}-\d{2}\.json$/);
  expect(text).toContain('Real Person');
  await expect(app.id('toast')).toContainText('Demo ledger loaded');
  await app.goContacts();
  await expect(app.id('contact-count')).toHaveText('40 contacts');
});

test('LinkedIn connections come in through the mapping step, linked to their companies', async ({ page }) => {
  const app = new Rapport(page);
  await app.open('#/data');
  const csv = [
    'Notes:',
    '"When exporting your connection data, you may notice that some of the email addresses are missing."',
    '',
    'First Name,Last Name,URL,Email Address,Company,Position,Connected On',
    'Priya,Raman,https://www.linkedin.com/in/priya,priya@example.org,Northwind Press,Editor,01 Mar 2025',
    'Jonas,Berg,https://www.linkedin.com/in/jonas,,Northwind Press,Reporter,02 Mar 2025',
  ].join('\n');
  await app.id('contacts-file').setInputFiles({ name: 'Connections.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await expect(app.id('csv-preset')).toContainText('Recognised: LinkedIn connections. 2 rows');
  await app.id('mapping-continue').click();
  await expect(app.id('import-count')).toHaveText('2 of 2 contacts will be added.');
  // The review shows the rows as they will be read, so a column in the wrong field shows.
  expect(await app.id('import-preview').locator('tbody tr').evaluateAll((rows) =>
    rows.map((row) => Array.from((row as HTMLTableRowElement).cells).map((cell) => cell.textContent)))).toEqual([
    // The file names no stage: each starts at the one chosen below the preview.
    ['Priya Raman', 'Person', 'Editor', 'Northwind Press', 'priya@example.org', 'Connection'],
    ['Jonas Berg', 'Person', 'Reporter', 'Northwind Press', '', 'Connection'],
  ]);
  await expect(app.id('import-preview').locator('summary')).toHaveText('As they will be read');
  // The company they share comes in too, and the review says so before anything is added.
  await expect(app.id('import-organizations')).toContainText('Northwind Press');
  await app.id('import-add').click();
  await expect(app.id('toast')).toContainText('Added 2 contacts. Added 1 organization they belong to: Northwind Press.');
  await app.goContacts();
  await expect(app.id('contact-count')).toHaveText('3 contacts');
  await app.openContact('Priya Raman');
  await expect(page.getByRole('link', { name: 'Northwind Press' }).first()).toBeVisible();
});

test('a vCard 3.0 file with two emails imports, and its duplicate is shown and skipped', async ({ page }) => {
  const app = new Rapport(page);
  await app.open('#/contacts');
  await app.addContact({ name: 'Ana Lima', stakeholder: 'journalist', emails: 'ana@example.org' });
  await app.goData();
  const vcf = [
    'BEGIN:VCARD', 'VERSION:3.0', 'FN:Marta Kowalska', 'N:Kowalska;Marta;;;', 'ORG:Daily Wire',
    'TITLE:Tech editor', 'EMAIL;TYPE=WORK:marta@dailywire.example', 'EMAIL;TYPE=HOME:marta@home.example',
    'NOTE:Covers climate tech', 'END:VCARD',
    'BEGIN:VCARD', 'VERSION:3.0', 'FN:Ana Lima', 'EMAIL:ana@example.org', 'END:VCARD',
  ].join('\r\n');
  await app.id('contacts-file').setInputFiles({ name: 'contacts.vcf', mimeType: 'text/vcard', buffer: Buffer.from(vcf) });
  await expect(app.id('duplicate')).toHaveCount(1);
  await expect(app.id('duplicate')).toContainText('Ana Lima (already in your ledger)');
  await expect(app.id('import-count')).toHaveText('1 of 2 contacts will be added.');
  await app.id('import-add').click();
  await expect(app.id('toast')).toContainText('Added 1 contact.');
  await app.goContacts();
  await expect(app.row('Ana Lima')).toHaveCount(1);
  await app.openContact('Marta Kowalska');
  await expect(app.id('contact-details')).toContainText('marta@dailywire.example, marta@home.example');
});

test('a contact import writes only the buckets of the contacts it adds', async ({ page }) => {
  const app = new Rapport(page);
  await app.open('#/contacts');
  await app.loadDemo();
  const chunkKeys = () => page.evaluate(() =>
    Object.keys(localStorage).filter((key) => key.startsWith('rapport.chunk.')).sort());
  // The demo's replaced chunks are swept after their grace; only the listed ones count.
  const listed = () => page.evaluate(() => {
    const manifest = JSON.parse(localStorage.getItem('rapport.manifest') ?? '{}');
    return (manifest.chunks as number[][]).map(([bucket, generation]) => `rapport.chunk.${bucket}.${generation}`);
  });
  const before = await listed();
  expect(before.length).toBeGreaterThan(10);
  await app.open('#/data');
  const csv = ['Name,Email', 'Noor Haddad,noor@example.org', 'Liam Byrne,liam@example.org'].join('\n');
  await app.id('contacts-file').setInputFiles({ name: 'two.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await app.id('mapping-continue').click();
  await app.id('import-add').click();
  await expect(app.id('toast')).toContainText('Added 2 contacts.');
  const after = await listed();
  const kept = before.filter((key) => after.includes(key));
  expect(kept.length).toBeGreaterThanOrEqual(before.length - 2);
  expect((await chunkKeys()).length).toBeGreaterThanOrEqual(after.length);
  await app.reload();
  await app.goContacts();
  await expect(app.row('Noor Haddad')).toHaveCount(1);
  await expect(app.id('contact-count')).toHaveText('42 contacts');
});

test('CSV, vCard and calendar exports; formulas are neutralised', async ({ page }) => {
  const app = new Rapport(page);
  await app.open('#/contacts');
  await app.loadDemo();
  await app.addContact({ name: '=HYPERLINK("http://evil.example","x")', stakeholder: 'other' });
  await app.id('promise-what').fill('Send the embargoed report');
  await app.id('promise-due').fill('2030-01-15');
  await app.id('promise-submit').click();
  await expect(app.id('promise-item')).toHaveCount(1);
  await app.goData();
  const contacts = await download(page, 'export-contacts-csv');
  expect(contacts.name).toMatch(/^rapport-contacts-\d{4}-\d{2}-\d{2}\.csv$/);
  expect(contacts.text).toContain(`'=HYPERLINK(`);
  expect(contacts.text).not.toMatch(/(^|,)"?=HYPERLINK/m);
  const interactions = await download(page, 'export-interactions-csv');
  expect(interactions.text.split('\n').length).toBeGreaterThan(400);
  const vcard = await download(page, 'export-vcard');
  expect(vcard.text.match(/BEGIN:VCARD/g)?.length).toBe(41);
  const ics = await download(page, 'export-ics');
  expect(ics.name).toMatch(/\.ics$/);
  expect(ics.text).toContain('BEGIN:VCALENDAR');
  expect(ics.text).toContain('BEGIN:VEVENT');
  expect(ics.text).toContain('Send the embargoed report');
  const touch = await download(page, 'export-touch-ics');
  expect(touch.name).toMatch(/^rapport-keep-in-touch-\d{4}-\d{2}-\d{2}\.ics$/);
  expect(touch.text).toContain('BEGIN:VCALENDAR');
  expect(touch.text.replace(/\r\n /g, '')).toMatch(/SUMMARY:Keep in touch: .+ \(every \d+ days\)/);
});

test('a CSV saved by a European spreadsheet reads its accents, and a broken one says where', async ({ page }) => {
  const app = new Rapport(page);
  await app.open('#/data');
  // Excel in Western Europe saves CSV as Windows-1252 with semicolons.
  const latin = 'Name;Email;Outlet\nFrançois Lévêque;francois@example.fr;Le Figaro\n';
  await app.id('contacts-file').setInputFiles({ name: 'presse.csv', mimeType: 'text/csv', buffer: Buffer.from(latin, 'latin1') });
  await app.id('mapping-continue').click();
  await expect(app.id('import-count')).toHaveText('1 of 1 contact will be added.');
  await app.id('import-add').click();
  await expect(app.id('toast')).toContainText('Added 1 contact');
  await app.goContacts();
  await expect(app.row('François Lévêque')).toHaveCount(1);

  // A quote that never closes would swallow every row after it: refused, with its line.
  await app.open('#/data');
  const broken = 'Name,Email\nAda,ada@example.org\n"Unclosed quote,foo@bar.example\nNext Person,next@example.org\n';
  await app.id('contacts-file').setInputFiles({ name: 'broken.csv', mimeType: 'text/csv', buffer: Buffer.from(broken) });
  await expect(app.id('contacts-import-error')).toContainText('A quoted cell starting on line 3 is never closed');
  await expect(app.id('mapping-continue')).toHaveCount(0);
  // A header with nothing under it is refused too.
  await app.id('contacts-file').setInputFiles({ name: 'empty.csv', mimeType: 'text/csv', buffer: Buffer.from('Name,Email\n') });
  await expect(app.id('contacts-import-error')).toHaveText('This CSV file has a header row but no contacts under it.');
});

test('a large CSV import shows its progress and adds every row', async ({ page }) => {
  const app = new Rapport(page);
  await app.open('#/data');
  const rows = Array.from({ length: 5000 }, (_, n) => `Person ${n},Surname${n},p${n}@example.org,Outlet ${n % 50},Reporter`);
  const csv = ['First Name,Last Name,Email,Company,Title', ...rows].join('\n');
  await app.id('contacts-file').setInputFiles({ name: 'big.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await app.id('mapping-continue').click();
  await expect(app.id('import-count')).toHaveText('5000 of 5000 contacts will be added.');
  await expect(app.id('import-preview').locator('tbody tr')).toHaveCount(8);
  await expect(app.id('import-preview').locator('summary')).toHaveText('The first 8 of 5000, as they will be read');
  // Record whether the progress bar ever appears while the contacts are added.
  await page.evaluate(() => {
    const seen = () => document.querySelector('[data-testid="import-progress"]') !== null;
    const observer = new MutationObserver(() => {
      if (seen()) (window as unknown as { __progressSeen: boolean }).__progressSeen = true;
    });
    observer.observe(document.body, { childList: true, subtree: true });
  });
  const started = Date.now();
  await app.id('import-add').click();
  await expect(app.id('toast')).toContainText('Added 5000 contacts', { timeout: 60_000 });
  console.log(`5,000-row CSV: ${Date.now() - started} ms from "Add" to saved`);
  expect(await page.evaluate(() => (window as unknown as { __progressSeen?: boolean }).__progressSeen)).toBe(true);
  await app.goContacts();
  await expect(app.id('contact-count')).toHaveText('5050 contacts');
});

test('a big file is read in the worker, with the share read shown as it goes', async ({ page }) => {
  const app = new Rapport(page);
  await app.open('#/data');
  // Every value the reading's progress bar shows, as the page shows it.
  await page.evaluate(() => {
    const seen: number[] = [];
    (window as unknown as { __reading: number[] }).__reading = seen;
    new MutationObserver(() => {
      const bar = document.querySelector('[data-testid="contacts-reading"]');
      const value = bar?.getAttribute('value');
      if (value != null && seen[seen.length - 1] !== Number(value)) seen.push(Number(value));
    }).observe(document.body, { childList: true, subtree: true, attributes: true });
  });
  const rows = Array.from({ length: 100_000 }, (_, n) => `Person ${n},p${n}@example.org,Outlet ${n % 50}`);
  const csv = ['Name,Email,Company', ...rows].join('\n');
  await app.id('contacts-file').setInputFiles({ name: 'big.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await expect(app.id('mapping-continue')).toBeVisible({ timeout: 60_000 });
  const shown = await page.evaluate(() => (window as unknown as { __reading: number[] }).__reading);
  // The worker reports every 1 % or so: the page showed the reading on its way, in order.
  expect(shown.filter((value) => value > 0 && value < 100).length, shown.join(' ')).toBeGreaterThan(10);
  expect(shown).toEqual([...shown].sort((a, b) => a - b));
  await expect(app.id('contacts-reading')).toHaveCount(0);
});

/** The worker's WebAssembly module, as the page asks for it. */
const WORKER_MODULE = /rapport-worker-[0-9a-f]{16}_bg\.wasm$/;

/**
 * Holds the worker's module back (any route on it is replaced) until the function returned
 * lets it through; a worker ended meanwhile no longer wants it.
 */
async function holdWorkerModule(page: Page): Promise<() => void> {
  let letThrough = () => {};
  const held = new Promise<void>((resolve) => (letThrough = resolve));
  await page.unroute(WORKER_MODULE);
  await page.route(WORKER_MODULE, async (route) => {
    await held;
    await route.continue().catch(() => {});
  });
  return letThrough;
}

/** Resolves once `worker` has ended. */
function closeOf(worker: PageWorker): Promise<void> {
  return new Promise((resolve) => worker.on('close', () => resolve()));
}

test.describe('when the worker cannot start', () => {
  // The service worker would answer from its cache: the network alone serves the worker.
  test.use({ serviceWorkers: 'block' });

  test('the person is told in plain words, and the next file starts it again', async ({ page }) => {
    const app = new Rapport(page);
    await app.open('#/data');
    const card = 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Lovelace\r\nEND:VCARD\r\n';
    const file = { name: 'one.vcf', mimeType: 'text/vcard', buffer: Buffer.from(card) };
    // Its script loads, its WebAssembly does not: the loader's promise is rejected.
    await page.route(WORKER_MODULE, (route) => route.abort());
    await app.id('contacts-file').setInputFiles(file);
    await expect(app.id('contacts-import-error')).toContainText('A part of Rapport could not be loaded');
    await expect(app.id('contacts-reading')).toHaveCount(0);
    await page.unroute(WORKER_MODULE);
    await app.id('contacts-file').setInputFiles({ ...file, name: 'again.vcf' });
    await expect(app.id('import-count')).toHaveText('1 of 1 contact will be added.');
    await expect(app.id('contacts-import-error')).toHaveCount(0);
  });

  test('a demo that comes after the ledger changed replaces nothing', async ({ page }) => {
    const app = new Rapport(page);
    await app.open('#/contacts');
    // The worker's module arrives only when let through: meanwhile a contact is added.
    const letThrough = await holdWorkerModule(page);
    await app.id('load-demo').first().click();
    await app.addContact({ name: 'Typed Meanwhile' });
    letThrough();
    await expect(app.id('toast').filter({ hasText: 'Your ledger changed while the demo was being made' })).toBeVisible();
    await app.goContacts();
    await expect(app.id('contact-count')).toHaveText('1 contact');
    await expect(app.row('Typed Meanwhile')).toHaveCount(1);
  });

  test('a second click while the demo is on its way is the same request', async ({ page }) => {
    const app = new Rapport(page);
    await app.open('#/contacts');
    const letThrough = await holdWorkerModule(page);
    const workers: string[] = [];
    page.on('worker', (worker) => workers.push(worker.url()));
    await app.id('load-demo').first().click();
    await app.id('load-demo').first().click();
    letThrough();
    await expect(app.id('toast').filter({ hasText: /^Demo ledger loaded/ })).toBeVisible();
    await expect(app.id('contact-count')).toHaveText('40 contacts');
    await page.waitForTimeout(500);
    await expect(app.id('toast').filter({ hasText: 'Your ledger changed' })).toHaveCount(0);
    expect(workers).toHaveLength(1);
  });

  test('a check left behind when the page changes never replaces the ledger', async ({ page }) => {
    const app = new Rapport(page);
    await app.open('#/contacts');
    await app.loadDemo();
    await app.goData();
    const exported = await download(page, 'export-json');
    await page.evaluate(() => localStorage.clear());
    await app.reload();
    await app.open('#/data');
    const letThrough = await holdWorkerModule(page);
    const started = page.waitForEvent('worker');
    await app.importFile(exported.name, exported.text);
    const worker = await started;
    const closed = closeOf(worker);
    await expect(app.id('import-checking')).toBeVisible();
    await app.open('#/contacts');
    await closed;
    letThrough();
    await page.waitForTimeout(1_000);
    await expect(app.id('empty-state')).toBeVisible();
    await app.reload();
    await expect(app.id('empty-state')).toBeVisible();

    // A check the person stops ends the same way, and leaves the card ready for a file.
    await app.open('#/data');
    const letThrough2 = await holdWorkerModule(page);
    const second = page.waitForEvent('worker');
    await app.importFile(exported.name, exported.text);
    const secondWorker = await second;
    const secondClosed = closeOf(secondWorker);
    await app.id('import-checking-stop').click();
    await expect(app.id('import-checking')).toHaveCount(0);
    await secondClosed;
    letThrough2();
    await page.waitForTimeout(1_000);
    await expect(app.id('import-success')).toHaveCount(0);
    await expect(app.id('import-error')).toHaveCount(0);
    await app.goContacts();
    await expect(app.id('empty-state')).toBeVisible();
  });
});

/** Records, for each worker the page starts, whether it ever answered (`__answered`). */
async function recordAnswers(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const answered: boolean[] = [];
    (window as unknown as { __answered: boolean[] }).__answered = answered;
    const Original = Worker;
    window.Worker = class extends Original {
      constructor(url: string | URL, options?: WorkerOptions) {
        super(url, options);
        const index = answered.push(false) - 1;
        this.addEventListener('message', (event) => {
          if ((event.data as { answer?: unknown })?.answer !== undefined) answered[index] = true;
        });
      }
    };
  });
}

/** A 40 MB table, which takes the worker a while to read: long enough to act meanwhile. */
async function wideCsv(path: string): Promise<string> {
  const cell = 'x'.repeat(380);
  await writeFile(path, ['Name,Notes', ...Array.from({ length: 100_000 }, (_, n) => `Person ${n},${cell}`)].join('\n'));
  return path;
}

const answered = (page: Page) => page.evaluate(() => (window as unknown as { __answered: boolean[] }).__answered);

test('a reading can be stopped, and nothing of it comes after', async ({ page }, testInfo) => {
  await recordAnswers(page);
  const app = new Rapport(page);
  await app.open('#/data');
  const started = page.waitForEvent('worker');
  await app.id('contacts-file').setInputFiles(await wideCsv(testInfo.outputPath('wide.csv')));
  const worker = await started;
  const closed = closeOf(worker);
  await expect(app.id('contacts-reading')).toBeVisible();
  await app.id('contacts-reading-stop').focus();
  await page.keyboard.press('Enter');
  await expect(app.id('contacts-reading')).toHaveCount(0);
  await closed;
  expect(await answered(page)).toEqual([false]);
  await page.waitForTimeout(500);
  await expect(app.id('mapping-continue')).toHaveCount(0);
  await expect(app.id('contacts-import-error')).toHaveCount(0);
});

test('a file chosen while another is read stops that reading', async ({ page }, testInfo) => {
  await recordAnswers(page);
  const app = new Rapport(page);
  await app.open('#/data');
  const path = await wideCsv(testInfo.outputPath('wide.csv'));
  const started = page.waitForEvent('worker');
  await app.id('contacts-file').setInputFiles(path);
  const first = await started;
  const closed = closeOf(first);
  await expect(app.id('contacts-reading')).toBeVisible();
  const card = 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Second Choice\r\nEND:VCARD\r\n';
  await app.id('contacts-file').setInputFiles({ name: 'second.vcf', mimeType: 'text/vcard', buffer: Buffer.from(card) });
  await expect(app.id('import-count')).toHaveText('1 of 1 contact will be added.');
  await closed;
  // The first worker was ended before it answered; the second answered.
  expect(await answered(page)).toEqual([false, true]);
  await expect(app.id('mapping-continue')).toHaveCount(0);
});

/** Edits the notes of a contact from the list and saves them. */
async function editNotes(app: Rapport, name: string, notes: string): Promise<void> {
  await app.goContacts();
  await app.openContact(name);
  await app.id('edit-contact').click();
  await app.fillContactForm({ notes });
  await app.id('save-contact').click();
  await expect(app.id('contact-form')).toBeHidden();
  await expect(app.id('contact-details')).toContainText(notes);
}

/** The preview's counts for one kind of record: new, changed, conflicting, unchanged. */
async function previewCounts(app: Rapport, kind: string): Promise<number[]> {
  return (await previewRow(app, kind)).slice(0, 4);
}

/** Every count of the preview's row for one kind: new, changed, conflicting, unchanged, deleted. */
async function previewRow(app: Rapport, kind: string): Promise<number[]> {
  // The worker checks the file first: the preview comes a moment after the file is chosen.
  await expect(app.id('merge-preview')).toBeVisible();
  const cells = app.id('merge-preview').locator('tr', { hasText: kind }).locator('td');
  return (await cells.allInnerTexts()).map(Number);
}

test('a contact edited on both devices is listed as a conflict and the later edit wins', async ({ browser }) => {
  const laptop = new Rapport(await (await browser.newContext()).newPage());
  await laptop.open('#/contacts');
  await laptop.addContact({ name: 'Shared Person', stakeholder: 'journalist', notes: 'First note' });
  await laptop.goData();
  const first = await download(laptop.page, 'export-json');
  const phone = new Rapport(await (await browser.newContext()).newPage());
  await phone.open('#/data');
  await phone.importFile(first.name, first.text);
  await expect(phone.id('import-success')).toContainText('Imported 1 contact,');

  // The phone edits first, the laptop later: the laptop's edit is the more recent.
  await editNotes(phone, 'Shared Person', 'Edited on the phone');
  await editNotes(laptop, 'Shared Person', 'Edited on the laptop');
  await phone.goData();
  const fromPhone = await download(phone.page, 'export-json');
  await laptop.goData();
  const fromLaptop = await download(laptop.page, 'export-json');

  await importJson(laptop, fromPhone.name, fromPhone.text);
  expect(await previewCounts(laptop, 'Contacts')).toEqual([0, 0, 1, 0]);
  await expect(laptop.id('merge-conflicts')).toHaveText('Shared Person');
  await laptop.id('import-merge').click();
  await expect(laptop.id('import-success')).toContainText('1 contact,');
  await editNotesShown(laptop, 'Edited on the laptop');

  await importJson(phone, fromLaptop.name, fromLaptop.text);
  expect(await previewCounts(phone, 'Contacts')).toEqual([0, 1, 0, 0]);
  // The contact whose copy the file replaces is named before the merge.
  await expect(phone.id('merge-replaced')).toHaveText('Shared Person');
  await phone.id('import-merge').click();
  await editNotesShown(phone, 'Edited on the laptop');
});

/** Opens the only contact and checks its notes. */
async function editNotesShown(app: Rapport, notes: string): Promise<void> {
  await app.goContacts();
  await expect(app.id('contact-count')).toHaveText('1 contact');
  await app.openContact('Shared Person');
  await expect(app.id('contact-details')).toContainText(notes);
}

test('cancelling an import preview changes nothing', async ({ page }) => {
  const app = new Rapport(page);
  await app.open('#/contacts');
  await app.addContact({ name: 'Before The Export', stakeholder: 'journalist' });
  await app.goData();
  const exported = await download(page, 'export-json');
  await app.goContacts();
  await app.addContact({ name: 'After The Export', stakeholder: 'journalist' });
  await importJson(app, exported.name, exported.text);
  expect(await previewCounts(app, 'Contacts')).toEqual([0, 0, 0, 1]);
  await app.id('import-cancel').click();
  await expect(app.id('import-preview')).toHaveCount(0);
  await expect(app.id('import-success')).toHaveCount(0);
  expect((await app.ledgerCounts()).contacts).toBe(2);
});

test('a replace whose backup cannot be downloaded replaces nothing', async ({ page }) => {
  const app = new Rapport(page);
  await app.open('#/contacts');
  await app.addContact({ name: 'Never Replaced', stakeholder: 'journalist' });
  await app.goData();
  const other = JSON.stringify({ format: 'rapport', schema_version: 2, contacts: [], interactions: [], promises: [] });
  await app.importFile('empty.json', other);
  await page.evaluate(() => {
    URL.createObjectURL = () => {
      throw new Error('downloads are blocked');
    };
  });
  await app.id('import-confirm').click();
  await app.id('replace-confirm').click();
  await expect(app.id('import-error')).toHaveText('The backup could not be downloaded, so your ledger was not replaced.');
  await expect(app.id('import-success')).toHaveCount(0);
  expect((await app.ledgerCounts()).contacts).toBe(1);
});

test("Rapport's own vCard export comes back without doubling its organizations", async ({ browser }) => {
  const laptop = new Rapport(await (await browser.newContext()).newPage());
  await laptop.open('#/contacts');
  await laptop.loadDemo();
  await laptop.goData();
  const vcard = await download(laptop.page, 'export-vcard');
  const phone = new Rapport(await (await browser.newContext()).newPage());
  await phone.open('#/data');
  await phone.id('contacts-file').setInputFiles({ name: vcard.name, mimeType: 'text/vcard', buffer: Buffer.from(vcard.text) });
  // The demo may hold a likely duplicate of its own, which is skipped: count what is added.
  await expect(phone.id('import-count')).toHaveText(/^\d+ of 40 contacts will be added\.$/);
  const added = Number(/^\d+/.exec(await phone.id('import-count').innerText())?.[0]);
  expect(added).toBeGreaterThan(35);
  await phone.id('import-add').click();
  await expect(phone.id('toast')).toContainText(`Added ${added} contacts`);
  await phone.goContacts();
  // Each organization once: the people of the file link to its organization cards.
  await expect(phone.id('contact-count')).toHaveText(`${added} contacts`);
});

test("a duplicate's new details can be added to the existing contact", async ({ page }) => {
  const app = new Rapport(page);
  await app.open('#/contacts');
  await app.addContact({ name: 'Ana Lima', stakeholder: 'journalist', emails: 'ana@example.org' });
  await app.goData();
  const vcf = [
    'BEGIN:VCARD', 'VERSION:3.0', 'FN:Ana Lima', 'EMAIL:ANA@example.org', 'EMAIL:ana@home.example',
    'TEL;TYPE=CELL:+351 555 0101', 'END:VCARD',
  ].join('\r\n');
  await app.id('contacts-file').setInputFiles({ name: 'ana.vcf', mimeType: 'text/vcard', buffer: Buffer.from(vcf) });
  await expect(app.id('duplicate')).toContainText('Ana Lima looks like Ana Lima (already in your ledger)');
  await expect(app.id('duplicate-choice').locator('option[value="fill"]')).toHaveText(
    'Add its details to Ana Lima, already in your ledger',
  );
  await app.id('duplicate-choice').selectOption('fill');
  await expect(app.id('import-count')).toHaveText('0 of 1 contact will be added.');
  await expect(app.id('import-fill-count')).toHaveText('1 existing contact will be filled in.');
  await app.id('import-add').click();
  await expect(app.id('toast')).toContainText('Filled in 1 existing contact.');
  await app.goContacts();
  await expect(app.id('contact-count')).toHaveText('1 contact');
  await app.openContact('Ana Lima');
  await expect(app.id('contact-details')).toContainText('ana@example.org, ana@home.example');
  await expect(app.id('contact-details')).toContainText('+351 555 0101');
});

test("Rapport's own contacts CSV comes back with each contact's kind, type and stage", async ({ browser }) => {
  const laptop = new Rapport(await (await browser.newContext()).newPage());
  await laptop.open('#/contacts');
  await laptop.loadDemo();
  const stages = ['target', 'connection', 'relationship', 'partnership'];
  const perStage = async (app: Rapport) => {
    const counts: number[] = [];
    for (const stage of stages) {
      await app.id('filter-stage').selectOption(stage);
      counts.push(await app.shownCount());
    }
    await app.id('filter-stage').selectOption('');
    return counts;
  };
  const onLaptop = await perStage(laptop);
  await laptop.goData();
  const csv = await download(laptop.page, 'export-contacts-csv');

  const phone = new Rapport(await (await browser.newContext()).newPage());
  await phone.open('#/data');
  await phone.id('contacts-file').setInputFiles({ name: csv.name, mimeType: 'text/csv', buffer: Buffer.from(csv.text) });
  await phone.id('mapping-continue').click();
  // Every row carries its stage, so there is no stage to pick.
  await expect(phone.id('import-staged')).toHaveText(/^\d+ contacts start at the stage the file gives\.$/);
  await expect(phone.id('import-stage')).toHaveCount(0);
  const added = Number(/^\d+/.exec(await phone.id('import-count').innerText())?.[0]);
  expect(added).toBeGreaterThan(35);
  await phone.id('import-add').click();
  await expect(phone.id('toast')).toContainText(`Added ${added} contacts`);
  await expect(phone.id('toast')).not.toContainText('organization they belong to');
  await phone.goContacts();
  // Organizations come back as organizations, once: no person named after one.
  await expect(phone.id('contact-count')).toHaveText(`${added} contacts`);
  // Each contact at its own stage: only the likely duplicates left out make a difference.
  const onPhone = await perStage(phone);
  const differences = onLaptop.reduce((sum, count, at) => sum + Math.abs(count - onPhone[at]), 0);
  expect(differences).toBe(40 - added);
  await phone.id('filter-type').selectOption('journalist');
  expect(await phone.shownCount()).toBeGreaterThan(0);
});

test('a file over the limit is refused from its size alone, before any of it is read', async ({ page }, testInfo) => {
  // Counts the files the page reads (File inherits Blob's readers) or hands to its worker
  // to read.
  await page.addInitScript(() => {
    const counter = window as unknown as { filesRead: number };
    counter.filesRead = 0;
    const post = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function (this: Worker, message: unknown, ...rest: unknown[]) {
      if ((message as { file?: unknown })?.file instanceof File) counter.filesRead += 1;
      return (post as (...a: unknown[]) => void).apply(this, [message, ...rest]);
    };
    const readers = ['arrayBuffer', 'text', 'stream', 'bytes'] as const;
    for (const reader of readers) {
      const original = (Blob.prototype as unknown as Record<string, unknown>)[reader];
      if (typeof original !== 'function') continue;
      (Blob.prototype as unknown as Record<string, unknown>)[reader] = function (this: Blob, ...args: unknown[]) {
        if (this instanceof File) counter.filesRead += 1;
        return (original as (...a: unknown[]) => unknown).apply(this, args);
      };
    }
  });
  // One byte over the limit; a sparse file, so it costs no disk. Playwright takes buffers of
  // up to 50 MB only, so the file is given by its path.
  const oversize = async (name: string, megabytes: number): Promise<string> => {
    const path = testInfo.outputPath(name);
    await writeFile(path, '');
    await truncate(path, megabytes * 1024 * 1024 + 1);
    return path;
  };
  const filesRead = () => page.evaluate(() => (window as unknown as { filesRead: number }).filesRead);
  const app = new Rapport(page);
  await app.open('#/data');

  // An export is read up to 120 MB, more than the export of any ledger a browser holds.
  await app.id('import-file').setInputFiles(await oversize('huge.json', 120));
  await expect(app.id('import-error')).toHaveText(
    'This file is 121 MB; Rapport imports files of up to 120 MB, more than the largest ledger a browser can hold. Choose a Rapport export file.',
  );
  expect(await filesRead()).toBe(0);

  await app.id('contacts-file').setInputFiles(await oversize('huge.csv', 50));
  await expect(app.id('contacts-import-error')).toHaveText('This file is 51 MB; Rapport imports files of up to 50 MB.');
  expect(await filesRead()).toBe(0);

  // A file under the limit is read as before.
  await app.id('contacts-file').setInputFiles({ name: 'one.csv', mimeType: 'text/csv', buffer: Buffer.from('Name\nAda\n') });
  await expect(app.id('mapping-continue')).toBeVisible();
  expect(await filesRead()).toBe(1);
});

test('a replaced ledger stays in the tab: it can be put back or downloaded until the tab closes', async ({ page }) => {
  const app = new Rapport(page);
  await app.open('#/contacts');
  await app.addContact({ name: 'Replaced But Not Lost', stakeholder: 'journalist' });
  await app.goData();
  const other = JSON.stringify({ format: 'rapport', schema_version: 2, contacts: [], interactions: [], promises: [] });
  await app.importFile('empty.json', other);
  // Say the backup's save dialog was cancelled: the page cannot tell.
  await app.id('import-confirm').click();
  await download(page, 'replace-confirm');
  await expect(app.id('import-success')).toContainText('Imported 0 contacts');
  const kept = app.id('replaced-ledger');
  await expect(kept).toContainText('It held 1 contact, 0 interactions and 0 promises');

  const { name, text } = await download(page, 'download-replaced');
  expect(name).toMatch(/^rapport-before-replace-\d{4}-\d{2}-\d{2}\.json$/);
  expect(text).toContain('Replaced But Not Lost');

  await app.id('undo-replace').click();
  await expect(app.id('toast')).toContainText('Your previous ledger is back.');
  await expect(kept).toBeHidden();
  await app.reload();
  await app.goContacts();
  await expect(app.row('Replaced But Not Lost')).toHaveCount(1);
});

test('a contact deleted on one device is deleted on another by the newer export', async ({ browser }) => {
  const laptop = new Rapport(await (await browser.newContext()).newPage());
  await laptop.open('#/contacts');
  await laptop.addContact({ name: 'Staying Put', stakeholder: 'journalist' });
  await laptop.goContacts();
  await laptop.addContact({ name: 'Leaving Soon', stakeholder: 'creator' });
  await laptop.goData();
  const older = await download(laptop.page, 'export-json');
  await laptop.goContacts();
  await laptop.openContact('Leaving Soon');
  await laptop.deleteOpenContact();
  await laptop.goData();
  const newer = await download(laptop.page, 'export-json');
  expect(JSON.parse(newer.text).tombstones).toEqual([
    expect.objectContaining({ kind: 'contact', deleted_at: expect.any(String) }),
  ]);

  // A fresh profile first takes the older export, which still holds the contact.
  const phone = new Rapport(await (await browser.newContext()).newPage());
  await phone.open('#/data');
  await phone.importFile(older.name, older.text);
  await expect(phone.id('import-success')).toContainText('Imported 2 contacts');
  await phone.goContacts();
  await expect(phone.row('Leaving Soon')).toHaveCount(1);

  // Then the newer one: its tombstone outranks the older copy, and the contact is gone.
  await importJson(phone, newer.name, newer.text);
  expect(await previewRow(phone, 'Contacts')).toEqual([0, 0, 0, 1, 1]);
  await phone.id('import-merge').click();
  await expect(phone.id('import-success')).toContainText('1 contact,');
  await phone.goContacts();
  await expect(phone.row('Leaving Soon')).toHaveCount(0);
  await expect(phone.row('Staying Put')).toHaveCount(1);

  // And it stays gone after a reload, and when the older export is merged again.
  await phone.reload();
  await importJson(phone, older.name, older.text);
  expect(await previewRow(phone, 'Contacts')).toEqual([1, 0, 0, 1, 1]);
  await phone.id('import-merge').click();
  await phone.goContacts();
  await expect(phone.row('Leaving Soon')).toHaveCount(0);
});
