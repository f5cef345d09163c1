import { defineConfig } from '@playwright/test';

const port = Number(process.env.E2E_PORT ?? 3210);
const dataDir = '.cache/e2e-data';
/** The browser tests read e-mails from a real SMTP server they start on this port. */
export const e2eSmtpPort = Number(process.env.E2E_SMTP_PORT ?? 2526);
/** The demo strategist's password on the browser tests' server. */
export const e2eDemoPassword = 'e2e demo strategist password';

/**
 * Browser tests in Debian's Chromium (no Playwright browser download works here). The server
 * runs on a fresh embedded database seeded with the demo, unless DATABASE_URL is set.
 */
export default defineConfig({
  testDir: 'e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  reporter: process.env.CI ? 'list' : [['list']],
  // The token vote runs in prioritisation, which the debate reaches after the deliberation
  // tests (two-column.spec.ts moves it to deepening): it runs after them, on the same server.
  projects: [
    { name: 'deliberation', testIgnore: /token-vote/ },
    { name: 'prioritisation', testMatch: /token-vote\.spec\.ts/, dependencies: ['deliberation'] },
  ],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    // A French reader by default, as most of the demo's participants.
    locale: 'fr-FR',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  webServer: {
    command: `rm -rf ${dataDir} && npm run build && npm run seed && tsx server.ts`,
    url: `http://127.0.0.1:${port}/healthz`,
    reuseExistingServer: false,
    timeout: 120_000,
    env: {
      PORT: String(port),
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      SMTP_URL: `smtp://127.0.0.1:${e2eSmtpPort}`,
      DEMO_PASSWORD: e2eDemoPassword,
      // Results are recomputed every second, so that the dashboard's live figures follow a vote quickly.
      RESULTS_INTERVAL_MS: '1000',
    },
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
