import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import {
  DEBIAN_INSTALL,
  DESKTOP_PREREQUISITES,
  PLAYWRIGHT_INSTALL,
  findMissing,
  report,
  systemChromium,
  type Probe
} from './check-test-prerequisites.mjs'

const SCRIPT = join(import.meta.dirname, 'check-test-prerequisites.mjs')

function probe(overrides: Partial<Probe> = {}): Probe {
  return {
    platform: 'linux',
    env: {},
    onPath: () => true,
    systemChromium: () => '/usr/bin/chromium',
    playwrightChromium: async () => undefined,
    isDebian: () => true,
    dconfModule: () => true,
    gnomeSchemas: () => true,
    ...overrides
  }
}

describe('test prerequisites', () => {
  it('finds nothing missing on a complete machine, and takes Playwright’s own Chromium too', async () => {
    expect((await findMissing(probe())).missing).toEqual([])
    const own = await findMissing(
      probe({ systemChromium: () => undefined, playwrightChromium: async () => '/pw/chrome' })
    )
    expect(own).toEqual({ chromium: '/pw/chrome', missing: [] })
    expect(report({ missing: [], isDebian: true, ci: true, root: false }).ok).toBe(true)
  })

  it('lists everything missing in one block, with the one Debian command, and fails', async () => {
    const { missing } = await findMissing(
      probe({
        systemChromium: () => undefined,
        onPath: (command) => command !== 'feh' && command !== 'Xvfb',
        gnomeSchemas: () => false
      })
    )
    expect(missing.map((item) => item.name)).toEqual([
      'Chromium',
      'Xvfb',
      'feh',
      'GNOME desktop schemas'
    ])
    const { ok, text } = report({ missing, isDebian: true, ci: false, root: false })
    expect(ok).toBe(false)
    expect(text).toMatch(/needs 4 things this machine lacks/)
    for (const item of missing) expect(text).toContain(`✗ ${item.name}`)
    expect(text.split(DEBIAN_INSTALL)).toHaveLength(2)
    expect(text).not.toContain(PLAYWRIGHT_INSTALL)
    // As root there is no sudo to ask for.
    expect(report({ missing, isDebian: true, ci: false, root: true }).text).toContain(
      `\n  ${DEBIAN_INSTALL.replace('sudo ', '')}\n`
    )
  })

  it('elsewhere names Playwright’s installer for Chromium and the packages for the rest; CI says it fails', async () => {
    const { missing } = await findMissing(
      probe({ systemChromium: () => undefined, onPath: (command) => command !== 'feh' })
    )
    const { ok, text } = report({ missing, isDebian: false, ci: true, root: false })
    expect(ok).toBe(false)
    expect(text).toContain(`\n  ${PLAYWRIGHT_INSTALL}\n`)
    expect(text).not.toContain(DEBIAN_INSTALL)
    expect(text).toMatch(/package manager[\s\S]*\bfeh\b/)
    expect(text).toMatch(/CI=true: a missing prerequisite is a failure/)
  })

  it('asks for the Linux desktop only on Linux; elsewhere Chromium alone', async () => {
    const bare = probe({
      platform: 'darwin',
      isDebian: () => false,
      onPath: () => false,
      dconfModule: () => false,
      gnomeSchemas: () => false
    })
    expect((await findMissing(bare)).missing).toEqual([])
    const { ok, text } = report({
      missing: [],
      isDebian: false,
      ci: true,
      root: false,
      platform: 'darwin'
    })
    expect(ok).toBe(true)
    expect(text).toMatch(/desktop tests \(X11, GNOME\) report themselves skipped on darwin/)
    const noChromium = await findMissing({ ...bare, systemChromium: () => undefined })
    expect(noChromium.missing.map((item) => item.name)).toEqual(['Chromium'])
    expect(
      report({ missing: noChromium.missing, isDebian: false, ci: true, root: false }).text
    ).toContain(PLAYWRIGHT_INSTALL)
  })

  it('uses CHROMIUM_PATH, else Debian’s Chromium, only when the file exists', () => {
    const exists = (path: string) => path === '/opt/chrome' || path === '/usr/bin/chromium'
    expect(systemChromium({ CHROMIUM_PATH: '/opt/chrome' }, exists)).toBe('/opt/chrome')
    expect(systemChromium({}, exists)).toBe('/usr/bin/chromium')
    expect(systemChromium({ CHROMIUM_PATH: '/nope' }, exists)).toBeUndefined()
  })

  describe('run as a command', () => {
    const empty = mkdtempSync(join(tmpdir(), 'evg-prereq-'))
    afterAll(() => rmSync(empty, { recursive: true, force: true }))

    it('exits 1 on a machine without them, naming each, before anything else runs', () => {
      const run = spawnSync(process.execPath, [SCRIPT], {
        env: {
          PATH: empty,
          HOME: empty,
          CI: 'true',
          CHROMIUM_PATH: join(empty, 'chromium'),
          PLAYWRIGHT_BROWSERS_PATH: empty
        },
        encoding: 'utf8',
        timeout: 20_000
      })
      expect(run.status).toBe(1)
      expect(run.stderr).toContain(`CHROMIUM_PATH=${join(empty, 'chromium')} does not exist`)
      for (const item of DESKTOP_PREREQUISITES.filter((item) => item.command)) {
        expect(run.stderr).toContain(`✗ ${item.name}`)
      }
      expect(run.stderr).toMatch(/CI=true: a missing prerequisite is a failure/)
    })
  })
})
