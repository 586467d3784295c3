/**
 * The built main process (out/main/index.js, built first as the e2e tests build it) booted in
 * plain Node against the stand-in Electron (stand-in.ts), checked as the window and the person
 * would see it. Playwright's `electron` project still runs the real thing where a binary exists;
 * this suite runs everywhere, so the glue in src/main/*.ts never goes untested.
 */
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { AddressInfo } from 'node:net'
import { resolveConfig } from 'electron-vite'
import { createServer } from 'vite'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { API_METHODS, ipcChannel, type ApiMethod } from '@shared/api'
import { startStandin, type Standin } from '../../e2e/standin/server'
import { ensureBuilt, ROOT } from '../../scripts/run-built.mjs'
import { BUILD_TIMEOUT_MS } from '../../scripts/test-setup/built-cli'
import { Library } from '../../src/main/core/library/library'
import { knownIds } from '../support/crawl-harness'
import { bootFolders, bootMain, type BootedMain } from './boot'

const PAGE = join(ROOT, 'out', 'renderer', 'index.html')
const PRELOAD = join(ROOT, 'out', 'preload', 'index.cjs')
const PAGE_URL = pathToFileURL(PAGE).href

let scratch: string
beforeAll(() => {
  ensureBuilt('index')
  scratch = mkdtempSync(join(tmpdir(), 'evg-main-'))
}, BUILD_TIMEOUT_MS)
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

const folders = (name: string) => bootFolders(scratch, name)

const channelOf = (method: ApiMethod) => ipcChannel.method(method)
const forbidden = { ok: false, error: expect.objectContaining({ code: 'forbidden' }) }
const invalid = { ok: false, error: expect.objectContaining({ code: 'invalid-argument' }) }

/** The policy of the built page's `<meta http-equiv="Content-Security-Policy">`, if any. */
function metaCsp(html: string): string | null {
  const content = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i.exec(
    html
  )?.[1]
  return (
    content?.replaceAll('&#39;', "'").replaceAll('&quot;', '"').replaceAll('&amp;', '&') ?? null
  )
}

