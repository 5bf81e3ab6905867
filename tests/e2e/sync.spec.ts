// Sync as a person uses it (issue 24): two browser contexts are two devices, syncing
// through the CouchDB-compatible pouchdb-server that scripts/couch.sh starts on loopback
// (scripts/test-all.sh starts it before these specs run, and passes its address and admin
// through RAPPORT_COUCH_URL, RAPPORT_COUCH_USER and RAPPORT_COUCH_PASSWORD). Every test
// uses a database of its own; the restart test starts a pouchdb-server of its own, on disk,
// to stop and start it again. By hand:
//   source scripts/couch.sh; start_couch /tmp/couch.log; npx playwright test sync
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test, type Browser, type BrowserContext } from '@playwright/test';
import { Rapport } from './rapport';

const server = process.env.RAPPORT_COUCH_URL ?? '';
const admin = process.env.RAPPORT_COUCH_USER ?? '';
const password = process.env.RAPPORT_COUCH_PASSWORD ?? '';
const closed = process.env.RAPPORT_COUCH_CLOSED_URL ?? 'http://127.0.0.1:9';
const PASSPHRASE = 'paper lantern under rain';

test.beforeAll(() => {
  if (!server || !admin || !password) {
    throw new Error(
      'RAPPORT_COUCH_URL, _USER and _PASSWORD are not set: run these specs through ' +
        'scripts/test-all.sh, or first `source scripts/couch.sh; start_couch /tmp/couch.log`',
    );
  }
});

/** A database name no other test uses. */
function freshDatabase(): string {
  return `rapport-e2e-${Date.now()}-${Math.floor(Math.random() * 1e9)}`;
}

const authorization = () => `Basic ${Buffer.from(`${admin}:${password}`).toString('base64')}`;

/** Every document the server holds in `database`, as JSON text, read as anyone with the password would. */
async function storedText(database: string): Promise<{ text: string; count: number }> {
  const response = await fetch(`${server}/${database}/_all_docs?include_docs=true`, {
    headers: { Authorization: authorization() },
  });
  expect(response.ok, `reading ${database}: HTTP ${response.status}`).toBe(true);
  const body = (await response.json()) as { rows: unknown[] };
  return { text: JSON.stringify(body.rows), count: body.rows.length };
}

interface Device {
  context: BrowserContext;
  app: Rapport;
}

/** A device: a browser context of its own (its own localStorage), on the Data page. */
async function device(browser: Browser): Promise<Device> {
  const context = await browser.newContext();
  const app = new Rapport(await context.newPage());
  await app.open('#/data');
  return { context, app };
}

interface Connection {
  database: string;
  server?: string;
  password?: string;
  passphrase?: string;
}

/** Fills the Sync form and presses "Turn on sync". */
async function askToTurnOn(app: Rapport, connection: Connection): Promise<void> {
  await app.goData();
  await app.id('sync-server').fill(connection.server ?? server);
  await app.id('sync-user').fill(admin);
  await app.id('sync-password').fill(connection.password ?? password);
  await app.id('sync-database').fill(connection.database);
  await app.id('sync-passphrase').fill(connection.passphrase ?? PASSPHRASE);
  await app.id('sync-turn-on').click();
}

/** Turns sync on and waits for its first round. */
async function turnOn(app: Rapport, connection: Connection): Promise<void> {
  await askToTurnOn(app, connection);
  await expect(app.id('sync-status')).toBeVisible({ timeout: 30_000 });
  await expect(app.id('sync-status')).not.toHaveAttribute('data-rounds', '0', { timeout: 30_000 });
  await expect(app.id('sync-failure')).toHaveCount(0);
}

/** One device with two tabs, sync turned on in the first; the second follows, without the passphrase. */
async function twoTabs(browser: Browser, database: string): Promise<{ a: Device; second: Rapport }> {
  const a = await device(browser);
  const second = new Rapport(await a.context.newPage());
  await second.open('#/data');
  await turnOn(a.app, { database });
  await expect(second.id('sync-status')).toBeVisible();
  return { a, second };
}

