/**
 * The page with the whole collection: a full-speed crawl of all 2,609 stand-in images (small
 * JPEGs), then a reload into the full library. Measures what a person feels and what the budget
 * says: first grid paint, items in the DOM while scrolling top to bottom, long tasks during the
 * scroll, and messages per second the page receives during the crawl. Prints the figures and
 * writes them to test-results/perf.json.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { KNOWN_IDS } from '../src/main/core/catalog/catalog'
import type { Browser, Page } from '@playwright/test'
import { expect, test } from './fixtures/app'

const BUDGET = {
  firstGridPaintMs: 500,
  maxItemsInDom: 300,
  longTaskMs: 100,
  messagesPerSecond: 20,
  firstMapPaintMs: 300,
  mapLongTaskMs: 50
}

test.use({ appOptions: { ids: 'known' } })

/** Runs in the page before its scripts: counts WebSocket messages and times the first grid paint. */
function instrument() {
  const w = window as unknown as {
    __messages: [number, string][]
    __gridPaint: { domMs: number; paintMs: number } | null
  }
  w.__messages = []
  w.__gridPaint = null
  const Native = window.WebSocket
  window.WebSocket = class extends Native {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols)
      this.addEventListener('open', () => w.__messages.push([performance.now(), 'open']))
      this.addEventListener('message', (message) => {
        const head = String(message.data).slice(0, 80)
        w.__messages.push([performance.now(), /"event":"(\w+)"/.exec(head)?.[1] ?? 'reply'])
      })
    }
  }
  const observer = new MutationObserver(() => {
    if (!document.querySelector('[data-id]')) return
    observer.disconnect()
    const domMs = performance.now()
    // The frame after the items were added: rAF runs before that paint, the task after it.
    requestAnimationFrame(() =>
      setTimeout(() => {
        w.__gridPaint = { domMs, paintMs: performance.now() }
      })
    )
  })
  observer.observe(document, { childList: true, subtree: true })
}

/** The first grid paint of the page's current load, and where its time went. */
async function measureLoad(page: Page) {
  await expect(page.getByRole('list', { name: 'Gallery' })).toBeVisible()
  await page.waitForFunction(
    () => (window as unknown as { __gridPaint: unknown }).__gridPaint !== null
  )
  return page.evaluate(() => {
    const w = window as unknown as {
      __messages: [number, string][]
      __gridPaint: { domMs: number; paintMs: number }
    }
    const navigation = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming
    const script = performance
      .getEntriesByType('resource')
      .find((entry) => entry.name.endsWith('.js')) as PerformanceResourceTiming | undefined
    const at = (kind: string) => Math.round(w.__messages.find(([, k]) => k === kind)?.[0] ?? -1)
    return {
      paintMs: Math.round(w.__gridPaint.paintMs),
      gridInDomMs: Math.round(w.__gridPaint.domMs),
      scriptLoadedMs: Math.round(script?.responseEnd ?? -1),
      domContentLoadedMs: Math.round(navigation.domContentLoadedEventEnd),
      socketOpenMs: at('open'),
      stateReceivedMs: at('reply'),
      itemsInDom: document.querySelectorAll('[data-id]').length
    }
  })
}

/**
 * From a click on "Map" to the first frame painted with the markers: a capture listener notes the
 * click, a MutationObserver the markers' arrival, and the frame after it counts as painted.
 */
async function measureMapSwitch(page: Page) {
  await page.evaluate(() => {
    const w = window as unknown as { __mapPaint: Promise<{ clickMs: number; paintMs: number }> }
    w.__mapPaint = new Promise((resolve) => {
      let clickMs = 0
      document.addEventListener('click', () => (clickMs = performance.now()), {
        capture: true,
        once: true
      })
      const observer = new MutationObserver(() => {
        if (!document.querySelector('[aria-label="World map"] [data-id]')) return
        observer.disconnect()
        requestAnimationFrame(() =>
          setTimeout(() => resolve({ clickMs, paintMs: performance.now() }))
        )
      })
      observer.observe(document, { childList: true, subtree: true })
    })
  })
  await page.getByRole('button', { name: 'Map', exact: true }).click()
  const { clickMs, paintMs } = await page.evaluate(
    () =>
      (window as unknown as { __mapPaint: Promise<{ clickMs: number; paintMs: number }> })
        .__mapPaint
  )
  return {
    paintMs: Math.round(paintMs - clickMs),
    markers: await page.locator('[aria-label="World map"] [data-id]').count()
  }
}

