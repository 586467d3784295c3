/**
 * The built main process living on the desktop (issue 11's glue: src/main/tray.ts,
 * notifications.ts, taskbar.ts, login-item.ts), booted against the stand-in Electron as
 * main-process.test.ts boots it. What the tray, the notifications and the taskbar should show is
 * worked out with the same pure functions the glue renders (trayMenu, crawlNotice,
 * taskbarProgress, …), from the state the app itself reports; the glue is what is under test.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { ipcChannel, type ApiMethod, type GalleryEvents } from '@shared/api'
import { APP_ID } from '@shared/app-identity'
import type { CrawlProgress } from '@shared/crawl'
import { crawlNotice, rotationNotice } from '@shared/notices'
import {
  emptySourceMessage,
  INTERVAL_MS,
  type RotationOutcome,
  type RotationState
} from '@shared/rotation'
import { startStandin, type Standin } from '../../e2e/standin/server'
import { ensureBuilt, ROOT } from '../../scripts/run-built.mjs'
import { BUILD_TIMEOUT_MS } from '../../scripts/test-setup/built-cli'
import {
  AUTOSTART_FILE_NAME,
  execArgument,
  STARTED_AT_LOGIN_FLAG
} from '../../src/main/core/autostart/xdg-autostart'
import { taskbarProgress } from '../../src/main/core/shell/taskbar-progress'
import {
  APP_NAME,
  trayMenu,
  trayTooltip,
  type TrayInput,
  type TrayItem
} from '../../src/main/core/shell/tray-menu'
import { TRAY_NOTICE } from '../../src/main/core/shell/window-close'
import { knownIds } from '../support/crawl-harness'
import { bootFolders, bootMain, type BootedMain } from './boot'
import type { MenuSnapshot, Observation } from './stand-in'

const ICON = join(ROOT, 'resources', 'icon.png')

/**
 * No desktop the wallpaper setter knows: whatever a test does, the machine running it keeps its
 * wallpaper. TZ fixes the day that "Next change at … tomorrow" counts from.
 */
const QUIET_DESKTOP = {
  XDG_CURRENT_DESKTOP: '',
  DESKTOP_SESSION: '',
  XDG_SESSION_DESKTOP: '',
  XDG_SESSION_TYPE: '',
  WAYLAND_DISPLAY: '',
  SWAYSOCK: '',
  DISPLAY: '',
  TZ: 'UTC'
}

let scratch: string
beforeAll(() => {
  ensureBuilt('index')
  scratch = mkdtempSync(join(tmpdir(), 'evg-desktop-'))
}, BUILD_TIMEOUT_MS)
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

/** A boot of its own, talking to `standin` (when given) for its crawls. */
function boot(name: string, options: { standin?: Standin; platform?: NodeJS.Platform } = {}) {
  const where = bootFolders(scratch, name)
  const main = bootMain({
    platform: options.platform,
    env: {
      ...where.env,
      ...QUIET_DESKTOP,
      EARTHVIEW_DATA_DIR: where.data,
      ...(options.standin ? { EARTHVIEW_SOURCE: options.standin.url } : {})
    }
  })
  return { main, where }
}

/** `ipcRenderer.invoke` from the window's page; the value, or the error as a failed test. */
async function invoke(main: BootedMain, method: ApiMethod, ...args: unknown[]): Promise<unknown> {
  const result = (await main.call('invoke', ipcChannel.method(method), args)) as
    { ok: true; value: unknown } | { ok: false; error: { message: string } }
  if (!result.ok) throw new Error(`${method} failed: ${result.error.message}`)
  return result.value
}

/** Observations from `mark` (an index into main.observations) on. */
const from = (main: BootedMain, mark: number) => (o: Observation) =>
  main.observations.indexOf(o) >= mark

