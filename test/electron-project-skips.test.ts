/**
 * Playwright's `electron` project on a machine without an Electron binary: every test is reported
 * skipped with that reason, even where nothing else the tests need is there either (no Chromium
 * here), instead of failing on the first fixture that cannot start.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { electronAvailability } from '../e2e/fixtures/electron'

const ROOT = join(import.meta.dirname, '..')

interface JsonSuite {
  specs?: {
    title: string
    tests: { status: string; annotations: { type: string; description?: string }[] }[]
  }[]
  suites?: JsonSuite[]
}

function tests(suite: JsonSuite): JsonSuite['specs'] & object {
  return [...(suite.specs ?? []), ...(suite.suites ?? []).flatMap(tests)]
}

const availability = electronAvailability()

describe.skipIf(availability.available)('the electron project without Electron', () => {
  it('skips every test with the reason, though no browser could start either', () => {
    const empty = mkdtempSync(join(tmpdir(), 'evg-no-electron-'))
    const report = join(empty, 'report.json')
    try {
      const run = spawnSync(
        process.execPath,
        [
          join(ROOT, 'node_modules', '@playwright', 'test', 'cli.js'),
          'test',
          '--project=electron',
          '--reporter=json'
        ],
        {
          cwd: ROOT,
          env: {
            ...process.env,
            CHROMIUM_PATH: join(empty, 'chromium'),
            PLAYWRIGHT_BROWSERS_PATH: empty,
            PLAYWRIGHT_JSON_OUTPUT_NAME: report,
            PW_OUTPUT_DIR: join(empty, 'results')
          },
          encoding: 'utf8',
          timeout: 120_000
        }
      )
      expect(run.status, run.stderr).toBe(0)
      const json = JSON.parse(readFileSync(report, 'utf8')) as {
        suites: JsonSuite[]
        stats: { expected: number; unexpected: number; skipped: number }
      }
      const specs = json.suites.flatMap(tests)
      expect(specs.length).toBeGreaterThan(10)
      expect(json.stats).toMatchObject({ expected: 0, unexpected: 0, skipped: specs.length })
      for (const spec of specs) {
        const [test] = spec.tests
        expect(test?.status, spec.title).toBe('skipped')
        expect(test?.annotations, spec.title).toContainEqual(
          expect.objectContaining({ type: 'skip', description: availability.reason })
        )
      }
    } finally {
      rmSync(empty, { recursive: true, force: true })
    }
  })
})
