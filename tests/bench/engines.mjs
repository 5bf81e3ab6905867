// The per-engine benchmark: the release build in Chromium, Firefox ESR and WebKitGTK (the
// engine of Safari), each driven through its own WebDriver server with selenium-webdriver
// (tests/engines/session.mjs). Prints figures; asserts nothing. Run through
// scripts/bench-engines.sh, which builds dist/, writes the heavy ledger's export and runs
// the capacity test in each engine first:
//
//   node tests/bench/engines.mjs --site target/bench-engines/site [--runs 7]
//       [--engines chromium,firefox,webkit] [--capacity target/bench-engines]
//
// In each engine, in a fresh profile: the heavy ledger (heavy.json, 5,000 contacts and
// 50,000 interactions) is imported through the Data page, as the cross-engine suite does;
// the page is reloaded once (the first visit with a ledger measures the storage's room),
// then `runs` times, each time reading the `rapport:load` measure the app records (the read
// of the ledger from localStorage) and timing the JavaScript part of that read again (the
// stored texts fetched and their units copied, as the app hands them to the WebAssembly);
// then `edits` interactions are logged on the first contact, each time reading the
// `rapport:save` measure (the one edit saved), as tests/bench/bench.mjs does in Chromium. The site is served cross-origin isolated, as
// bench.mjs serves it, for the finest clock each engine gives; the clock's step found in
// the page is printed with the figures. The storage meter of the Data page gives the heavy
// ledger's units and this engine's room as the app measured it.
//
// The capacity figures (the capacity ledger, 5,000 contacts and 100,000 interactions, in
// units and as a share of this engine's room) come from the browser test
// `the_capacity_target_persists_and_reloads` (tests/web_storage.rs), whose output the shell
// script keeps as <capacity dir>/capacity-<engine>.log.
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { App, ENGINES, newSession, serveSite, startDriver } from '../engines/session.mjs';
import { median, option } from './figures.mjs';

const site = resolve(option('site', 'target/bench-engines/site'));
const runs = Number(option('runs', process.env.RUNS ?? '7'));
const capacityDir = resolve(option('capacity', join(site, '..')));
const engines = option('engines', process.env.ENGINES ?? 'chromium,firefox,webkit')
  .split(',')
  .map((name) => name.trim())
  .filter(Boolean);
for (const name of engines) {
  if (!ENGINES[name]) throw new Error(`unknown engine "${name}": choose among ${Object.keys(ENGINES).join(', ')}`);
}

/** Edits timed per engine: as in bench.mjs, one save is about a millisecond. */
const edits = Math.max(30, runs * 6);

/** The seeded heavy ledger (examples/export_sample.rs heavy). */
const HEAVY = { contacts: 5_000, interactions: 50_000 };

const ms = (value) => (Number.isFinite(value) ? `${value.toFixed(value < 10 ? 2 : 1)} ms` : 'n/a');
const grouped = (value) => (Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : 'n/a');
/** "Chromium 156", "Firefox 153", "WebKit 2.50": the engine and its version, as reported. */
const engineName = (result) => {
  const parts = result.version.split('.');
  return `${result.label} ${Number(parts[0]) < 10 ? parts.slice(0, 2).join('.') : parts[0]}`;
};
const percent = (value) => (Number.isFinite(value) ? `${value.toFixed(1)} %` : 'n/a');

/** The last measure named `name` the app recorded: its start and duration, or null. */
const lastMeasure = (app, name) =>
  app.run(
    `const entry = performance.getEntriesByName(arguments[0], 'measure').at(-1);
     return entry ? { start: entry.startTime, duration: entry.duration } : null;`,
    name,
  );

/** Waits for a measure named `name` that started after `after` (ms from the page's start). */
async function newMeasure(app, name, after = -1, ms = 60_000) {
  let found = null;
  await app.driver.wait(
    async () => {
      found = await lastMeasure(app, name);
      return found !== null && found.start > after;
    },
    ms,
    `no new ${name} measure`,
  );
  return found;
}