/** The next event of this name sent to the window, from `mark` on. */
async function event<E extends keyof GalleryEvents>(
  main: BootedMain,
  name: E,
  mark = 0,
  matches: (payload: GalleryEvents[E]) => boolean = () => true
): Promise<GalleryEvents[E]> {
  const sent = await main.waitFor(
    'send',
    (o) =>
      from(main, mark)(o) &&
      o.channel === ipcChannel.event(name) &&
      matches(o.args[0] as GalleryEvents[E])
  )
  return sent.args[0] as GalleryEvents[E]
}

/** The tray's next menu (from `mark` on) that has an item with this label, or lacks one. */
async function trayMenuWith(main: BootedMain, mark: number, label: string, present = true) {
  const set = await main.waitFor(
    'tray',
    (o) =>
      from(main, mark)(o) &&
      o.action === 'setContextMenu' &&
      (o.value as MenuSnapshot).some((item) => item.label === label) === present
  )
  return set.value as MenuSnapshot
}

/** How the glue renders trayMenu's items as menu items. */
function asMenu(items: TrayItem[]) {
  return items.map((item) =>
    item.kind === 'separator'
      ? expect.objectContaining({ type: 'separator' })
      : expect.objectContaining({
          label: item.label,
          type: 'normal',
          enabled: item.kind === 'action' ? item.enabled : false,
          clickable: item.kind === 'action'
        })
  )
}

/**
 * Every message the process sent has arrived once a command sent after it is answered (one
 * ordered channel): what the app did in the same turn as an observed event is in by then.
 */
const settled = (main: BootedMain) => main.call('windows')

const notifications = (main: BootedMain, mark = 0) =>
  main.observed('notification').filter(from(main, mark))
const progressCalls = (main: BootedMain, mark = 0) =>
  main.observed('progress').filter(from(main, mark))

