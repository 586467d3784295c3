import { defineConfig } from '@playwright/test'
import { systemChromium } from './scripts/check-test-prerequisites.mjs'

/**
 * Two projects run the same specs: `web` drives the real core through the browser bridge in
 * Debian's Chromium; `electron` launches the built app where an Electron binary exists and is
 * reported as skipped (with the reason) where it does not, before any other fixture (a browser, a
 * desktop session) is set up (e2e/fixtures/app.ts). `npm test` checks the prerequisites first
 * (scripts/check-test-prerequisites.mjs).
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
    // Debian's Chromium (or CHROMIUM_PATH): Playwright cannot download its own browsers here.
    // Elsewhere, Playwright's own (`npx playwright install chromium`).
    launchOptions: {
      executablePath: systemChromium(),
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
    // No trace: its DOM snapshots run on the page's main thread (~60 ms per page load measured).
    { name: 'perf', testMatch: '**/performance.spec.ts', use: { trace: 'off' } }
  ]
})
