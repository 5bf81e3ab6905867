// WebDriver sessions in Firefox ESR and WebKitGTK for the cross-engine suite, and a small
// page object that finds every element by its data-testid, as tests/e2e/rapport.ts does for
// Playwright. Playwright cannot drive Debian's Firefox or WebKit builds, so these go through
// their own WebDriver servers (geckodriver, WebKitWebDriver) with selenium-webdriver.
//
// Each session is a fresh browser profile (its own empty localStorage), like a Playwright
// context. WebKit's MiniBrowser needs a display: scripts/test-engines.sh starts Xvfb.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { Builder, By, until } from 'selenium-webdriver';

/**
 * How each engine is driven: its WebDriver server, and the capabilities of a session.
 * Chromium is here for the per-engine benchmark (tests/bench/engines.mjs); the suite itself
 * runs Firefox and WebKit only (Playwright covers Chromium).
 */
export const ENGINES = {
  chromium: {
    label: 'Chromium',
    driver: () => process.env.CHROMEDRIVER ?? '/usr/bin/chromedriver',
    args: (port) => [`--port=${port}`],
    capabilities: () => ({
      browserName: 'chrome',
      'goog:chromeOptions': {
        binary: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
        // As webdriver.json (the browser tests) and tests/bench/bench.mjs launch it.
        args: [
          '--headless=new',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-dev-shm-usage',
          '--disable-background-networking',
          '--disable-component-update',
          '--no-first-run',
          '--window-size=1280,800',
        ],
      },
    }),
  },
  firefox: {
    label: 'Firefox',
    driver: () => process.env.GECKODRIVER ?? join(homedir(), '.cargo/bin/geckodriver'),
    args: (port) => ['--host', '127.0.0.1', '--port', String(port)],
    capabilities: () => ({
      browserName: 'firefox',
      'moz:firefoxOptions': {
        binary: process.env.FIREFOX_BINARY ?? '/usr/bin/firefox-esr',
        args: ['-headless'],
        // No first-run pages, no update or telemetry calls: the suite stays on 127.0.0.1.
        prefs: {
          'browser.shell.checkDefaultBrowser': false,
          'app.update.enabled': false,
          'datareporting.policy.dataSubmissionEnabled': false,
          'toolkit.telemetry.enabled': false,
        },
      },
    }),
  },
  webkit: {
    label: 'WebKit',
    driver: () => process.env.WEBKITWEBDRIVER ?? '/usr/bin/WebKitWebDriver',
    args: (port) => [`--port=${port}`],
    capabilities: () => ({
      browserName: 'MiniBrowser',
      'webkitgtk:browserOptions': {
        binary: process.env.MINIBROWSER ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser',
        args: ['--automation'],
      },
    }),
  },
};

/** The engines to run, from ENGINES ("firefox,webkit" by default). */
export function chosenEngines() {
  const names = (process.env.ENGINES ?? 'firefox,webkit').split(',').map((name) => name.trim()).filter(Boolean);
  for (const name of names) {
    if (!ENGINES[name]) throw new Error(`unknown engine "${name}": choose among ${Object.keys(ENGINES).join(', ')}`);
  }
  return names;
}

/** A free TCP port on the loopback interface. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Waits until something listens on `port`, or fails after `ms`. */
async function listening(port, ms, child, name) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode}`);
    const up = await new Promise((resolve) => {
      fetch(`http://127.0.0.1:${port}/`).then(() => resolve(true), () => resolve(false));
    });
    if (up) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${name} did not listen on port ${port} within ${ms} ms`);
}

/** Starts a program that serves HTTP on a free port; resolves once it answers. */
export async function startServer(name, command, args, port) {
  const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let errors = '';
  child.stderr.on('data', (chunk) => {
    errors = (errors + chunk).slice(-4000);
  });
  try {
    await listening(port, 30_000, child, name);
  } catch (error) {
    child.kill();
    throw new Error(`${error.message}\n${errors}`);
  }
  return {
    port,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill();
      }),
  };
}

/**
 * Serves `dir` under /rapport/ with tests/e2e/serve.mjs, as the Playwright suite does;
 * `isolated` adds the cross-origin isolation headers (finer performance.now(), for benchmarks).
 */
export async function serveSite(dir, { isolated = false } = {}) {
  const port = await freePort();
  const args = ['tests/e2e/serve.mjs', '--dir', dir, '--port', String(port), '--base', '/rapport/'];
  if (isolated) args.push('--isolated');
  const server = await startServer('serve.mjs', process.execPath, args, port);
  return { ...server, url: `http://127.0.0.1:${port}/rapport/` };
}

