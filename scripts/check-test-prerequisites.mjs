#!/usr/bin/env node
/**
 * What `npm test` needs beyond node_modules, checked in a second before anything expensive runs:
 * a Chromium for Playwright, and the pieces of a desktop the wallpaper tests drive for real
 * (Xvfb, D-Bus, gsettings over dconf, feh, ImageMagick). Whatever is missing is listed in one
 * block with the one command that installs it here, and the run stops: a missing prerequisite
 * fails (on CI and off it) instead of ending minutes later in dozens of confusing failures.
 *
 * An Electron binary is not a prerequisite: Playwright's `electron` project reports itself skipped,
 * with the reason, where there is none (e2e/fixtures/app.ts).
 *
 * Usage: node scripts/check-test-prerequisites.mjs
 */
import { spawnSync } from 'node:child_process'
import { accessSync, constants, existsSync, readdirSync, readFileSync } from 'node:fs'
import { delimiter, join } from 'node:path'
import { pathToFileURL } from 'node:url'

export const DEBIAN_INSTALL = 'sudo bash scripts/install-system-deps.sh'
export const PLAYWRIGHT_INSTALL = 'npx playwright install chromium'
export const DEFAULT_CHROMIUM = '/usr/bin/chromium'

/**
 * The Chromium Playwright is told to use (playwright.config.ts): CHROMIUM_PATH, else Debian's,
 * when the file exists; undefined means Playwright's own download, if there is one.
 */
export function systemChromium(env = process.env, exists = existsSync) {
  const path = env.CHROMIUM_PATH || DEFAULT_CHROMIUM
  return exists(path) ? path : undefined
}

/**
 * Programs and files the tests use on Linux, with the Debian package that brings each and the
 * tests that need it. `command` is looked up on PATH; `check` probes anything else. They make a
 * Linux desktop (X11, GNOME): on macOS and Windows those tests report themselves skipped instead.
 */
export const DESKTOP_PREREQUISITES = [
  { name: 'Xvfb', command: 'Xvfb', debian: 'xvfb', for: 'the X11 wallpaper tests' },
  { name: 'xdpyinfo', command: 'xdpyinfo', debian: 'x11-utils', for: 'the X11 wallpaper tests' },
  { name: 'xwd', command: 'xwd', debian: 'x11-apps', for: 'the X11 wallpaper tests' },
  {
    name: 'ImageMagick import',
    command: 'import',
    debian: 'imagemagick',
    for: 'the X11 wallpaper tests'
  },
  { name: 'feh', command: 'feh', debian: 'feh', for: 'the X11 wallpaper tests' },
  {
    name: 'dbus-daemon',
    command: 'dbus-daemon',
    debian: 'dbus',
    for: 'the GNOME wallpaper tests (unit and end-to-end)'
  },
  {
    name: 'gsettings',
    command: 'gsettings',
    debian: 'libglib2.0-bin',
    for: 'the GNOME wallpaper tests (unit and end-to-end)'
  },
  {
    name: 'glib-compile-schemas',
    command: 'glib-compile-schemas',
    debian: 'libglib2.0-bin',
    for: 'the Cinnamon / MATE wallpaper tests'
  },
  {
    name: 'dconf backend for gsettings',
    check: (probe) => probe.dconfModule(),
    debian: 'dconf-gsettings-backend',
    for: 'the GNOME wallpaper tests (unit and end-to-end)'
  },
  {
    name: 'GNOME desktop schemas',
    check: (probe) => probe.gnomeSchemas(),
    debian: 'gsettings-desktop-schemas',
    for: 'the GNOME wallpaper end-to-end test'
  }
]