/**
 * Pans and zooms the map for about 10 s, a step per frame, with the events a mouse sends (d3-zoom
 * handles them as it would a person's): the wheel in and out, drags in four directions, the zoom
 * buttons and Fit world. Driven inside the page, so no test-runner round trip (or trace snapshot)
 * falls between frames. Records long tasks, frame times and every change to the markers'
 * elements: panning moves one transform, so it should change no marker at all; zooming sets the
 * radius of the markers in view (their size on screen stays the same) and never re-creates one.
 */
async function measureMapMotion(page: Page) {
  return page.evaluate(async () => {
    const svg = document.querySelector<SVGSVGElement>('svg[aria-label="World map"]')!
    const markers = svg.querySelector('.map-markers')!
    const frame = () => new Promise<number>(requestAnimationFrame)
    const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
    const rect = svg.getBoundingClientRect()
    const centre = { clientX: rect.left + rect.width / 2, clientY: rect.top + rect.height / 2 }
    const mouse = (type: string, target: EventTarget, dx = 0, dy = 0) =>
      target.dispatchEvent(
        new MouseEvent(type, {
          bubbles: true,
          cancelable: true,
          view: window,
          button: 0,
          clientX: centre.clientX + dx,
          clientY: centre.clientY + dy
        })
      )
    const phase = async (run: () => Promise<void>) => {
      const longTasks: number[] = []
      const mutations: Record<string, number> = {}
      const tasks = new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) longTasks.push(Math.round(entry.duration))
      })
      tasks.observe({ type: 'longtask' })
      const dom = new MutationObserver((records) => {
        for (const record of records) {
          const kind = record.type === 'attributes' ? `${record.attributeName}` : 'added/removed'
          mutations[kind] = (mutations[kind] ?? 0) + 1
        }
      })
      dom.observe(markers, { childList: true, attributes: true, subtree: true })
      // Frame intervals, from a loop of its own beside the gesture.
      const frames: number[] = []
      let running = true
      const loop = (async () => {
        let last = await frame()
        while (running) {
          const now = await frame()
          frames.push(now - last)
          last = now
        }
      })()
      await run()
      // Let the gesture end (d3-zoom waits 150 ms after the last wheel event) and settle.
      await wait(400)
      running = false
      await loop
      tasks.disconnect()
      dom.disconnect()
      frames.sort((a, b) => a - b)
      return {
        frames: frames.length,
        p95FrameMs: Math.round(frames[Math.floor(frames.length * 0.95)] ?? 0),
        longTasks,
        markerChanges: mutations
      }
    }
    const zoom = await phase(async () => {
      for (let i = 0; i < 40; i++) {
        svg.dispatchEvent(
          new WheelEvent('wheel', {
            bubbles: true,
            cancelable: true,
            view: window,
            deltaY: i < 28 ? -60 : 60,
            ...centre
          })
        )
        await frame()
      }
    })
    const pan = await phase(async () => {
      for (const [dx, dy] of [
        [300, 0],
        [0, 200],
        [-300, 0],
        [0, -200]
      ] as const) {
        mouse('mousedown', svg)
        for (let step = 1; step <= 30; step++) {
          mouse('mousemove', window, (dx * step) / 30, (dy * step) / 30)
          await frame()
        }
        mouse('mouseup', window, dx, dy)
      }
    })
    const button = (name: string) =>
      document.querySelector<HTMLButtonElement>(`.map-controls button[aria-label="${name}"]`) ??
      [...document.querySelectorAll<HTMLButtonElement>('.map-controls button')].find(
        (candidate) => candidate.textContent?.trim() === name
      )!
    const buttons = await phase(async () => {
      for (const name of ['Zoom in', 'Zoom in', 'Zoom out', 'Fit world']) {
        button(name).click()
        await wait(700)
      }
    })
    return { zoom, pan, buttons }
  })
}

/**
 * `run`'s result, and the main-thread CPU time of the page's tasks while it ran, from a trace: unlike a long
 * task's wall time, it does not grow when other processes on a shared machine take the cores.
 */
