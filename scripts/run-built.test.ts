import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { staleReason } from './run-built.mjs'

describe('run-built staleness', () => {
  let root: string
  const at = (path: string, secondsAgo: number) => {
    const full = join(root, path)
    mkdirSync(dirname(full), { recursive: true })
    writeFileSync(full, '')
    const time = Date.now() / 1000 - secondsAgo
    utimesSync(full, time, time)
  }

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'run-built-'))
    at('package.json', 500)
    at('electron.vite.config.ts', 500)
    at('src/main/cli.ts', 400)
    at('scripts/bench.ts', 400)
    at('scripts/bench/jobs.ts', 400)
    at('e2e/standin/server.ts', 400)
  })
  afterEach(() => rmSync(root, { recursive: true, force: true }))

  it('needs a build when the entry is missing', () => {
    expect(staleReason('cli', root)).toBe('out/main/cli.js is missing')
  })

  it('is fresh when the entry is newer than every source', () => {
    at('out/main/cli.js', 100)
    expect(staleReason('cli', root)).toBeNull()
  })

  it.each([
    'src/shared/ids.ts',
    'src/renderer/src/App.tsx',
    'scripts/bench.ts',
    'scripts/bench/measure.ts',
    'e2e/standin/images.ts',
    'test/support/jpeg.ts',
    'package.json',
    'electron.vite.config.ts'
  ])('is stale after %s changes', (path) => {
    at('out/main/cli.js', 100)
    at(path, 10)
    expect(staleReason('cli', root)).toBe(`${path} changed`)
  })

  it.each([
    'src/main/cli.test.ts',
    'src/renderer/src/App.test.tsx',
    'scripts/import-catalog.mjs',
    'scripts/test-setup/built-cli.ts',
    'e2e/gallery.spec.ts',
    'README.md'
  ])('ignores %s, which no bundle is made from', (path) => {
    at('out/main/cli.js', 100)
    at(path, 10)
    expect(staleReason('cli', root)).toBeNull()
  })
})