/** The machine as the checks see it; tests pass a fake. */
export function realProbe(env = process.env) {
  const onPath = (command) =>
    (env.PATH ?? '')
      .split(delimiter)
      .filter(Boolean)
      .some((dir) => {
        try {
          accessSync(join(dir, command), constants.X_OK)
          return true
        } catch {
          return false
        }
      })
  return {
    platform: process.platform,
    env,
    onPath,
    systemChromium: () => systemChromium(env),
    playwrightChromium: async () => {
      try {
        const { chromium } = await import('playwright-core')
        const path = chromium.executablePath()
        return path && existsSync(path) ? path : undefined
      } catch {
        return undefined
      }
    },
    isDebian: () => {
      try {
        const release = readFileSync('/etc/os-release', 'utf8')
        return /^ID(_LIKE)?=.*\b(debian|ubuntu)\b/m.test(release)
      } catch {
        return false
      }
    },
    dconfModule: () => {
      const roots = ['/usr/lib', '/usr/lib64']
      const dirs = roots.flatMap((root) => {
        let triplets = []
        try {
          triplets = readdirSync(root).map((name) => join(root, name))
        } catch {
          // no such root
        }
        return [root, ...triplets].map((dir) => join(dir, 'gio', 'modules'))
      })
      return dirs.some((dir) => existsSync(join(dir, 'libdconfsettings.so')))
    },
    gnomeSchemas: () =>
      onPath('gsettings') &&
      spawnSync('gsettings', ['list-keys', 'org.gnome.desktop.background'], {
        env: { ...env, GSETTINGS_BACKEND: 'memory' },
        stdio: 'ignore',
        timeout: 10_000
      }).status === 0
  }
}

/** What is missing, in the order the block lists it. */
export async function findMissing(probe) {
  const missing = []
  const chromium = probe.systemChromium() ?? (await probe.playwrightChromium())
  if (!chromium) {
    const asked = probe.env.CHROMIUM_PATH
    missing.push({
      name: 'Chromium',
      debian: 'chromium',
      for: 'every end-to-end test (Playwright)',
      detail: asked
        ? `CHROMIUM_PATH=${asked} does not exist, and Playwright has no Chromium of its own`
        : `not at ${DEFAULT_CHROMIUM} (or CHROMIUM_PATH), and Playwright has no Chromium of its own`
    })
  }
  if (probe.platform !== 'linux') return { chromium, missing }
  for (const item of DESKTOP_PREREQUISITES) {
    const present = item.command ? probe.onPath(item.command) : item.check(probe)
    if (!present) missing.push(item)
  }
  return { chromium, missing }
}

/** The block to print, and whether the tests may go on. */
export function report({ missing, isDebian, ci, root, platform = 'linux' }) {
  if (missing.length === 0) {
    const text =
      platform === 'linux'
        ? 'Test prerequisites: all present.'
        : `Test prerequisites: Chromium is there. The Linux desktop tests (X11, GNOME) report themselves skipped on ${platform}.`
    return { ok: true, text }
  }
  const width = Math.max(...missing.map((item) => item.name.length))
  const lines = [
    `npm test cannot run here: it needs ${missing.length} ${
      missing.length === 1 ? 'thing' : 'things'
    } this machine lacks.`,
    '',
    ...missing.map(
      (item) =>
        `  ✗ ${item.name.padEnd(width)}  for ${item.for}${item.detail ? ` (${item.detail})` : ''}`
    ),
    ''
  ]
  if (isDebian) {
    lines.push(
      'Install them all with:',
      '',
      `  ${root ? DEBIAN_INSTALL.replace('sudo ', '') : DEBIAN_INSTALL}`
    )
  } else {
    const chromium = missing.some((item) => item.name === 'Chromium')
    const others = [
      ...new Set(missing.filter((item) => item.name !== 'Chromium').map((i) => i.debian))
    ]
    if (chromium) lines.push('Install Chromium with:', '', `  ${PLAYWRIGHT_INSTALL}`)
    if (others.length > 0) {
      if (chromium) lines.push('')
      lines.push(
        "This is not Debian: install the rest with your system's package manager",
        `(Debian calls them ${others.join(', ')}).`
      )
    }
  }
  lines.push('')
  lines.push(
    ci
      ? 'CI=true: a missing prerequisite is a failure. Install them in the CI image first (.ci/run does).'
      : 'Then run npm test again. Until then, `npm run typecheck`, `npm run lint` and `npm run test:unit` run without them (the wallpaper suites then report themselves skipped, naming what they need).'
  )
  return { ok: false, text: lines.join('\n') }
}

async function main() {
  const probe = realProbe()
  const { missing } = await findMissing(probe)
  const { ok, text } = report({
    missing,
    platform: probe.platform,
    isDebian: probe.isDebian(),
    ci: Boolean(process.env.CI) && process.env.CI !== 'false',
    root: typeof process.getuid === 'function' && process.getuid() === 0
  })
  ;(ok ? process.stdout : process.stderr).write(`${text}\n`)
  process.exitCode = ok ? 0 : 1
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main()