describe('the app, started on a data folder that does not exist yet', () => {
  const ids = knownIds(4)
  const notSaved = knownIds(1, 10)[0]!
  let standin: Standin
  let main: BootedMain
  let data: string
  let windowId: number
  let webContentsId: number

  beforeAll(async () => {
    standin = await startStandin()
    const where = folders('app')
    data = where.data
    main = bootMain({
      env: {
        ...where.env,
        EARTHVIEW_DATA_DIR: data,
        EARTHVIEW_SOURCE: standin.url,
        EARTHVIEW_IDS: ids.join(',')
      }
    })
    const created = await main.waitFor('window-created')
    windowId = created.windowId
    webContentsId = created.webContentsId
    await main.waitFor('window-shown')
  })
  afterAll(async () => {
    await main?.stop()
    await standin?.close()
  })

  it('makes the data folder, then opens one sandboxed, isolated window', async () => {
    expect(existsSync(data)).toBe(true)
    expect((await main.call('state')).userData).toBe(data)
    const windows = main.observed('window-created')
    expect(windows).toHaveLength(1)
    const { options } = windows[0]!
    // Hidden until the page has painted, so it never flashes empty.
    expect(options.show).toBe(false)
    expect(options.webPreferences).toEqual(
      expect.objectContaining({
        preload: PRELOAD,
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        experimentalFeatures: false,
        webviewTag: false,
        navigateOnDragDrop: false
      })
    )
  })

  it('loads the built page, which exists with its preload, and shows the window once loaded', () => {
    expect(existsSync(PAGE)).toBe(true)
    expect(existsSync(PRELOAD)).toBe(true)
    expect(main.observed('load')).toEqual([
      { kind: 'load', webContentsId, url: PAGE_URL, error: null }
    ])
    const kinds = main.observations.map((o) => o.kind)
    expect(kinds.indexOf('window-shown')).toBeGreaterThan(kinds.indexOf('load'))
  })

  it('declares earthview: standard and secure, and nothing that bypasses the page CSP', async () => {
    const { privilegedSchemes } = await main.call('state')
    expect(privilegedSchemes).toEqual([
      {
        scheme: 'earthview',
        privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true }
      }
    ])
  })

  it('registers exactly one IPC handler per API method', async () => {
    const handlers = await main.call('handlers')
    expect([...handlers].sort()).toEqual(API_METHODS.map(channelOf).sort())
  })

  it("answers the window's own page", async () => {
    const result = await main.call('invoke', channelOf('getState'), [])
    expect(result).toMatchObject({ ok: true, value: { dataFolder: data } })
  })

  it('refuses every method to another window, a subframe and a frame on another URL', async () => {
    const other = await main.call('foreignWindow')
    const otherFile = pathToFileURL(join(ROOT, 'out', 'renderer', 'other.html')).href
    const senders = [
      { windowId: other },
      { subframe: true },
      { url: 'https://example.com/' },
      { url: otherFile },
      { subframe: true, url: 'data:text/html,hi' }
    ]
    for (const method of API_METHODS) {
      for (const from of senders) {
        expect(await main.call('invoke', channelOf(method), [], from), method).toEqual(forbidden)
      }
    }
    await main.call('closeWindow', other)
  })

  it('validates arguments before anything runs', async () => {
    for (const method of API_METHODS) {
      const tooMany = [{}, {}, {}, {}]
      expect(await main.call('invoke', channelOf(method), tooMany), method).toEqual(invalid)
    }
    const calls: [ApiMethod, unknown[]][] = [
      ['setFavorite', [String(ids[0]), true]],
      ['setFavorite', [-1, true]],
      ['exportItems', [[]]],
      ['startCrawl', [{ ids: 5 }]],
      ['updateSettings', [{ concurrency: 1e9 }]],
      ['updateSettings', [{ libraryFolder: 7 }]]
    ]
    for (const [method, args] of calls) {
      expect(await main.call('invoke', channelOf(method), args), method).toEqual(invalid)
    }
    const state = await main.call('invoke', channelOf('getState'), [])
    expect(state).toMatchObject({ ok: true, value: { settings: { favorites: [] } } })
  })

  it('brings its one window forward for a second launch or a dock click, never opening another', async () => {
    const created = main.observed('window-created').length
    await main.call('appEvent', 'second-instance')
    await main.call('appEvent', 'activate')
    const windows = await main.call('windows')
    expect(windows).toEqual([expect.objectContaining({ id: windowId, visible: true })])
    expect(main.observed('window-created')).toHaveLength(created)
  })

  it('refuses permissions, new windows and navigation away from the page', async () => {
    expect(await main.call('permissions', 'media')).toEqual({
      requested: false,
      checked: false,
      device: false
    })
    expect(await main.call('windowOpen', 'https://evil.example/')).toBe('deny')
    expect(await main.call('navigate', 'https://evil.example/')).toBe(true)
    expect(await main.call('navigate', 'file:///etc/passwd')).toBe(true)
    expect(main.observed('shell')).toEqual([])
    // An allow-listed Maps link opens in the browser, never in a window of ours.
    const maps = 'https://www.google.com/maps/@46.5,7.9,12z'
    expect(await main.call('windowOpen', maps)).toBe('deny')
    await main.waitFor('shell', (o) => o.target === maps)
    expect(main.observed('shell')).toEqual([
      { kind: 'shell', method: 'openExternal', target: maps }
    ])
  })

  it('sends the page its CSP header, the policy the built page carries in its meta tag', async () => {
    const page = await main.call('headersReceived', {
      url: PAGE_URL,
      resourceType: 'mainFrame',
      responseHeaders: { 'content-security-policy': ['default-src *'] }
    })
    expect(page.responseHeaders).not.toHaveProperty('content-security-policy')
    const meta = metaCsp(readFileSync(PAGE, 'utf8'))
    expect(meta).toMatch(/^default-src 'none'; /)
    // A meta tag cannot set frame-ancestors (the header does), and the page opens no WebSocket.
    expect(meta).not.toMatch(/frame-ancestors|ws:|unsafe-inline|unsafe-eval/)
    expect(page.responseHeaders?.['Content-Security-Policy']).toEqual([
      `${meta}; frame-ancestors 'none'`
    ])

    const other = await main.call('headersReceived', {
      url: 'https://example.com/',
      resourceType: 'mainFrame'
    })
    expect(other).toEqual({})
  })

  it('builds the app menu, whose download-folder item asks with the folder picker', async () => {
    const menu = (await main.call('applicationMenu'))!
    const top = menu.map((item) => item.label || item.role)
    expect(top).toEqual(
      process.platform === 'darwin'
        ? ['Earth View Gallery', '&File', 'editmenu', '&View', 'windowmenu', 'help']
        : ['&File', 'editmenu', '&View', 'windowmenu', 'help']
    )
    const view = menu.find((item) => item.label === '&View')!.submenu!
    // Not in development: no reload, no developer tools.
    expect(view.map((item) => item.role)).not.toContain('toggledevtools')
    const file = menu.find((item) => item.label === '&File')!.submenu!
    expect(file[0]).toMatchObject({ label: 'Choose Download Folder…', clickable: true })

    const chosen = join(scratch, 'chosen')
    mkdirSync(chosen)
    await main.call('answerOpenDialog', [chosen])
    await main.call('clickMenuItem', ['&File', 'Choose Download Folder…'])
    await main.waitFor('dialog', (o) => o.method === 'showOpenDialog')
    const changed = await main.waitFor(
      'send',
      (o) =>
        o.channel === ipcChannel.event('settingsChanged') &&
        (o.args[0] as { downloadFolder: string }).downloadFolder === chosen
    )
    expect(changed.webContentsId).toBe(webContentsId)
  })

  it("sends a crawl's events to the window, and to no other", async () => {
    const other = await main.call('foreignWindow')
    const started = await main.call('invoke', channelOf('startCrawl'), [{}])
    expect(started).toMatchObject({ ok: true })
    const finished = await main.waitFor(
      'send',
      (o) => o.channel === ipcChannel.event('crawlFinished')
    )
    expect(finished.args[0]).toMatchObject({ requested: ids.length, saved: ids.length })
    const sends = main.observed('send')
    expect(new Set(sends.map((o) => o.webContentsId))).toEqual(new Set([webContentsId]))
    const added = sends
      .filter((o) => o.channel === ipcChannel.event('itemsAdded'))
      .flatMap((o) => (o.args[0] as { id: number }[]).map((record) => record.id))
    expect(added.sort()).toEqual([...ids].sort())
    expect(sends.some((o) => o.channel === ipcChannel.event('crawlProgress'))).toBe(true)
    await main.call('closeWindow', other)
    expect(windowId).toBe(main.observed('window-created')[0]!.windowId)
  })

  it('serves saved images and their thumbnails through earthview:, and nothing else', async () => {
    const id = ids[0]!
    const image = await main.call('request', `earthview://image/${id}`)
    expect(image.status).toBe(200)
    expect(image.headers['content-type']).toBe('image/jpeg')
    expect(image.headers['x-content-type-options']).toBe('nosniff')
    expect(Buffer.from(image.body).equals(standin.expectedJpeg(id))).toBe(true)

    // Made on first request, as the grid asks for it.
    const thumb = await main.call('request', `earthview://thumb/${id}?v=2`)
    expect(thumb.status).toBe(200)
    expect(thumb.headers['content-type']).toBe('image/webp')
    expect(thumb.headers['cache-control']).toContain('immutable')
    expect(Buffer.from(thumb.body).subarray(8, 12).toString()).toBe('WEBP')

    const head = await main.call('request', `earthview://image/${id}`, 'HEAD')
    expect(head).toMatchObject({ status: 200, body: new Uint8Array() })
    expect(head.headers['content-length']).toBe(String(standin.expectedJpeg(id).length))
    expect((await main.call('request', `earthview://image/${id}`, 'POST')).status).toBe(405)

    const refused = [
      `earthview://image/${notSaved}`,
      'earthview://image/0',
      'earthview://image/123456789',
      `earthview://image/${id}/x`,
      `earthview://other/${id}`,
      `earthview://image/${id}?x=1`,
      `earthview://image/${id}#top`,
      'earthview://image/..%2f..%2fsettings.json',
      'earthview://image/%2e%2e/settings.json',
      `earthview://image:8080/${id}`,
      'earthview://settings.json/'
    ]
    for (const url of refused) {
      expect((await main.call('request', url)).status, url).toBe(404)
    }
    // Credentials never reach the handler: the request itself fails, as it does in Electron.
    const withCredentials = await main.call('request', `earthview://user:pw@image/${id}`)
    expect(withCredentials.error).toMatch(/^net::ERR_UNEXPECTED/)
  })
})

