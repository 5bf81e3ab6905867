// End-to-end tests: the release build (dist/, made by `trunk build --release`) served on
// 127.0.0.1 by tests/e2e/serve.mjs, driven in Debian's headless Chromium as a person would.
// Run them with `bash scripts/test-all.sh` (which builds first) or, once dist/ exists,
// `npx playwright test`. Playwright never downloads a browser here.
import { defineConfig, devices } from '@playwright/test';

const port = Number(process.env.E2E_PORT ?? 4173);
// Served under a sub-path on purpose: the build must work away from "/".
const basePath = '/rapport/';
const baseURL = `http://127.0.0.1:${port}${basePath}`;

export default defineConfig({
  testDir: 'tests/e2e',
  // Two cores: one worker keeps the build machine responsive and the timings stable.
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  outputDir: 'test-results/e2e',
  reporter: [
    ['list'],
    // Read by scripts/test-all.sh for its summary line.
    ['json', { outputFile: 'test-results/e2e-report.json' }],
  ],
  use: {
    ...devices['Desktop Chrome'],
    baseURL,
    acceptDownloads: true,
    // Fixed locale and time zone: dates (file names, the log form's "today") don't depend
    // on the machine.
    locale: 'en-US',
    timezoneId: 'UTC',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    headless: true,
    // A click that cannot happen fails in 15 s with the reason, not at the test timeout.
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-gpu',
        '--disable-dev-shm-usage',
      ],
    },
  },
  projects: [{ name: 'chromium' }],
  webServer: {
    command: `node tests/e2e/serve.mjs --dir dist --port ${port} --base ${basePath}`,
    url: baseURL,
    reuseExistingServer: !process.env.CI,
    timeout: 30_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
