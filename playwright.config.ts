import { defineConfig, devices } from '@playwright/test';
import { loadConfig } from './lib/config/env';
import { CHROMIUM_ARGS, chromiumExecutable } from './scripts/lib/chromium';

const config = loadConfig();
const port = config.ports.http;
const baseURL = `http://127.0.0.1:${port}`;

const executablePath = chromiumExecutable();

export default defineConfig({
  testDir: './e2e',
  outputDir: './test-results/e2e',
  fullyParallel: true,
  forbidOnly: true,
  retries: 0,
  workers: process.env.CI ? 2 : 2,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e.json' }]],
  use: {
    baseURL,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath,
      args: CHROMIUM_ARGS,
    },
  },
  projects: [
    {
      name: 'chromium',
      use: { ...devices['Desktop Chrome'], viewport: { width: 1400, height: 1000 } },
    },
  ],
  webServer: {
    // As `npm start` serves: through scripts/serve.ts, which answers TRACE & co. itself.
    command: `node --import tsx scripts/serve.ts -p ${port} -H 127.0.0.1`,
    url: baseURL,
    reuseExistingServer: !process.env.CI,
    timeout: 120_000,
    stdout: 'ignore',
    stderr: 'pipe',
    // The suite runs against the private test node (npm test starts it): the page may prefill guest.
    env: { STOMPWATCH_PRIVATE_BROKER: '1' },
  },
});