/** The renderer's dev server, as `npm run dev` starts it (electron-vite's own config). */
async function rendererDevServer(): Promise<{ url: string; close(): Promise<void> }> {
  // resolveConfig sets NODE_ENV for the whole process; the other tests here run as tests.
  const nodeEnv = process.env['NODE_ENV']
  const { config } = await resolveConfig({ root: ROOT, logLevel: 'silent' }, 'serve', 'development')
  if (nodeEnv === undefined) delete process.env['NODE_ENV']
  else process.env['NODE_ENV'] = nodeEnv
  const renderer = config!.renderer!
  const server = await createServer({
    ...renderer,
    logLevel: 'silent',
    server: { ...renderer.server, host: '127.0.0.1', port: 0 }
  })
  await server.listen()
  const { port } = server.httpServer!.address() as AddressInfo
  return { url: `http://127.0.0.1:${port}`, close: () => server.close() }
}

describe('in development (npm run dev)', () => {
  it("loads the dev server's page, which carries no strict meta CSP, and lets its inline styles in", async () => {
    const dev = await rendererDevServer()
    const where = folders('dev')
    const main = bootMain({
      env: { ...where.env, EARTHVIEW_DATA_DIR: where.data, ELECTRON_RENDERER_URL: dev.url }
    })
    try {
      await main.waitFor('window-shown')
      expect(main.observed('load')).toEqual([
        expect.objectContaining({ url: dev.url, error: null })
      ])
      // Vite styles the page with inline <style> elements (and an inline refresh preamble): a
      // meta tag with style-src 'self' would leave it unstyled, whatever the header allows.
      const html = await (await fetch(dev.url)).text()
      expect(html).toContain('/@vite/client')
      expect(metaCsp(html)).toBeNull()
      const page = await main.call('headersReceived', {
        url: `${dev.url}/`,
        resourceType: 'mainFrame'
      })
      const [csp] = page.responseHeaders?.['Content-Security-Policy'] as string[]
      expect(csp).toContain(`style-src 'self' 'unsafe-inline' ${dev.url}`)
      expect(csp).toContain(`connect-src 'self' ${dev.url} ${dev.url.replace('http', 'ws')}`)

      // The dev server's page may call the app; another origin may not.
      const own = await main.call('invoke', channelOf('getState'), [])
      expect(own).toMatchObject({ ok: true })
      const other = await main.call('invoke', channelOf('getState'), [], {
        url: 'http://127.0.0.1:1/'
      })
      expect(other).toEqual(forbidden)
      const view = (await main.call('applicationMenu'))!.find((item) => item.label === '&View')!
      expect(view.submenu!.map((item) => item.role)).toContain('toggledevtools')
    } finally {
      await main.stop()
      await dev.close()
    }
  })
})

