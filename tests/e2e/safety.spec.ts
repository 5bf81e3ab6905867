// Data never lost (issue 5, section 6): a damaged chunk leaves everything else readable,
// names what is missing, and nothing is deleted. (Two tabs: tabs.spec.ts.)
import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { Rapport } from './rapport';

test('a damaged chunk: the rest loads, the loss is named, saving waits for a decision', async ({ page }) => {
  const app = new Rapport(page);
  await app.open('#/contacts');
  await app.loadDemo();
  await expect(app.id('contact-count')).toHaveText('40 contacts');

  // Damage one stored chunk holding a single contact, as a failing disk or a stray
  // extension might. The manifest lists [bucket, generation, contacts, ...] per chunk.
  const damagedKey = await page.evaluate(() => {
    const manifest = JSON.parse(localStorage.getItem('rapport.manifest') ?? '{}');
    const row = (manifest.chunks ?? []).find((entry: number[]) => entry[2] === 1);
    if (!row) throw new Error('no chunk with a single contact');
    const key = `rapport.chunk.${row[0]}.${row[1]}`;
    localStorage.setItem(key, 'not a chunk');
    return key;
  });
  await app.reload();
  const banner = app.id('storage-error');
  await expect(banner).toContainText('Part of your saved data could not be loaded: 1 contact');
  await expect(banner).toContainText(damagedKey);
  await expect(app.id('contact-count')).toHaveText('39 contacts');
  // Nothing was deleted: the damaged text is still there.
  expect(await page.evaluate((key) => localStorage.getItem(key), damagedKey)).toBe('not a chunk');

  await app.id('continue-without-damaged').click();
  await expect(banner).toBeHidden();
  const kept = await page.evaluate(
    (key) => localStorage.getItem(`rapport.damaged.${key.replace('rapport.chunk.', '')}`),
    damagedKey,
  );
  expect(kept).toBe('not a chunk');
  await app.reload();
  await expect(app.id('storage-error')).toBeHidden();
  await expect(app.id('contact-count')).toHaveText('39 contacts');
});

test('records that do not fit are set aside and named; the rest loads and nothing is deleted', async ({ page }) => {
  const app = new Rapport(page);
  await app.open('#/contacts');
  await app.loadDemo();
  await expect(app.id('contact-count')).toHaveText('40 contacts');

  // Another version's settings lose a custom field some contacts still hold values of.
  const dropped = await page.evaluate(() => {
    const manifest = JSON.parse(localStorage.getItem('rapport.manifest') ?? '{}');
    const fields = manifest.settings?.fields ?? [];
    if (fields.length === 0) throw new Error('the demo has no custom field');
    const field = fields.pop();
    localStorage.setItem('rapport.manifest', JSON.stringify(manifest));
    return field.label as string;
  });
  expect(dropped).toBeTruthy();
  await app.reload();
  const banner = app.id('storage-error');
  await expect(banner).toContainText('Part of your saved data could not be loaded');
  await expect(banner).toContainText('that do not fit with the rest, set aside');
  await expect(app.id('download-raw-storage')).toBeVisible();
  const shown = Number((await app.id('contact-count').innerText()).split(' ')[0]);
  expect(shown).toBeGreaterThan(0);
  expect(shown).toBeLessThan(40);

  await app.id('continue-without-damaged').click();
  await expect(banner).toBeHidden();
  const keptAside = await page.evaluate(
    () => Object.keys(localStorage).filter((key) => key.startsWith('rapport.damaged.')).length,
  );
  expect(keptAside).toBeGreaterThan(0);
  await app.reload();
  await expect(app.id('storage-error')).toBeHidden();
  await expect(app.id('contact-count')).toHaveText(`${shown} contacts`);
});

test('a damaged table of contents: the ledger is rebuilt from its parts, nothing lost', async ({ page }) => {
  const app = new Rapport(page);
  await app.open('#/contacts');
  await app.loadDemo();
  await expect(app.id('contact-count')).toHaveText('40 contacts');
  // The manifest is cut short, as an interrupted write or a failing disk leaves it.
  await page.evaluate(() => {
    const text = localStorage.getItem('rapport.manifest') ?? '';
    localStorage.setItem('rapport.manifest', text.slice(0, text.length / 2));
  });
  await app.reload();
  const banner = app.id('storage-error');
  await expect(banner).toContainText('rebuilt from the parts found');
  await expect(app.id('contact-count')).toHaveText('40 contacts');
  await expect(app.id('download-raw-storage')).toBeVisible();

  await app.id('continue-without-damaged').click();
  await expect(banner).toBeHidden();
  expect(await page.evaluate(() => localStorage.getItem('rapport.damaged.manifest'))).toBeTruthy();
  await app.reload();
  await expect(app.id('storage-error')).toBeHidden();
  await expect(app.id('contact-count')).toHaveText('40 contacts');
});