/** Starts the WebDriver server of `engine` (one per engine, shared by its sessions). */
export async function startDriver(engine) {
  const spec = ENGINES[engine];
  const port = await freePort();
  return startServer(`${spec.label}'s WebDriver`, spec.driver(), spec.args(port), port);
}

/** A new browser session (a fresh profile) through `driverServer`. */
export async function newSession(engine, driverServer) {
  const driver = await new Builder()
    .usingServer(`http://127.0.0.1:${driverServer.port}`)
    .withCapabilities(ENGINES[engine].capabilities())
    .build();
  await driver.manage().setTimeouts({ script: 60_000, pageLoad: 60_000 });
  return driver;
}

const WAIT_MS = 15_000;

/** Rapport in one browser session, driven by data-testid as a person would. */
export class App {
  constructor(driver, baseUrl) {
    this.driver = driver;
    this.baseUrl = baseUrl;
  }

  css(testId) {
    return By.css(`[data-testid="${testId}"]`);
  }

  /** The first element with `testId`, once it is on the page and shown. */
  async visible(testId, ms = WAIT_MS) {
    const element = await this.driver.wait(until.elementLocated(this.css(testId)), ms, `no ${testId} on the page`);
    await this.driver.wait(until.elementIsVisible(element), ms, `${testId} is not shown`);
    return element;
  }

  /** Whether an element with `testId` is on the page now. */
  async present(testId) {
    return (await this.driver.findElements(this.css(testId))).length > 0;
  }

  /**
   * Clicks `testId`. WebKitWebDriver sometimes calls a shown, enabled button not
   * interactable (after the page scrolled under it); then the click is made by the page.
   * It also scrolls a control to the very bottom of the window, ignoring the page's
   * scroll-padding, so the fixed toast dock is over it: then it is brought to the middle
   * and clicked again, as a person would scroll to it.
   */
  async click(testId) {
    const element = await this.visible(testId);
    try {
      await element.click();
    } catch (error) {
      if (error.name === 'ElementClickInterceptedError') {
        await this.run('arguments[0].scrollIntoView({ block: "center" });', element);
        await element.click();
      } else if (error.name === 'ElementNotInteractableError') {
        await this.run('arguments[0].scrollIntoView({ block: "center" }); arguments[0].click();', element);
      } else {
        throw error;
      }
    }
  }

  async type(testId, text) {
    const element = await this.visible(testId);
    await element.clear();
    await element.sendKeys(text);
  }

  /**
   * Chooses `value` in the menu `testId`. Set through the page, as the menu's own popup
   * does: clicking an <option> is not interactable in WebKitWebDriver.
   */
  async select(testId, value) {
    const element = await this.visible(testId);
    await element.findElement(By.css(`option[value="${value}"]`));
    await this.run(
      `const [menu, value] = arguments;
       menu.focus();
       menu.value = value;
       menu.dispatchEvent(new Event('input', { bubbles: true }));
       menu.dispatchEvent(new Event('change', { bubbles: true }));`,
      element,
      value,
    );
  }

  /**
   * The text in `element`, shown or not: WebKitWebDriver's rendered text of a contact row
   * leaves out the name (a link inside it), so rows and timeline items are read this way.
   */
  textContent(element) {
    return this.driver.executeScript('return arguments[0].textContent', element);
  }

  async text(testId) {
    return (await this.visible(testId)).getText();
  }

  /** Waits until the text of `testId` matches `pattern`; returns it. */
  async waitText(testId, pattern, ms = WAIT_MS) {
    let last = '';
    await this.driver.wait(
      async () => {
        const found = await this.driver.findElements(this.css(testId));
        last = found.length ? await found[0].getText() : '';
        return pattern.test(last);
      },
      ms,
      `${testId} never matched ${pattern}`,
    ).catch((error) => {
      throw new Error(`${error.message}; it reads "${last}"`);
    });
    return last;
  }

  /** Waits until nothing with `testId` is on the page. */
  async gone(testId, ms = WAIT_MS) {
    await this.driver.wait(async () => !(await this.present(testId)), ms, `${testId} stays on the page`);
  }

  /** Opens the app at a hash route and waits until the WebAssembly app has mounted. */
  async open(hash = '#/contacts') {
    await this.driver.get(`${this.baseUrl}${hash}`);
    await this.ready();
  }

  async ready() {
    await this.visible('nav-contacts', 60_000);
  }

  async reload() {
    await this.driver.navigate().refresh();
    await this.ready();
  }

  async goData() {
    await this.click('nav-data');
    await this.visible('export-json');
  }

  async goContacts() {
    await this.click('nav-contacts');
    await this.visible('add-contact');
  }