async function withMainThreadCpu<T>(browser: Browser, page: Page, run: () => Promise<T>) {
  await browser.startTracing(page, { categories: ['toplevel', 'devtools.timeline'] })
  const result = await run()
  const trace = JSON.parse((await browser.stopTracing()).toString()) as {
    traceEvents: {
      name: string
      ph: string
      pid: number
      tid: number
      tdur?: number
      args?: { name?: string }
    }[]
  }
  const main = trace.traceEvents.find(
    (event) => event.name === 'thread_name' && event.args?.name === 'CrRendererMain'
  )
  const tasks = trace.traceEvents
    .filter(
      (event) =>
        event.ph === 'X' &&
        event.name === 'ThreadControllerImpl::RunTask' &&
        event.pid === main?.pid &&
        event.tid === main?.tid
    )
    .map((event) => (event.tdur ?? 0) / 1000)
  const cpu = {
    longestTaskCpuMs: Math.round(Math.max(0, ...tasks)),
    tasksOver50MsCpu: tasks.filter((ms) => ms > 50).length,
    totalCpuMs: Math.round(tasks.reduce((sum, ms) => sum + ms, 0))
  }
  return [result, cpu] as const
}

test('full library: first paint, DOM size and long tasks while scrolling, crawl message rate', async ({
  gallery,
  browser
}, testInfo) => {
  test.skip(gallery.kind !== 'web', 'counts the bridge WebSocket messages')
  // The crawl, three loads, the scroll, then the map (about a minute more on a busy machine).
  test.setTimeout(480_000)
  const { page } = gallery
  // The instrumentation rides on every later navigation of this page (restart included).
  await page.addInitScript(instrument)
  await page.reload()
  await expect(page.getByRole('button', { name: 'Start crawl' })).toBeVisible()

  // A full-speed crawl of every known id.
  const crawlStart = await page.evaluate(() => performance.now())
  await page.getByRole('button', { name: 'Start crawl' }).click()
  await gallery.waitForCrawlEnd(KNOWN_IDS.length)
  await expect(page.getByText(`${KNOWN_IDS.length.toLocaleString('en-US')} saved`)).toBeVisible()
  const messages = await page.evaluate(
    () => (window as unknown as { __messages: [number, string][] }).__messages
  )
  const during = messages.filter(([time, kind]) => time >= crawlStart && kind !== 'open')
  const finished = during.find(([, event]) => event === 'crawlFinished')?.[0] ?? during.at(-1)![0]
  const crawlSeconds = (finished - crawlStart) / 1000
  let maxInOneSecond = 0
  for (let i = 0, j = 0; j < during.length; j++) {
    while (during[j]![0] - during[i]![0] >= 1000) i++
    maxInOneSecond = Math.max(maxInOneSecond, j - i + 1)
  }
  const byEvent: Record<string, number> = {}
  for (const [, event] of during) byEvent[event] = (byEvent[event] ?? 0) + 1

  // Make every thumbnail now (the crawl's background queue may still be at it), so what follows
  // measures the page and not thumbnailing competing for the CPU.
  await page.evaluate(async (ids) => {
    const queue = [...ids]
    const worker = async () => {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
        await fetch(`/media/thumb/${id}`).then((response) => response.arrayBuffer())
      }
    }
    await Promise.all(Array.from({ length: 4 }, worker))
  }, KNOWN_IDS)

  // Quit and start again on the full library, as a person reopening the app, then reload twice:
  // the first grid paint of each load. One load on a shared machine is noisy; the budget applies
  // to the median of the three (the cold start is reported on its own too).
  await gallery.restart()
  const loads: Awaited<ReturnType<typeof measureLoad>>[] = [await measureLoad(page)]
  for (let i = 0; i < 2; i++) {
    await page.reload()
    loads.push(await measureLoad(page))
  }
  const paints = loads.map((load) => load.paintMs).sort((a, b) => a - b)
  const medianPaintMs = paints[1]!
  const itemsAtLoad = Math.max(...loads.map((load) => load.itemsInDom))
  await expect(page.locator('[data-id] img').first()).toBeVisible()

  // Scroll the grid from top to bottom, a frame at a time.
  const scroll = await page.evaluate(async () => {
    const scroller = document.querySelector<HTMLElement>('.grid-scroll')!
    const longTasks: number[] = []
    const tasks = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) longTasks.push(Math.round(entry.duration))
    })
    tasks.observe({ type: 'longtask' })
    const count = () => document.querySelectorAll('[data-id]').length
    let maxItems = count()
    const dom = new MutationObserver(() => (maxItems = Math.max(maxItems, count())))
    dom.observe(scroller, { childList: true, subtree: true })
    const frames: number[] = []
    const start = performance.now()
    let last = start
    while (scroller.scrollTop + scroller.clientHeight < scroller.scrollHeight - 1) {
      scroller.scrollTop += 240
      await new Promise(requestAnimationFrame)
      const now = performance.now()
      frames.push(now - last)
      last = now
      maxItems = Math.max(maxItems, count())
    }
    // Let the last rows and their thumbnails settle before reading the observers.
    await new Promise((resolve) => setTimeout(resolve, 500))
    tasks.disconnect()
    dom.disconnect()
    frames.sort((a, b) => a - b)
    return {
      ms: Math.round(performance.now() - start),
      scrollHeight: scroller.scrollHeight,
      frames: frames.length,
      p95FrameMs: Math.round(frames[Math.floor(frames.length * 0.95)] ?? 0),
      maxItems,
      longTasks
    }
  })
  const lastId = KNOWN_IDS.at(-1)!
  await expect(page.locator(`[data-id="${lastId}"]`)).toBeInViewport()

  // The map with all 2,609 places: three switches from the grid (the map's code is preloaded
  // when the page is idle, as it is by now), then pan and zoom.
  const mapSwitches = []
  for (let i = 0; i < 3; i++) {
    if (i > 0) {
      await page.getByRole('button', { name: 'Grid', exact: true }).click()
      await expect(page.getByRole('list', { name: 'Gallery' })).toBeVisible()
    }
    const [load, cpu] = await withMainThreadCpu(browser, page, () => measureMapSwitch(page))
    mapSwitches.push({ ...load, ...cpu })
  }
  const mapPaints = mapSwitches.map((load) => load.paintMs).sort((a, b) => a - b)
  const [motion, motionCpu] = await withMainThreadCpu(browser, page, () => measureMapMotion(page))
  const mapLongTasks = [
    ...motion.zoom.longTasks,
    ...motion.pan.longTasks,
    ...motion.buttons.longTasks
  ]
  await page.getByRole('button', { name: 'Grid', exact: true }).click()

  const figures = {
    items: KNOWN_IDS.length,
    firstGridPaintMs: medianPaintMs,
    firstGridPaintColdStartMs: loads[0]!.paintMs,
    loads,
    itemsInDomAtLoad: itemsAtLoad,
    scroll: {
      durationMs: scroll.ms,
      scrollHeightPx: scroll.scrollHeight,
      frames: scroll.frames,
      p95FrameMs: scroll.p95FrameMs,
      maxItemsInDom: scroll.maxItems,
      longTasksOver100Ms: scroll.longTasks.filter((ms) => ms > BUDGET.longTaskMs),
      longTasksOver50Ms: scroll.longTasks.length
    },
    map: {
      firstMapPaintMs: mapPaints[1]!,
      switches: mapSwitches,
      motion,
      motionCpu
    },
    crawl: {
      seconds: Number(crawlSeconds.toFixed(2)),
      messages: during.length,
      messagesPerSecond: Number((during.length / crawlSeconds).toFixed(1)),
      maxMessagesInOneSecond: maxInOneSecond,
      byEvent
    },
    budget: BUDGET
  }
  const text = JSON.stringify(figures, null, 2)
  console.log(`performance figures:\n${text}`)
  const dir = join(process.cwd(), 'test-results')
  await mkdir(dir, { recursive: true })
  await writeFile(join(dir, 'perf.json'), `${text}\n`)
  await testInfo.attach('perf.json', { body: text, contentType: 'application/json' })

  expect(figures.firstGridPaintMs).toBeLessThan(BUDGET.firstGridPaintMs)
  expect(itemsAtLoad).toBeLessThanOrEqual(BUDGET.maxItemsInDom)
  expect(scroll.maxItems).toBeLessThanOrEqual(BUDGET.maxItemsInDom)
  expect(figures.scroll.longTasksOver100Ms).toEqual([])
  // The rate over the crawl; the busiest second is reported too (a loaded machine bunches timers).
  expect(figures.crawl.messagesPerSecond).toBeLessThanOrEqual(BUDGET.messagesPerSecond)
  for (const load of mapSwitches) expect(load.markers).toBe(KNOWN_IDS.length)
  expect(figures.map.firstMapPaintMs).toBeLessThan(BUDGET.firstMapPaintMs)
  expect(mapLongTasks.filter((ms) => ms > BUDGET.mapLongTaskMs)).toEqual([])
  // Markers move with the one transform: none is ever re-created (those coming into view get
  // their radius for the zoom, and their spread offset, as attributes).
  for (const phase of [motion.zoom, motion.pan, motion.buttons]) {
    expect(phase.markerChanges['added/removed']).toBeUndefined()
  }
})