/** Presses "Sync now" on the Data page and waits for that round to end, without failure. */
async function syncNow(app: Rapport): Promise<void> {
  await app.goData();
  const status = app.id('sync-status');
  await expect(status).toHaveAttribute('data-syncing', 'false', { timeout: 30_000 });
  const before = Number(await status.getAttribute('data-rounds'));
  await app.id('sync-now').click();
  await expect
    .poll(async () => Number(await status.getAttribute('data-rounds')), { timeout: 30_000 })
    .toBeGreaterThan(before);
  await expect(status).toHaveAttribute('data-syncing', 'false', { timeout: 30_000 });
  await expect(app.id('sync-failure')).toHaveCount(0);
  await expect(app.id('sync-last')).toHaveText(/Last synced/);
}

/**
 * How many times the server took each document of `database`, from its revision history
 * (`?revs=true`: one revision a write), read over plain HTTP. A document kept in conflict
 * fails the test: sync never leaves one.
 */
async function writesPerDocument(database: string): Promise<Map<string, number>> {
  const headers = { Authorization: authorization() };
  const listed = await fetch(`${server}/${database}/_all_docs`, { headers });
  expect(listed.ok, `listing ${database}: HTTP ${listed.status}`).toBe(true);
  const { rows } = (await listed.json()) as { rows: { id: string }[] };
  const writes = new Map<string, number>();
  for (const { id } of rows) {
    const response = await fetch(`${server}/${database}/${encodeURIComponent(id)}?revs=true&conflicts=true`, { headers });
    expect(response.ok, `reading ${id}: HTTP ${response.status}`).toBe(true);
    const doc = (await response.json()) as { _revisions: { start: number; ids: string[] }; _conflicts?: string[] };
    expect(doc._conflicts ?? [], `${id} kept in conflict`).toEqual([]);
    expect(doc._revisions.ids.length, `${id}: its history holds every revision`).toBe(doc._revisions.start);
    writes.set(id, doc._revisions.ids.length);
  }
  return writes;
}

/** Presses "Sync now" in every tab at the same moment, then waits until none is syncing. */
async function syncAllAtOnce(tabs: Rapport[]): Promise<void> {
  for (const tab of tabs) {
    await tab.goData();
  }
  await Promise.all(tabs.map((tab) => tab.id('sync-now').click()));
  for (const tab of tabs) {
    await expect(tab.id('sync-status')).toHaveAttribute('data-syncing', 'false', { timeout: 30_000 });
    await expect(tab.id('sync-failure')).toHaveCount(0);
  }
}

/** The device's ledger, as its JSON export holds it (less the export's own time). */
async function exported(app: Rapport): Promise<unknown> {
  await app.goData();
  const [file] = await Promise.all([app.page.waitForEvent('download'), app.id('export-json').click()]);
  const json = JSON.parse(await readFile(await file.path(), 'utf8'));
  delete json.exported_at;
  return json;
}