  /** Adds a contact from the contact list and closes the guided walk it opens. */
  async addContact(name) {
    await this.goContacts();
    await this.click('add-contact');
    await this.type('field-name', name);
    // The stakeholder type is asked, never assumed.
    await this.select('field-stakeholder', 'journalist');
    await this.click('save-contact');
    await this.waitText('contact-name', new RegExp(`^${name}$`));
    if (await this.present('walk-close')) {
      await this.click('walk-close');
      await this.gone('walk');
    }
  }

  /** Logs an interaction on the contact page that is open. */
  async logInteraction(kind, summary) {
    await this.select('log-kind', kind);
    await this.type('log-summary', summary);
    await this.click('log-submit');
    await this.timelineHas(summary);
  }

  async timelineHas(summary) {
    await this.driver.wait(
      async () => {
        for (const item of await this.driver.findElements(this.css('timeline-item'))) {
          if ((await this.textContent(item)).includes(summary)) return true;
        }
        return false;
      },
      WAIT_MS,
      `no timeline item "${summary}"`,
    );
  }

  async openContact(name) {
    await this.goContacts();
    await this.driver.wait(
      async () => {
        for (const row of await this.driver.findElements(this.css('contact-row'))) {
          if ((await this.textContent(row)).includes(name)) {
            await row.click();
            return true;
          }
        }
        return false;
      },
      WAIT_MS,
      `no contact row "${name}"`,
    );
    await this.waitText('contact-name', new RegExp(`^${name}$`));
  }

  /** Loads the demo into an empty ledger; the worker makes it, so it comes a moment later. */
  async loadDemo() {
    await this.click('load-demo');
    await this.waitText('toast', /^Demo ledger loaded|^The demo ledger is only in this tab/);
  }

  /** The counts the data page states: "N contacts, M interactions and K promises." */
  async ledgerCounts() {
    const text = await this.waitText('ledger-size', /\d/);
    const [, contacts, interactions, promises] =
      /([\d,]+) contacts?, ([\d,]+) interactions? and ([\d,]+) promises?/.exec(text) ?? [];
    const number = (digits) => Number(String(digits).replaceAll(',', ''));
    return { contacts: number(contacts), interactions: number(interactions), promises: number(promises) };
  }

  /** Runs `script` in the page and returns its result. */
  run(script, ...args) {
    return this.driver.executeScript(script, ...args);
  }

  /** Runs the async function body `script` in the page and returns what it resolves to. */
  runAsync(script, ...args) {
    return this.driver.executeAsyncScript(
      `const done = arguments[arguments.length - 1];
       (async (...args) => { ${script} })(...Array.from(arguments).slice(0, -1))
         .then((value) => done({ value }), (error) => done({ error: String(error) + (error && error.stack ? ' at ' + error.stack : '') }));`,
      ...args,
    ).then((outcome) => {
      if (outcome && outcome.error) throw new Error(`in the page: ${outcome.error}`);
      return outcome ? outcome.value : undefined;
    });
  }

  /**
   * Catches the app's downloads: a download is a click on an <a download> with a blob URL,
   * which a WebDriver session would save to disk (or ask about). The click is kept instead,
   * with the blob behind the URL (the app's Content-Security-Policy forbids fetching it).
   */
  async catchDownloads() {
    await this.run(`
      window.__downloads = [];
      const blobs = new Map();
      const createObjectURL = URL.createObjectURL;
      URL.createObjectURL = function (blob) {
        const url = createObjectURL.call(URL, blob);
        blobs.set(url, blob);
        return url;
      };
      const click = HTMLAnchorElement.prototype.click;
      HTMLAnchorElement.prototype.click = function () {
        if (this.download) { window.__downloads.push({ name: this.download, blob: blobs.get(this.href) }); return; }
        return click.call(this);
      };`);
  }

  /** The next file the app downloaded, after `act` ran: `{ name, text }`. */
  async download(act) {
    const before = await this.run('return window.__downloads.length');
    await act();
    await this.driver.wait(async () => (await this.run('return window.__downloads.length')) > before, WAIT_MS, 'no download');
    return this.runAsync(
      `const file = window.__downloads[args[0]];
       return { name: file.name, text: await file.blob.text() };`,
      before,
    );
  }

  /**
   * Chooses a file in the input `testId`, as the person would in the file dialog: the file
   * is `text` when given, else fetched from `path` of the site.
   */
  async chooseFile(testId, name, { text, path }) {
    await this.visible(testId);
    await this.runAsync(
      `const [testId, name, text, path] = args;
       const body = text ?? await (await fetch(path)).blob();
       const transfer = new DataTransfer();
       transfer.items.add(new File([body], name, { type: 'application/json' }));
       const input = document.querySelector('[data-testid="' + testId + '"]');
       input.files = transfer.files;
       input.dispatchEvent(new Event('change', { bubbles: true }));`,
      testId,
      name,
      text ?? null,
      path ?? null,
    );
  }
}