test('after damage, importing the last export restores everything, as the banner says', async ({ page }) => {
  const app = new Rapport(page);
  await app.open('#/contacts');
  await app.loadDemo();
  await app.goData();
  const [download] = await Promise.all([page.waitForEvent('download'), app.id('export-json').click()]);
  const exported = await readFile(await download.path(), 'utf8');
  await page.evaluate(() => {
    const manifest = JSON.parse(localStorage.getItem('rapport.manifest') ?? '{}');
    const row = (manifest.chunks ?? []).find((entry: number[]) => entry[2] === 1);
    if (!row) throw new Error('no chunk with a single contact');
    localStorage.setItem(`rapport.chunk.${row[0]}.${row[1]}`, 'not a chunk');
  });
  await app.reload();
  await expect(app.id('storage-error')).toContainText('import your last export on the Data page to restore everything');

  await app.importFile('rapport-backup.json', exported);
  await expect(app.id('import-preview')).toBeVisible();
  await app.id('import-merge').click();
  await expect(app.id('import-success')).toContainText('Merged: the ledger now has 40 contacts');
  await expect(app.id('storage-error')).toBeHidden();
  await app.reload();
  await expect(app.id('storage-error')).toBeHidden();
  await app.goContacts();
  await expect(app.id('contact-count')).toHaveText('40 contacts');
});

test('damage met while following another tab is named, with the same choice as at load', async ({ context }) => {
  const app = new Rapport(await context.newPage());
  await app.open('#/contacts');
  await app.loadDemo();
  await expect(app.id('contact-count')).toHaveText('40 contacts');

  // In another tab of the same browser, a chunk is damaged and the manifest written again
  // (the same content, one more space): the first tab hears a commit and reads it in.
  const other = new Rapport(await context.newPage());
  await other.open('#/contacts');
  const damagedKey = await other.page.evaluate(() => {
    const text = localStorage.getItem('rapport.manifest') ?? '{}';
    const row = (JSON.parse(text).chunks ?? []).find((entry: number[]) => entry[2] === 1);
    if (!row) throw new Error('no chunk with a single contact');
    const key = `rapport.chunk.${row[0]}.${row[1]}`;
    localStorage.setItem(key, 'not a chunk');
    localStorage.setItem('rapport.manifest', `${text} `);
    return key;
  });

  const banner = app.id('storage-error');
  await expect(banner).toContainText('Part of your saved data could not be loaded: 1 contact');
  await expect(banner).toContainText(damagedKey);
  await expect(app.id('contact-count')).toHaveText('39 contacts');

  // The other tab commits again before a decision: going on would overwrite its save, so
  // it is refused and a reload offered, and the damage stays named.
  await other.page.evaluate(() => {
    localStorage.setItem('rapport.manifest', `${localStorage.getItem('rapport.manifest')} `);
  });
  await expect(banner).toContainText('changed in another tab');
  await expect(banner).toContainText('Part of your saved data could not be loaded: 1 contact');
  await app.id('continue-without-damaged').click();
  await expect(banner).toContainText('changed in another tab');
  await expect(app.id('reload-page')).toBeVisible();
  const copies = await app.page.evaluate(() =>
    Object.keys(localStorage).filter((key) => key.startsWith('rapport.damaged.')),
  );
  expect(copies).toEqual([]);

  // Read again, the damage is found again, and going on works.
  await app.reload();
  await expect(banner).toContainText('Part of your saved data could not be loaded: 1 contact');
  await app.id('continue-without-damaged').click();
  await expect(banner).toBeHidden();
  await app.reload();
  await expect(app.id('storage-error')).toBeHidden();
  await expect(app.id('contact-count')).toHaveText('39 contacts');
});

test('what a save replaced leaves storage seconds later', async ({ page }) => {
  const app = new Rapport(page);
  await app.open('#/contacts');
  await app.loadDemo();
  const stored = () =>
    page.evaluate(() => {
      const manifest = JSON.parse(localStorage.getItem('rapport.manifest') ?? '{}');
      const listed = (manifest.chunks ?? []).length + (manifest.patches ?? []).length;
      const chunks = Object.keys(localStorage).filter((key) => key.startsWith('rapport.chunk.')).length;
      return { listed, chunks };
    });
  await app.openContact('Ben Costa');
  await app.deleteOpenContact();
  const rightAfter = await stored();
  // The replaced chunk waits out the grace another tab may need, then goes.
  expect(rightAfter.chunks).toBeGreaterThan(rightAfter.listed);
  await expect.poll(stored, { timeout: 20_000 }).toEqual({ listed: rightAfter.listed, chunks: rightAfter.listed });
});