test.describe('sync between two devices', () => {
  test('a contact added on A appears on B; deleted on B, it is gone on A', async ({ browser }) => {
    const database = freshDatabase();
    const a = await device(browser);
    const b = await device(browser);
    await a.app.goContacts();
    await a.app.addContact({ name: 'Ada Okafor', role: 'Climate editor' });
    await turnOn(a.app, { database });
    await expect(a.app.id('sync-waiting')).toHaveText('Every change here is on the server.');

    await turnOn(b.app, { database });
    expect((await b.app.ledgerCounts()).contacts).toBe(1);
    await b.app.goContacts();
    await b.app.openContact('Ada Okafor');
    await b.app.deleteOpenContact();
    await syncNow(b.app);
    await expect(b.app.id('sync-waiting')).toHaveText('Every change here is on the server.');

    await syncNow(a.app);
    expect((await a.app.ledgerCounts()).contacts).toBe(0);
    await a.app.goContacts();
    await expect(a.app.row('Ada Okafor')).toHaveCount(0);
    // After a reload, sync is still on, without the passphrase asked again.
    await a.app.reload();
    await a.app.goData();
    await expect(a.app.id('sync-status')).toBeVisible();
    await syncNow(a.app);
    await a.context.close();
    await b.context.close();
  });

  test('one contact edited on both devices offline converges, with every interaction', async ({ browser }) => {
    const database = freshDatabase();
    const a = await device(browser);
    const b = await device(browser);
    await a.app.goContacts();
    await a.app.addContact({ name: 'Ada Okafor', role: 'Reporter' });
    await turnOn(a.app, { database });
    await turnOn(b.app, { database });

    await a.context.setOffline(true);
    await b.context.setOffline(true);
    // A renames her role and logs a call; B tags her and logs an email.
    await a.app.goContacts();
    await a.app.openContact('Ada Okafor');
    await a.app.id('edit-contact').click();
    await a.app.fillContactForm({ role: 'Climate editor' });
    await a.app.id('save-contact').click();
    await expect(a.app.id('contact-form')).toBeHidden();
    await a.app.logInteraction({ kind: 'conversation', summary: 'Call about the launch' });
    await b.app.goContacts();
    await b.app.openContact('Ada Okafor');
    await b.app.id('edit-contact').click();
    await b.app.fillContactForm({ tags: 'climate' });
    await b.app.id('save-contact').click();
    await expect(b.app.id('contact-form')).toBeHidden();
    await b.app.logInteraction({ kind: 'give', summary: 'Sent the embargoed deck' });
    // Offline, a round fails in plain words and keeps the changes waiting.
    await a.app.goData();
    await a.app.id('sync-now').click();
    await expect(a.app.id('sync-failure')).toContainText('did not answer');
    await expect(a.app.id('sync-waiting')).toHaveText(/not synced yet/);

    await a.context.setOffline(false);
    await b.context.setOffline(false);
    await syncNow(a.app);
    await syncNow(b.app);
    await syncNow(a.app);
    const onA = await exported(a.app);
    const onB = await exported(b.app);
    expect(onA).toEqual(onB);
    for (const app of [a.app, b.app]) {
      await app.goContacts();
      await app.openContact('Ada Okafor');
      await expect(app.id('contact-subtitle')).toContainText('Climate editor');
      await expect(app.timelineItems().filter({ hasText: 'Call about the launch' })).toHaveCount(1);
      await expect(app.timelineItems().filter({ hasText: 'Sent the embargoed deck' })).toHaveCount(1);
    }
    const text = JSON.stringify(onA);
    expect(text).toContain('climate');
    await a.context.close();
    await b.context.close();
  });

  test('a wrong password, a wrong passphrase and an unreachable server are refused in plain words, changing nothing', async ({ browser }) => {
    const database = freshDatabase();
    const a = await device(browser);
    await a.app.goContacts();
    await a.app.addContact({ name: 'Ada Okafor' });
    await a.app.goData();
    const before = await a.app.ledgerCounts();

    await askToTurnOn(a.app, { database, password: `not-${password}` });
    await expect(a.app.id('sync-error')).toContainText('did not accept this user name and password');
    await expect(a.app.id('sync-form')).toBeVisible();

    await askToTurnOn(a.app, { database, server: closed });
    await expect(a.app.id('sync-error')).toContainText('did not answer');
    await expect(a.app.id('sync-form')).toBeVisible();

    await askToTurnOn(a.app, { database, passphrase: 'too short' });
    await expect(a.app.id('sync-error')).toContainText('at least 15 characters');
    expect(await a.app.ledgerCounts()).toEqual(before);

    // A turns sync on; B, with another passphrase, is refused before anything is written.
    await turnOn(a.app, { database });
    const stored = await storedText(database);
    const b = await device(browser);
    await b.app.goContacts();
    await b.app.addContact({ name: 'Bea Lindqvist' });
    await askToTurnOn(b.app, { database, passphrase: 'incorrect horse battery staple' });
    await expect(b.app.id('sync-error')).toContainText('does not open the copy on the server');
    await expect(b.app.id('sync-form')).toBeVisible();
    expect(await storedText(database)).toEqual(stored);
    expect(await b.app.ledgerCounts()).toEqual({ contacts: 1, interactions: 0, promises: 0 });
    await a.context.close();
    await b.context.close();
  });

  test("the server's documents hold none of the ledger's words", async ({ browser }) => {
    const database = freshDatabase();
    const a = await device(browser);
    await a.app.goContacts();
    await a.app.addContact({
      name: 'Zoë Quillfeather',
      role: 'Investigations desk',
      emails: 'zoe.quillfeather@example.org',
      notes: 'Prefers Signal; embargo-averse',
    });
    await a.app.logInteraction({ kind: 'conversation', summary: 'Briefed on the Halvorsen merger' });
    await turnOn(a.app, { database });
    const { text, count } = await storedText(database);
    // The key check, the settings, the contact and the interaction at least.
    expect(count).toBeGreaterThanOrEqual(4);
    expect(text).toContain('sealed');
    expect(text).toContain('contact:');
    for (const secret of [
      'Zoë',
      'Zo\\u00eb',
      'Quillfeather',
      'Investigations',
      'example.org',
      'Signal',
      'embargo',
      'Halvorsen',
      'Briefed',
      PASSPHRASE,
      'paper lantern',
    ]) {
      expect(text, `the server holds “${secret}”`).not.toContain(secret);
    }
    await a.context.close();
  });

  test('the passphrase changed on A: B is told in plain words, the old one opens nothing, the new one reads everything', async ({ browser }) => {
    const database = freshDatabase();
    const a = await device(browser);
    const b = await device(browser);
    await a.app.goContacts();
    await a.app.addContact({ name: 'Ada Okafor', role: 'Climate editor' });
    await turnOn(a.app, { database });
    await turnOn(b.app, { database });

    const NEW = 'copper kettle over frost';
    await a.app.goData();
    await a.app.id('sync-passphrase-open').click();
    await a.app.id('sync-new-passphrase').fill('too short');
    await a.app.id('sync-passphrase-change').click();
    await expect(a.app.id('sync-passphrase-error')).toContainText('at least 15 characters');
    await a.app.id('sync-new-passphrase').fill(NEW);
    await a.app.id('sync-passphrase-change').click();
    await expect(a.app.id('sync-passphrase-open')).toBeVisible({ timeout: 30_000 });
    await a.app.goContacts();
    await a.app.addContact({ name: 'Bea Lindqvist', role: 'Producer' });
    await syncNow(a.app);

    // B still holds the old key: its round stops, and says why.
    await b.app.goData();
    await b.app.id('sync-now').click();
    await expect(b.app.id('sync-failure')).toContainText('changed on another device', { timeout: 30_000 });
    expect((await b.app.ledgerCounts()).contacts).toBe(1);
    // Turned off and on again: the old passphrase is refused, the new one reads everything.
    await b.app.id('sync-turn-off').click();
    await b.app.id('sync-off-confirm').click();
    await askToTurnOn(b.app, { database });
    await expect(b.app.id('sync-error')).toContainText('does not open', { timeout: 30_000 });
    await b.app.id('sync-passphrase').fill(NEW);
    await b.app.id('sync-turn-on').click();
    await expect(b.app.id('sync-status')).toBeVisible({ timeout: 30_000 });
    await expect(b.app.id('sync-status')).not.toHaveAttribute('data-rounds', '0', { timeout: 30_000 });
    await expect(b.app.id('sync-failure')).toHaveCount(0);
    expect((await b.app.ledgerCounts()).contacts).toBe(2);
    expect(await exported(b.app)).toEqual(await exported(a.app));
    await a.context.close();
    await b.context.close();
  });

  test('a passphrase change waits for the round of another tab: refused in plain words while it runs, done after', async ({ browser }) => {
    const database = freshDatabase();
    const { a, second } = await twoTabs(browser, database);
    await a.app.goContacts();
    await a.app.addContact({ name: 'Ada Okafor' });
    await syncNow(a.app);
    // The second tab holds the tabs' sync lock, as it does while its round runs.
    await second.page.evaluate(() => {
      void navigator.locks.request('rapport-sync', () => new Promise<void>((release) => {
        (window as unknown as { releaseSync: () => void }).releaseSync = release;
      }));
    });
    await expect.poll(() => second.page.evaluate(() => 'releaseSync' in window)).toBe(true);

    const NEW = 'copper kettle over frost';
    await a.app.goData();
    await a.app.id('sync-passphrase-open').click();
    await a.app.id('sync-new-passphrase').fill(NEW);
    await a.app.id('sync-passphrase-change').click();
    await expect(a.app.id('sync-passphrase-error')).toContainText('Sync is running', { timeout: 30_000 });
    // Nothing was sealed again: a new device still opens the server's copy with the old one.
    const b = await device(browser);
    await turnOn(b.app, { database });
    expect((await b.app.ledgerCounts()).contacts).toBe(1);

    await second.page.evaluate(() => (window as unknown as { releaseSync: () => void }).releaseSync());
    await a.app.id('sync-passphrase-change').click();
    await expect(a.app.id('sync-passphrase-open')).toBeVisible({ timeout: 30_000 });
    await b.app.goData();
    await b.app.id('sync-now').click();
    await expect(b.app.id('sync-failure')).toContainText('changed on another device', { timeout: 30_000 });
    await a.context.close();
    await b.context.close();
  });

  test('rounds run by themselves: 2 s after a change, then after a failure not before 30 s, then 60 s; back online at once', async ({ browser }) => {
    const database = freshDatabase();
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.clock.install();
    const app = new Rapport(page);
    await app.open('#/data');
    await turnOn(app, { database });
    const status = app.id('sync-status');
    const rounds = async () => Number(await status.getAttribute('data-rounds'));
    /** Lets `ms` pass on the page's clock, then gives what it started a moment to end. */
    const pass = async (ms: number) => {
      await page.clock.runFor(ms);
      await page.waitForTimeout(300);
    };

    // The server stops answering; the page's time stands still unless moved on here.
    let refused = 0;
    const toServer = (url: URL) => url.href.startsWith(server);
    await context.route(toServer, (route) => {
      refused += 1;
      return route.abort('connectionrefused');
    });
    await page.clock.pauseAt((await page.evaluate(() => Date.now())) + 1_000);
    const before = await rounds();
    await app.goContacts();
    await app.addContact({ name: 'Ada Okafor' });
    await app.goData();
    await pass(1_000);
    expect(await rounds(), 'no round within 2 s of the change').toBe(before);
    await pass(1_500);
    await expect.poll(rounds, { message: 'a round 2 s after the change' }).toBe(before + 1);
    await expect(app.id('sync-failure')).toContainText('did not answer');
    expect(refused).toBeGreaterThan(0);

    // After the first failure: nothing for 30 s (the 30 s checks wait too), then a round.
    await pass(28_000);
    expect(await rounds(), 'no round within 30 s of the failure').toBe(before + 1);
    await pass(3_000);
    await expect.poll(rounds, { message: 'a round 30 s after the failure' }).toBe(before + 2);
    // After the second: the wait doubles to 60 s.
    await pass(57_000);
    expect(await rounds(), 'no round within 60 s of the second failure').toBe(before + 2);
    await pass(4_000);
    await expect.poll(rounds, { message: 'a round 60 s after it' }).toBe(before + 3);

    // The browser comes back online: a round at once, whatever the wait.
    await context.unroute(toServer);
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await expect.poll(rounds, { message: 'a round as the browser is online again' }).toBe(before + 4);
    await expect(app.id('sync-failure')).toHaveCount(0);
    await expect(app.id('sync-waiting')).toHaveText('Every change here is on the server.');
    expect((await storedText(database)).text).not.toContain('Ada Okafor');
    await context.close();
  });

  test('two tabs of one device: sync turned on in one is on in the other, and what the other adds travels', async ({ browser }) => {
    const database = freshDatabase();
    const { a, second } = await twoTabs(browser, database);
    await second.goContacts();
    await second.addContact({ name: 'Tab Two' });
    await second.goData();
    await expect(second.id('sync-waiting')).toHaveText('Every change here is on the server.', { timeout: 30_000 });
    const b = await device(browser);
    await turnOn(b.app, { database });
    expect((await b.app.ledgerCounts()).contacts).toBe(1);
    await a.context.close();
    await b.context.close();
  });

  test('two tabs of one device, both syncing: the server takes each change made in one of them once', async ({ browser }) => {
    const database = freshDatabase();
    const { a, second } = await twoTabs(browser, database);
    const before = await writesPerDocument(database);
    const rounds = async () =>
      Promise.all([a.app, second].map(async (tab) => Number(await tab.id('sync-status').getAttribute('data-rounds'))));
    const roundsBefore = await rounds();
    // Three changes to one contact, made in the second tab, each on the server before the
    // next (whichever tab's round took it there), so none is folded into the next.
    const changes = [
      async () => {
        await second.goContacts();
        await second.addContact({ name: 'Tab Two', role: 'Reporter' });
      },
      ...['Editor', 'Climate editor'].map((role) => async () => {
        await second.goContacts();
        await second.openContact('Tab Two');
        await second.id('edit-contact').click();
        await second.fillContactForm({ role });
        await second.id('save-contact').click();
        await expect(second.id('contact-form')).toBeHidden();
      }),
    ];
    const added = async () => [...(await writesPerDocument(database)).entries()].filter(([id]) => !before.has(id));
    for (const [made, change] of changes.entries()) {
      await change();
      await syncAllAtOnce([a.app, second]);
      await expect.poll(async () => (await added()).map(([, writes]) => writes), { timeout: 30_000 }).toEqual([made + 1]);
    }
    // More rounds in both tabs, one after the other and at the same moment: none writes again.
    for (let round = 0; round < 3; round++) {
      await syncAllAtOnce([a.app]);
      await syncAllAtOnce([second]);
      await syncAllAtOnce([a.app, second]);
    }
    const after = await writesPerDocument(database);
    const [[contact, writes]] = await added();
    expect(writes, `${contact}: written once for each of the ${changes.length} changes`).toBe(changes.length);
    expect([...after.keys()].filter((id) => !before.has(id)), 'the contact is the one new document').toEqual([contact]);
    for (const [id, count] of before) {
      expect(after.get(id), `${id} is not written again`).toBe(count);
    }
    // Both tabs ran rounds of their own, and the first tab follows the second's change.
    const roundsAfter = await rounds();
    expect(roundsAfter[0]).toBeGreaterThan(roundsBefore[0]);
    expect(roundsAfter[1]).toBeGreaterThan(roundsBefore[1]);
    await a.app.goContacts();
    await a.app.openContact('Tab Two');
    await expect(a.app.id('contact-subtitle')).toContainText('Climate editor');
    await a.context.close();
  });
});