describe('in the tray, with notifications and taskbar progress (Linux)', () => {
  const crawled = knownIds(3)
  const running = knownIds(2, 3)
  const stalled = new Set(knownIds(2, 5))
  let standin: Standin
  let main: BootedMain
  let where: ReturnType<typeof bootFolders>
  let rotation: RotationState

  beforeAll(async () => {
    standin = await startStandin({ faults: (id) => (stalled.has(id) ? 'stall' : undefined) })
    ;({ main, where } = boot('tray', { standin }))
    await main.waitFor('window-shown')
    rotation = ((await invoke(main, 'getState')) as { rotation: RotationState }).rotation
  })
  afterAll(async () => {
    await main?.stop()
    await standin?.close()
  })

  it('puts its icon in the tray at start, with the menu and tooltip of the pure functions', async () => {
    const { crawl } = (await invoke(main, 'getState')) as { crawl: CrawlProgress }
    const trays = await main.call('trays')
    expect(trays).toHaveLength(1)
    // The app's icon, loaded (an empty image is a blank icon).
    expect(trays[0]!.image).toMatchObject({ path: ICON, empty: false })
    const input: TrayInput = { crawl, rotation, now: Date.now() }
    expect(trays[0]!.menu).toEqual(asMenu(trayMenu(input)))
    expect(trays[0]!.toolTip).toBe(trayTooltip(input))
    expect(trays[0]!.menu!.map((item) => item.label)).toEqual([
      'Next wallpaper',
      '',
      `Show ${APP_NAME}`,
      '',
      'Quit'
    ])
  })

  it('"Next wallpaper" in the tray runs the rotation; its outcome is a notification only while the window is not focused', async () => {
    // Nothing to choose from (no favorites): the outcome says so and what to do.
    await main.call('blurWindow')
    let mark = main.observations.length
    await main.call('clickTrayMenuItem', ['Next wallpaper'])
    const unfocused = await event(main, 'rotationChanged', mark, (s) => s.last?.at !== undefined)
    expect(unfocused.last).toMatchObject({
      trigger: 'manual',
      status: 'empty',
      message: emptySourceMessage(rotation.source)
    })
    await settled(main)
    expect(notifications(main, mark)).toEqual([
      expect.objectContaining(rotationNotice(unfocused.last!))
    ])

    // The app menu's item does the same; with the window focused the page's toast is enough.
    await main.call('focusWindow')
    mark = main.observations.length
    await main.call('clickMenuItem', ['&File', 'Next wallpaper'])
    const focused = await event(main, 'rotationChanged', mark, (s) => s.last !== null)
    expect(focused.last).toMatchObject({
      trigger: 'manual',
      status: 'empty',
      failuresInARow: unfocused.last!.failuresInARow + 1
    })
    await settled(main)
    expect(notifications(main, mark)).toEqual([])
  })

  it('while a crawl runs: Pause and Resume in the tray, its progress on the taskbar (paused while paused), cleared when it ends', async () => {
    const mark = main.observations.length
    await invoke(main, 'startCrawl', { ids: [...running, ...stalled].join(',') })
    // Two saved, two hanging: the crawl is half done and stays there.
    const half = await event(main, 'crawlProgress', mark, (p) => p.done === running.length)
    await vi.waitFor(() => expect(standin.inFlight()).toBe(stalled.size), { timeout: 20_000 })

    const runningMenu = await trayMenuWith(main, mark, 'Pause crawl')
    expect(runningMenu).toEqual(asMenu(trayMenu({ crawl: half, rotation, now: Date.now() })))
    expect(runningMenu.map((item) => item.label)).not.toContain('Resume crawl')
    const atHalf = taskbarProgress(half, 'linux')
    const shownHalf = await main.waitFor(
      'progress',
      (o) => from(main, mark)(o) && o.progress === atHalf.progress
    )
    expect(shownHalf).toMatchObject({ mode: 'normal', shows: { state: 'normal', fraction: 0.5 } })

    const paused = main.observations.length
    await main.call('clickTrayMenuItem', ['Pause crawl'])
    const pausedMenu = await trayMenuWith(main, paused, 'Resume crawl')
    expect(pausedMenu.map((item) => item.label)).not.toContain('Pause crawl')
    const whilePaused = await main.waitFor(
      'progress',
      (o) => from(main, paused)(o) && o.mode === 'paused'
    )
    // The fraction stays; Linux's launcher shows no paused state (the mode is Windows's).
    expect(whilePaused).toMatchObject({
      progress: atHalf.progress,
      shows: { state: 'normal', fraction: 0.5 }
    })

    const resumed = main.observations.length
    await main.call('clickTrayMenuItem', ['Resume crawl'])
    await trayMenuWith(main, resumed, 'Pause crawl')
    await main.waitFor('progress', (o) => from(main, resumed)(o) && o.mode === 'normal')

    const cancelled = main.observations.length
    await invoke(main, 'cancelCrawl')
    const summary = await event(main, 'crawlFinished', cancelled)
    expect(summary.cancelled).toBe(true)
    const idleMenu = await trayMenuWith(main, cancelled, 'Resume crawl', false)
    expect(idleMenu.map((item) => item.label)).not.toContain('Pause crawl')
    await settled(main)
    expect(progressCalls(main, mark).at(-1)).toMatchObject({
      progress: -1,
      shows: { state: 'none' }
    })
    // The window has the focus: the page's toast is enough.
    expect(notifications(main, mark)).toEqual([])
    // Pause and resume went to the service, not just to the menu.
    const states = main.observations
      .slice(mark)
      .flatMap((o) =>
        o.kind === 'send' && o.channel === ipcChannel.event('crawlProgress')
          ? [(o.args[0] as CrawlProgress).state]
          : []
      )
    expect(states.indexOf('paused')).toBeGreaterThan(states.indexOf('running'))
    expect(states.lastIndexOf('running')).toBeGreaterThan(states.indexOf('paused'))
    expect(states.at(-1)).toBe('cancelled')
  })

  it('a crawl that finishes while the window is not focused raises one notification, which brings the window back', async () => {
    await main.call('blurWindow')
    const mark = main.observations.length
    await invoke(main, 'startCrawl', { ids: crawled.join(',') })
    const summary = await event(main, 'crawlFinished', mark)
    expect(summary).toMatchObject({ saved: crawled.length, cancelled: false })
    await settled(main)
    const raised = notifications(main, mark)
    expect(raised).toEqual([expect.objectContaining(crawlNotice(summary))])

    await main.call('clickNotification', raised[0]!.id)
    expect(await main.call('windows')).toEqual([
      expect.objectContaining({ visible: true, focused: true })
    ])
  })

  it('"Start at login" writes the XDG autostart entry that starts it in the tray, and removes it', async () => {
    const entry = join(where.env.XDG_CONFIG_HOME, 'autostart', AUTOSTART_FILE_NAME)
    await invoke(main, 'updateSettings', { startAtLogin: true })
    const lines = readFileSync(entry, 'utf8').split('\n')
    // Electron, the app's folder (development), and the flag that keeps the window closed.
    const exec = [process.execPath, ROOT, STARTED_AT_LOGIN_FLAG].map(execArgument).join(' ')
    expect(lines).toEqual(expect.arrayContaining([`Name=${APP_NAME}`, `Exec=${exec}`]))
    // Linux has no Electron login item (it would do nothing there).
    expect(main.observed('login-item')).toEqual([])

    await invoke(main, 'updateSettings', { startAtLogin: false })
    expect(existsSync(entry)).toBe(false)
  })

  it('with the rotation on, closing the window leaves the app in the tray and says so once', async () => {
    let mark = main.observations.length
    await invoke(main, 'updateSettings', { wallpaperInterval: 'day' })
    const daily = await event(main, 'rotationChanged', mark, (s) => s.nextChangeAt !== null)
    const { crawl } = (await invoke(main, 'getState')) as { crawl: CrawlProgress }
    // Worked out a day before the next change is due.
    const now = daily.nextChangeAt! - INTERVAL_MS.day!
    const menu = await trayMenuWith(main, mark, `Show ${APP_NAME}`)
    expect(menu).toEqual(asMenu(trayMenu({ crawl, rotation: daily, now, timeZone: 'UTC' })))
    expect(menu[1]!.label).toMatch(/^Next change at .+ tomorrow$/)

    mark = main.observations.length
    await main.call('closeWindow')
    await main.waitFor('window-closed', from(main, mark))
    await settled(main)
    expect(notifications(main, mark)).toEqual([expect.objectContaining(TRAY_NOTICE)])
    expect(await main.call('windows')).toEqual([])
    expect(await main.call('trays')).toHaveLength(1)

    // Back from the tray, and closed again: nothing more to say.
    mark = main.observations.length
    await main.call('clickTrayMenuItem', [`Show ${APP_NAME}`])
    await main.waitFor('window-shown', from(main, mark))
    await main.call('closeWindow')
    await main.waitFor('window-closed', from(main, mark))
    await settled(main)
    expect(notifications(main, mark)).toEqual([])
  })

  it('with the rotation off, closing the last window quits', async () => {
    const mark = main.observations.length
    await main.call('clickTrayMenuItem', [`Show ${APP_NAME}`])
    await main.waitFor('window-shown', from(main, mark))
    await invoke(main, 'updateSettings', { wallpaperInterval: 'never' })
    await main.call('closeWindow')
    expect(await main.exited).toBe(0)
  })
})