/** The smallest step of performance.now() in this page, and whether it is isolated. */
function clock(app) {
  return app.run(`
    let step = Infinity;
    let last = performance.now();
    const until = last + 50;
    while (true) {
      const now = performance.now();
      if (now !== last) { step = Math.min(step, now - last); last = now; }
      if (now > until) break;
    }
    return { step, isolated: self.crossOriginIsolated === true, userAgent: navigator.userAgent };`);
}

/**
 * The JavaScript part of the read, done again after the load: every stored text of Rapport
 * fetched from localStorage and its UTF-16 units copied into a Uint16Array, as the app's
 * `read_units` (crates/core/src/storage/local.rs) hands them to the WebAssembly. What the
 * load takes beyond this is the WebAssembly's decoding.
 */
function copyUnits(app) {
  return app.run(`
    const started = performance.now();
    for (const key of Object.keys(localStorage)) {
      if (!key.startsWith('rapport')) continue;
      const text = localStorage.getItem(key);
      const units = new Uint16Array(text.length);
      for (let at = 0; at < text.length; at += 1) units[at] = text.charCodeAt(at);
    }
    return performance.now() - started;`);
}

/** The storage meter of the Data page: units used and the room the app measured. */
async function meter(app) {
  await app.goData();
  await app.ledgerCounts();
  const element = await app.visible('storage-meter');
  return { units: Number(await element.getAttribute('value')), room: Number(await element.getAttribute('max')) };
}

async function benchEngine(engine, server) {
  const driverServer = await startDriver(engine);
  let driver;
  try {
    driver = await newSession(engine, driverServer);
    const capabilities = await driver.getCapabilities();
    const version = capabilities.get('browserVersion') ?? capabilities.get('version') ?? '';
    const app = new App(driver, server.url);
    await app.open('#/data');
    const timer = await clock(app);

    const importStarted = Date.now();
    await app.chooseFile('import-file', 'rapport-heavy.json', { path: 'heavy.json' });
    await app.visible('import-success', 600_000);
    const importMs = Date.now() - importStarted;
    const counts = await app.ledgerCounts();
    if (counts.contacts !== HEAVY.contacts || counts.interactions !== HEAVY.interactions) {
      throw new Error(`${engine}: the import holds ${JSON.stringify(counts)}, not the heavy ledger`);
    }

    // Reloads start on Today, as a person's visit does. The first visit with a ledger
    // measures the storage's room (and the service worker settles): not counted.
    await app.open('#/');
    await app.visible('today');
    await app.reload();
    await newMeasure(app, 'rapport:load');

    const loads = [];
    const readStarts = [];
    const agendas = [];
    const copies = [];
    for (let run = 0; run < runs; run += 1) {
      await app.reload();
      const load = await newMeasure(app, 'rapport:load');
      loads.push(load.duration);
      readStarts.push(load.start);
      await app.visible('today');
      agendas.push((await newMeasure(app, 'rapport:agenda', load.start)).duration);
      copies.push(await copyUnits(app));
    }

    const stored = await meter(app);

    // One edit saved: an interaction logged on the first contact, as bench.mjs does.
    await app.goContacts();
    await app.click('contact-row');
    await app.visible('log-form');
    const saves = [];
    for (let run = 0; run < edits; run += 1) {
      await app.type('log-summary', `Benchmark note ${run}`);
      const before = (await lastMeasure(app, 'rapport:save'))?.start ?? -1;
      await app.click('log-submit');
      saves.push((await newMeasure(app, 'rapport:save', before)).duration);
      await app.driver.wait(
        async () => (await (await app.visible('log-summary')).getAttribute('value')) === '',
        15_000,
        'the log form did not clear after a save',
      );
    }
    const afterEdits = await meter(app);

    return {
      engine,
      label: ENGINES[engine].label,
      version,
      timer,
      importMs,
      loadMs: { median: median(loads), all: loads },
      readStartedMs: median(readStarts),
      agendaMs: median(agendas),
      copyUnitsMs: { median: median(copies), all: copies },
      editSaveMs: { median: median(saves), all: saves },
      heavy: { ...stored, share: (100 * stored.units) / stored.room },
      afterEdits,
    };
  } finally {
    await driver?.quit().catch(() => {});
    await driverServer.stop();
  }
}