/** A port nothing listens on now. */
function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.on('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? done(address.port) : fail(new Error('no port'))));
    });
  });
}

/**
 * A pouchdb-server of this test's own that keeps its databases on disk (in a folder of its
 * own), so it can be stopped and started again on the same port with everything it held,
 * as a CouchDB restarts.
 */
class DiskCouch {
  private process: ChildProcess | null = null;
  constructor(readonly dir: string, readonly port: number) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const bin = resolve('node_modules/.bin/pouchdb-server');
    this.process = spawn(bin, ['--host', '127.0.0.1', '-p', String(this.port), '-n'], {
      cwd: this.dir,
      stdio: 'ignore',
    });
    await expect
      .poll(async () => fetch(`${this.url}/`).then((answer) => answer.ok, () => false), { timeout: 30_000 })
      .toBe(true);
  }

  async stop(): Promise<void> {
    const running = this.process;
    this.process = null;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((done) => running.once('exit', done));
    running.kill();
    await exited;
  }
}

test('the server restarted in the middle of a sync: both devices converge afterwards', async ({ browser }) => {
  const dir = await mkdtemp(join(tmpdir(), 'rapport-e2e-couch-'));
  const couch = new DiskCouch(dir, await freePort());
  try {
    await couch.start();
    // Naming an admin ends the "admin party"; it is kept in the folder's config.json.
    const named = await fetch(`${couch.url}/_config/admins/${admin}`, {
      method: 'PUT',
      body: JSON.stringify(password),
    });
    expect(named.ok, `admin: HTTP ${named.status}`).toBe(true);
    const database = freshDatabase();
    const a = await device(browser);
    const b = await device(browser);
    for (const name of ['Ada Okafor', 'Bea Lindqvist', 'Cy Adeyemi']) {
      await a.app.goContacts();
      await a.app.addContact({ name });
    }
    await turnOn(a.app, { database, server: couch.url });
    await turnOn(b.app, { database, server: couch.url });
    expect((await b.app.ledgerCounts()).contacts).toBe(3);

    await a.app.goContacts();
    await a.app.addContact({ name: 'Dee During' });
    await b.app.goContacts();
    await b.app.addContact({ name: 'Eve Meanwhile' });
    // A round starts on A, and the server goes down under it.
    await a.app.goData();
    await expect(a.app.id('sync-status')).toHaveAttribute('data-syncing', 'false', { timeout: 30_000 });
    await a.app.id('sync-now').click();
    await couch.stop();
    await expect(a.app.id('sync-status')).toHaveAttribute('data-syncing', 'false', { timeout: 30_000 });
    await couch.start();

    await syncNow(a.app);
    await syncNow(b.app);
    await syncNow(a.app);
    expect((await a.app.ledgerCounts()).contacts).toBe(5);
    expect(await exported(a.app)).toEqual(await exported(b.app));
    for (const app of [a.app, b.app]) {
      await expect(app.id('sync-waiting')).toHaveText('Every change here is on the server.');
    }
    await a.context.close();
    await b.context.close();
  } finally {
    await couch.stop();
    await rm(dir, { recursive: true, force: true });
  }
});
