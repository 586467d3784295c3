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
import type { Page } from '@playwright/test'
import { expect, test } from './fixtures/app'

const BUDGET = {
  firstGridPaintMs: 500,
  maxItemsInDom: 300,
  longTaskMs: 100,
  messagesPerSecond: 20
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

test('full library: first paint, DOM size and long tasks while scrolling, crawl message rate', async ({
  gallery
}, testInfo) => {
  test.skip(gallery.kind !== 'web', 'counts the bridge WebSocket messages')
  test.setTimeout(300_000)
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
})