describe('started by its login entry (Linux)', () => {
  it('waits in the tray without a window; after a sleep, the change that fell due happens on wake', async () => {
    const where = bootFolders(scratch, 'login')
    mkdirSync(where.data, { recursive: true })
    writeFileSync(join(where.data, 'settings.json'), JSON.stringify({ wallpaperInterval: 'hour' }))
    const main = bootMain({
      args: [STARTED_AT_LOGIN_FLAG],
      env: { ...where.env, ...QUIET_DESKTOP, EARTHVIEW_DATA_DIR: where.data }
    })
    try {
      // The app menu comes last before the window would.
      await main.waitFor('menu')
      expect(await main.call('windows')).toEqual([])
      expect(main.observed('window-created')).toEqual([])
      expect(await main.call('trays')).toHaveLength(1)
      expect(notifications(main)).toEqual([])

      // Timers stop while the machine sleeps; only the wake-up can notice the due time passed.
      await main.call('sleep', 2 * INTERVAL_MS.hour!)
      const told = await main.waitFor('notification')
      // A scheduled change (the only kind whose failure is told unasked), kept for the next start.
      const saved = () =>
        JSON.parse(readFileSync(join(where.data, 'rotation.json'), 'utf8')) as {
          last: RotationState['last']
        }
      await vi.waitFor(() => expect(saved().last).toMatchObject({ trigger: 'schedule' }))
      expect(told).toMatchObject(rotationNotice(saved().last!))
      expect(told.body).toBe(emptySourceMessage('favorites'))

      const mark = main.observations.length
      await main.call('clickTrayMenuItem', [`Show ${APP_NAME}`])
      await main.waitFor('window-shown', from(main, mark))
    } finally {
      await main.stop()
    }
  })
})