describe('quitting', () => {
  it('during a crawl waits for the service to close, ignores reopen requests, then quits', async () => {
    const ids = knownIds(6)
    const stalled = new Set(ids.slice(2))
    const standin = await startStandin({
      faults: (id) => (stalled.has(id) ? 'stall' : undefined)
    })
    const where = folders('quit')
    const main = bootMain({
      env: {
        ...where.env,
        EARTHVIEW_DATA_DIR: where.data,
        EARTHVIEW_SOURCE: standin.url,
        EARTHVIEW_IDS: ids.join(',')
      }
    })
    try {
      await main.waitFor('window-shown')
      await main.call('invoke', channelOf('startCrawl'), [{}])
      // Two images saved, four requests hanging: a crawl in the middle of its work.
      for (const id of ids.filter((id) => !stalled.has(id))) {
        await main.waitFor(
          'send',
          (o) =>
            o.channel === ipcChannel.event('itemsAdded') &&
            (o.args[0] as { id: number }[]).some((record) => record.id === id)
        )
      }
      await vi.waitFor(() => expect(standin.inFlight()).toBe(stalled.size), { timeout: 20_000 })

      const quitAt = Date.now()
      // Quit, and in the same tick (while the service is closing) ask for a window again, as a
      // dock click or a second launch would.
      await main.call('quit', ['activate', 'second-instance'])
      expect(await main.exited).toBe(0)
      const tookMs = Date.now() - quitAt

      const quitting = main.observations.slice(
        main.observations.findIndex((o) => o.kind === 'app' && o.event === 'before-quit')
      )
      expect(
        quitting.map((o) => (o.kind === 'app' ? `${o.event}${o.prevented ? '!' : ''}` : o.kind))
      ).toEqual(
        expect.arrayContaining([
          'before-quit',
          'window-closed',
          'will-quit!',
          'will-quit',
          'quit',
          'exit'
        ])
      )
      expect(quitting.filter((o) => o.kind === 'window-created')).toEqual([])
      expect(main.observed('window-created')).toHaveLength(1)
      // The service's close ended the wait, not the 5-second grace.
      expect(tookMs).toBeLessThan(5_000)

      // Nothing was lost or left half-written: the library opens as the service closed it.
      const reopened = await Library.open(join(where.data, 'library'))
      expect(reopened.openReport).toMatchObject({
        indexed: ids.length - stalled.size,
        dropped: 0,
        setAside: 0,
        tempFilesRemoved: 0,
        otherFiles: { count: 0, names: [] }
      })
      await reopened.close()
    } finally {
      await main.stop()
      await standin.close()
    }
  })
})