/**
 * The capacity test's line, e.g. "capacity: 2372969 units (256 chunks), usage 2373282 units
 * of this engine's 5242688 (45.3 %); save 1150 ms, ...".
 */
async function capacity(engine) {
  const file = join(capacityDir, `capacity-${engine}.log`);
  const text = await readFile(file, 'utf8').catch(() => '');
  const found = /capacity: (\d+) units \((\d+) chunks\), usage (\d+) units of this engine's (\d+) \(([\d.]+) %\)/.exec(text);
  if (!found) return { file, missing: true };
  const [, written, chunks, usage, room, share] = found;
  return { written: Number(written), chunks: Number(chunks), usage: Number(usage), room: Number(room), share: Number(share) };
}

async function main() {
  const server = await serveSite(site, { isolated: true });
  const results = { date: new Date().toISOString(), runs, edits, engines: [] };
  try {
    for (const engine of engines) {
      console.log(`==== ${ENGINES[engine].label}: importing the heavy ledger, ${runs} reloads, ${edits} edits`);
      const result = await benchEngine(engine, server);
      result.capacity = await capacity(engine);
      results.engines.push(result);
      console.log(
        `  load ${ms(result.loadMs.median)} (all: ${result.loadMs.all.map((value) => value.toFixed(1)).join(', ')}); ` +
          `one edit saved ${ms(result.editSaveMs.median)}; clock step ${result.timer.step.toFixed(3)} ms` +
          `${result.timer.isolated ? ', isolated' : ', not isolated'}`,
      );
    }
  } finally {
    await server.stop();
  }

  console.log(`\nRapport per engine (${results.date}; release build; medians of ${runs} reloads and ${edits} edits)`);
  console.log('\nCapacity ledger (5,000 contacts, 100,000 interactions; tests/web_storage.rs the_capacity_target_persists_and_reloads):');
  console.log('| engine | ledger written (units) | store used (units) | room of this engine (units) | share of the room |');
  console.log('|---|---:|---:|---:|---:|');
  for (const result of results.engines) {
    const c = result.capacity;
    const name = engineName(result);
    if (c.missing) console.log(`| ${name} | n/a (no ${c.file}) | | | |`);
    else console.log(`| ${name} | ${grouped(c.written)} | ${grouped(c.usage)} | ${grouped(c.room)} | ${percent(c.share)} |`);
  }
  console.log('\nHeavy ledger (5,000 contacts, 50,000 interactions; the release app):');
  console.log('| engine | stored (units) | share of the room | load (`rapport:load`) | the same units copied in JS | one-edit save (`rapport:save`) | Today\'s agenda | read began | import | clock step |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const result of results.engines) {
    const name = engineName(result);
    console.log(
      `| ${name} | ${grouped(result.heavy.units)} | ${percent(result.heavy.share)} of ${grouped(result.heavy.room)} | ` +
        `${ms(result.loadMs.median)} | ${ms(result.copyUnitsMs.median)} | ${ms(result.editSaveMs.median)} | ${ms(result.agendaMs)} | ` +
        `${ms(result.readStartedMs)} | ${(result.importMs / 1000).toFixed(1)} s | ` +
        `${result.timer.step < 0.01 ? `${(result.timer.step * 1000).toFixed(0)} µs` : ms(result.timer.step)}${result.timer.isolated ? '' : ' (not isolated)'} |`,
    );
  }
  const out = join(capacityDir, 'results.json');
  await writeFile(out, JSON.stringify(results, null, 2));
  console.log(`\n(all figures: ${out})`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