describe('after a restart, a scheduled change that failed', () => {
  const DAY = INTERVAL_MS.day!

  /** Data left by an earlier run: a daily rotation from the favorites (there are none). */
  function earlierRun(name: string, rotation: { nextDueAt: number; last: RotationOutcome | null }) {
    const where = bootFolders(scratch, name)
    mkdirSync(where.data, { recursive: true })
    writeFileSync(join(where.data, 'settings.json'), JSON.stringify({ wallpaperInterval: 'day' }))
    const state = { version: 1, current: null, drawn: [], interval: 'day', ...rotation }
    writeFileSync(join(where.data, 'rotation.json'), JSON.stringify(state))
    return where
  }

  it('at start (it fell due while the app was closed) is told, once', async () => {
    const where = earlierRun('due-at-start', { nextDueAt: Date.now() - 60_000, last: null })
    const main = bootMain({
      env: { ...where.env, ...QUIET_DESKTOP, EARTHVIEW_DATA_DIR: where.data }
    })
    try {
      await main.waitFor('window-shown')
      const { rotation } = (await invoke(main, 'getState')) as { rotation: RotationState }
      expect(rotation.last).toMatchObject({ trigger: 'schedule', status: 'empty' })
      expect(notifications(main)).toEqual([expect.objectContaining(rotationNotice(rotation.last!))])
    } finally {
      await main.stop()
    }
  })

  it('in the earlier run is not told again (a crawl that ends unfocused raises its own notice only)', async () => {
    const standin = await startStandin()
    const at = Date.now() - 2 * 3_600_000
    const told: RotationOutcome = {
      status: 'empty',
      message: emptySourceMessage('favorites'),
      id: null,
      trigger: 'schedule',
      at,
      failuresInARow: 1
    }
    const where = earlierRun('told-before', { nextDueAt: at + DAY, last: told })
    const main = bootMain({
      env: {
        ...where.env,
        ...QUIET_DESKTOP,
        EARTHVIEW_DATA_DIR: where.data,
        EARTHVIEW_SOURCE: standin.url
      }
    })
    try {
      await main.waitFor('window-shown')
      await main.call('blurWindow')
      await invoke(main, 'startCrawl', { ids: knownIds(1).join(',') })
      // The crawl's end announces the rotation's state again, the old outcome with it.
      const summary = await event(main, 'crawlFinished')
      await event(main, 'rotationChanged', 0, (state) => state.last?.at === at)
      await settled(main)
      expect(notifications(main)).toEqual([expect.objectContaining(crawlNotice(summary))])
    } finally {
      await main.stop()
      await standin.close()
    }
  })
})