describe('a failure to start', () => {
  it('when the data folder cannot be made: an error box, then exit 1', async () => {
    const where = folders('data-is-a-file')
    mkdirSync(where.root, { recursive: true })
    const file = join(where.root, 'data')
    writeFileSync(file, 'not a folder')
    const main = bootMain({ env: { ...where.env, EARTHVIEW_DATA_DIR: file } })
    expect(await main.exited).toBe(1)
    expect(main.observed('dialog')).toEqual([
      {
        kind: 'dialog',
        method: 'showErrorBox',
        options: {
          title: 'Earth View Gallery could not start',
          content: expect.stringContaining(file)
        }
      }
    ])
    expect(main.observed('window-created')).toEqual([])
  })

  it('not when the library cannot be opened: the window opens, and the page is told why', async () => {
    // A saved library folder that became unusable must not keep the app from starting
    // (issue 10, defect 4): the page shows why and offers to choose another folder.
    const where = folders('library-is-a-file')
    mkdirSync(where.data, { recursive: true })
    writeFileSync(join(where.data, 'library'), 'not a folder')
    const main = bootMain({ env: { ...where.env, EARTHVIEW_DATA_DIR: where.data } })
    try {
      await main.waitFor('window-shown')
      expect(await main.call('invoke', channelOf('getState'), [])).toMatchObject({
        ok: true,
        value: {
          libraryProblem: {
            field: 'libraryFolder',
            message: expect.stringMatching(/library is a file, not a folder/)
          }
        }
      })
      expect(main.observed('dialog')).toEqual([])
    } finally {
      await main.stop()
    }
  })

  it('when the page cannot be loaded: an error box, then exit 1 once the service has closed', async () => {
    // An install that lost its page: the built main process without out/renderer or out/preload.
    // Inside the project, so the copied main process finds its packages; .cache may not exist
    // yet on a fresh install.
    const cache = join(ROOT, 'node_modules', '.cache')
    mkdirSync(cache, { recursive: true })
    const broken = mkdtempSync(join(cache, 'evg-broken-'))
    try {
      cpSync(join(ROOT, 'package.json'), join(broken, 'package.json'))
      cpSync(join(ROOT, 'out', 'main'), join(broken, 'out', 'main'), { recursive: true })
      const where = folders('page-missing')
      const main = bootMain({
        appFolder: broken,
        env: { ...where.env, EARTHVIEW_DATA_DIR: where.data }
      })
      expect(await main.exited).toBe(1)
      const [load] = main.observed('load')
      expect(load).toMatchObject({ error: 'ERR_FILE_NOT_FOUND' })
      expect(main.observed('dialog')).toEqual([
        expect.objectContaining({
          method: 'showErrorBox',
          options: expect.objectContaining({
            content: expect.stringContaining('ERR_FILE_NOT_FOUND')
          })
        })
      ])
      expect(main.observed('app').map((o) => o.event)).toContain('will-quit')
    } finally {
      rmSync(broken, { recursive: true, force: true })
    }
  })
})
