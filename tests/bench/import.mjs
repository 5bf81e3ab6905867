// What reading a file costs the page's own thread, the one that draws it and answers the
// person: the seeded heavy ledger's export imported into an empty ledger, and a 100,000-row
// CSV read up to its column-mapping step. Prints figures; asserts nothing.
//
//   node tests/bench/import.mjs --site target/bench/site --ledger heavy.json [--runs 5]
//
// The site is a copy of dist/ plus the ledger export (as scripts/bench.sh makes it), served
// under /rapport/ by tests/e2e/serve.mjs. At full speed and with the CPU slowed 4× (a
// phone), per run, in a fresh browser context (medians):
//   total      from the file chosen to the result on screen
//   longest    the longest task on the page's thread meanwhile (Long Tasks API: tasks of
//              50 ms or more; the worker's thread is not counted, which is the point)
//   blocking   the part of those tasks beyond 50 ms each, summed (as Lighthouse's TBT)
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from '@playwright/test';
import { serveSite } from '../engines/session.mjs';
import { median, option } from './figures.mjs';

const site = resolve(option('site', 'target/bench/site'));
const ledgerFile = option('ledger', 'heavy.json');
const runs = Number(option('runs', '5'));
// On a free port, as the cross-engine suite serves it.
const server = await serveSite(site, { isolated: true });
const base = server.url;

// Given by its path: a file given as bytes is built in the page by Playwright's own script,
// a long task of the harness's, not the app's.
const csvRows = ['Name,Email,Company'];
for (let n = 0; n < 100_000; n += 1) csvRows.push(`Person ${n},p${n}@example.org,Outlet ${n % 50}`);
const csv = join(await mkdtemp(join(tmpdir(), 'rapport-bench-')), 'big.csv');
await writeFile(csv, csvRows.join('\n'));

/** Chooses a file on the Data page and measures until `done` shows, with the CPU slowed
 * `slowdown` times (4: a phone, as Lighthouse's mobile default). */
async function measure(browser, input, file, done, slowdown) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: slowdown });
  await page.goto(`${base}#/data`);
  await page.getByTestId(input).waitFor();
  await page.evaluate(() => {
    window.__tasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.__tasks.push(entry.duration);
    }).observe({ type: 'longtask' });
  });
  const started = Date.now();
  await page.getByTestId(input).setInputFiles(file);
  await done(page).waitFor({ timeout: 600_000 });
  const total = Date.now() - started;
  // A long task ending with the result is reported just after it.
  await page.waitForTimeout(200);
  const tasks = await page.evaluate(() => window.__tasks);
  await context.close();
  return {
    total,
    longest: Math.max(0, ...tasks),
    blocking: tasks.reduce((sum, duration) => sum + Math.max(0, duration - 50), 0),
  };
}

const browser = await chromium.launch({ executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium' });
const cases = [
  ['export', 'import-file', join(site, ledgerFile), (page) => page.getByText(/Imported \d+ contacts/)],
  ['csv', 'contacts-file', csv, (page) => page.getByTestId('mapping-continue')],
];
try {
  console.log(`Reading files on ${base} (${runs} runs, medians)`);
  for (const slowdown of [1, 4]) {
    for (const [name, input, file, done] of cases) {
      const figures = [];
      for (let run = 0; run < runs; run += 1) figures.push(await measure(browser, input, file, done, slowdown));
      const of = (key) => median(figures.map((figure) => figure[key])).toFixed(0);
      const label = name === 'export' ? `the ${ledgerFile} export imported` : 'a 100,000-row CSV read to its mapping';
      console.log(`  CPU ${slowdown}×, ${label}: total ${of('total')} ms; page's thread: longest task ${of('longest')} ms, blocking ${of('blocking')} ms`);
    }
  }
} finally {
  await browser.close();
  await server.stop();
}