describe('on Windows (emulated)', () => {
  const ok = knownIds(1, 7)[0]!
  const refused = knownIds(1, 8)[0]!
  const hanging = knownIds(1, 9)[0]!
  let standin: Standin
  let main: BootedMain
  let where: ReturnType<typeof bootFolders>

  beforeAll(async () => {
    standin = await startStandin({
      faults: (id) => (id === refused ? 'http403' : id === hanging ? 'stall' : undefined)
    })
    ;({ main, where } = boot('windows', { standin, platform: 'win32' }))
    await main.waitFor('window-shown')
  })
  afterAll(async () => {
    await main?.stop()
    await standin?.close()
  })

  it("claims the installers' AppUserModelID, so its notifications are shown", () => {
    expect(main.observed('app-user-model-id')).toEqual([{ kind: 'app-user-model-id', id: APP_ID }])
  })

  it('"Start at login" registers a login item with the flag, and removes it', async () => {
    const args = [STARTED_AT_LOGIN_FLAG]
    await invoke(main, 'updateSettings', { startAtLogin: true })
    expect(main.observed('login-item')).toEqual([
      { kind: 'login-item', platform: 'win32', settings: { openAtLogin: true, args } }
    ])
    expect(await main.call('loginItemSettings', { args })).toMatchObject({ openAtLogin: true })
    await invoke(main, 'updateSettings', { startAtLogin: false })
    expect(await main.call('loginItemSettings', { args })).toMatchObject({ openAtLogin: false })
    expect(existsSync(join(where.env.XDG_CONFIG_HOME, 'autostart'))).toBe(false)
  })

  it('a click on the tray icon brings the window forward', async () => {
    await main.call('blurWindow')
    await main.call('clickTray')
    expect(await main.call('windows')).toEqual([expect.objectContaining({ focused: true })])
  })

  it('the taskbar button turns red once an image failed, and shows the pause', async () => {
    const mark = main.observations.length
    await invoke(main, 'startCrawl', { ids: [ok, refused, hanging].join(',') })
    const failed = await event(main, 'crawlProgress', mark, (p) => p.failed === 1 && p.done === 2)
    const red = taskbarProgress(failed, 'win32')
    expect(red.mode).toBe('error')
    await main.waitFor(
      'progress',
      (o) => from(main, mark)(o) && o.shows.state === 'error' && o.progress === red.progress
    )

    const paused = main.observations.length
    await main.call('clickTrayMenuItem', ['Pause crawl'])
    await main.waitFor('progress', (o) => from(main, paused)(o) && o.shows.state === 'paused')

    const cancelled = main.observations.length
    await invoke(main, 'cancelCrawl')
    await event(main, 'crawlFinished', cancelled)
    await settled(main)
    expect(progressCalls(main, cancelled).at(-1)?.shows).toEqual({ state: 'none', fraction: null })
  })
})

describe('on macOS (emulated)', () => {
  it('a template icon in the menu bar, a login item, and no quitting when the window closes', async () => {
    const { main } = boot('mac', { platform: 'darwin' })
    try {
      await main.waitFor('window-shown')
      const [tray] = await main.call('trays')
      // Black and clear, tinted by the system, with its Retina size.
      expect(tray!.image).toEqual({
        path: join(ROOT, 'resources', 'trayTemplate.png'),
        empty: false,
        template: true,
        scaleFactors: [1, 2]
      })

      await invoke(main, 'updateSettings', { startAtLogin: true })
      expect(main.observed('login-item')).toEqual([
        expect.objectContaining({
          platform: 'darwin',
          settings: expect.objectContaining({ openAtLogin: true })
        })
      ])
      expect(await main.call('loginItemSettings')).toMatchObject({ openAtLogin: true })

      // Rotation off: macOS apps stay in the dock, and there is nothing to tell.
      const mark = main.observations.length
      await main.call('closeWindow')
      await main.waitFor('window-closed', from(main, mark))
      await settled(main)
      expect(notifications(main)).toEqual([])
      await main.call('appEvent', 'activate')
      await main.waitFor('window-shown', from(main, mark))
    } finally {
      await main.stop()
    }
  })
})
