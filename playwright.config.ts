import { existsSync } from 'node:fs'
import { defineConfig } from '@playwright/test'

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/**
 * Two projects run the same specs: `web` drives the real core through the browser bridge in
 * Debian's Chromium; `electron` launches the built app where an Electron binary exists and is
 * reported as skipped (with the reason) where it does not.
 */
export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  tsconfig: './tsconfig.e2e.json',
  outputDir: process.env.PW_OUTPUT_DIR ?? 'test-results/e2e',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  // One at a time: specs start a bridge, a stand-in and a browser each; two cores are shared.
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  reporter: [['list'], ['./e2e/fixtures/summary-reporter.ts']],
  use: {
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    browserName: 'chromium',
    viewport: { width: 1280, height: 800 },
    // Debian's Chromium: Playwright cannot download its own browsers here.
    launchOptions: {
      executablePath: existsSync(chromium) ? chromium : undefined,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run'
      ]
    }
  },
  projects: [
    // Timed budgets are a benchmark, not a test: `npm run bench:ui` runs them on their own.
    { name: 'web', testIgnore: '**/performance.spec.ts' },
    { name: 'electron', testIgnore: '**/performance.spec.ts' },
    { name: 'perf', testMatch: '**/performance.spec.ts' }
  ]
})