test('a deletion leaves storage when the tab is closed a moment later, not at the next visit', async ({ page }) => {
  const app = new Rapport(page);
  await app.open('#/contacts');
  await app.loadDemo();
  await app.openContact('Ben Costa');
  await app.deleteOpenContact();
  await page.waitForTimeout(1_500);
  // Leaving fires "pagehide"; a file of the same origin then shows what storage holds.
  await page.goto('manifest.webmanifest');
  const stored = await page.evaluate(() => {
    const manifest = JSON.parse(localStorage.getItem('rapport.manifest') ?? '{}');
    const listed = (manifest.chunks ?? []).length + (manifest.patches ?? []).length;
    const chunks = Object.keys(localStorage).filter((key) => key.startsWith('rapport.chunk.')).length;
    return { listed, chunks };
  });
  expect(stored.chunks).toBe(stored.listed);
});

test('a ledger whose records do not fit is never written over, can be downloaded as stored, and erased', async ({ page }) => {
  const app = new Rapport(page);
  await app.open('#/contacts');
  await app.loadDemo();
  await expect(app.id('contact-count')).toHaveText('40 contacts');
  // The settings list a custom field twice: every contact depends on them, so nothing
  // can be loaded. (One contact that does not fit is set aside instead: see above.)
  const before = await page.evaluate(() => {
    const manifest = JSON.parse(localStorage.getItem('rapport.manifest') ?? '{}');
    manifest.settings.fields.push(manifest.settings.fields[0]);
    localStorage.setItem('rapport.manifest', JSON.stringify(manifest));
    return Object.fromEntries(Object.keys(localStorage).map((key) => [key, localStorage.getItem(key)]));
  });
  await app.reload();
  const banner = app.id('storage-error');
  await expect(banner).toContainText('do not fit together');
  await expect(banner).toContainText('Nothing will be written over it');

  // What is typed now stays in the tab: storage keeps the unreadable ledger as it was.
  await app.addContact({ name: 'Typed after the failure' });
  await expect(banner).toBeVisible();
  const after = await page.evaluate(() =>
    Object.fromEntries(Object.keys(localStorage).map((key) => [key, localStorage.getItem(key)])),
  );
  expect(after).toEqual(before);

  // The way out: every key as stored, in a file that says it is not an export.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    app.id('download-raw-storage').click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^rapport-raw-storage-\d{4}-\d{2}-\d{2}\.json$/);
  const dump = JSON.parse(await readFile(await download.path(), 'utf8'));
  expect(dump.kind).toBe('rapport-raw-storage');
  expect(dump.entries['rapport.manifest']).toBe(before['rapport.manifest']);

  // And erasing works, after which the app saves again.
  await app.goData();
  await app.id('erase-start').click();
  await app.id('erase-word').fill('erase');
  await app.id('erase-confirm').click();
  await app.open('#/contacts');
  await expect(app.id('storage-error')).toBeHidden();
  await app.addContact({ name: 'After the erase' });
  await app.reload();
  await app.goContacts();
  await expect(app.id('contact-count')).toHaveText('1 contact');
});

test('a version 1 store is rewritten as the app opens, so closing the tab asks nothing', async ({ page }) => {
  // The real storage of the release that shipped version 1 (crates/core/tests/golden).
  const store = JSON.parse(
    await readFile('crates/core/tests/golden/v1-83333e4.store.json', 'utf8'),
  ) as Record<string, string>;
  await page.addInitScript((entries) => {
    if (!sessionStorage.getItem('seeded')) {
      sessionStorage.setItem('seeded', '1');
      for (const [key, value] of Object.entries(entries)) localStorage.setItem(key, value);
    }
  }, store);
  const app = new Rapport(page);
  await app.open('#/contacts');
  await expect(app.id('contact-count')).toHaveText('24 contacts');
  // Nothing was edited, yet the store is in today's version: nothing is left unsaved.
  await expect
    .poll(() => page.evaluate(() => JSON.parse(localStorage.getItem('rapport.manifest') ?? '{}').schema_version))
    .toBe(9);
  await expect(app.id('storage-error')).toBeHidden();
  await app.reload();
  await expect(app.id('contact-count')).toHaveText('24 contacts');
});
