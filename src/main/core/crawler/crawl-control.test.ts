import { afterEach, describe, expect, it, vi } from 'vitest'
import { once } from 'node:events'
import { setTimeout as sleep } from 'node:timers/promises'
import type { CrawlState } from '@shared/crawl'
import { FIRST_WAVE, MAX_SAVING, type Crawl, type FirstWave } from './crawl'
import {
  expectLibraryExact,
  harness,
  knownIds,
  type Harness
} from '../../../../test/support/crawl-harness'

let h: Harness | undefined
afterEach(async () => {
  await h?.cleanup()
  h = undefined
})

const waitFor = (check: () => void) => vi.waitFor(check, { timeout: 10_000, interval: 5 })

function states(crawl: Crawl): CrawlState[] {
  const seen: CrawlState[] = []
  crawl.on('state', (state) => seen.push(state))
  return seen
}

describe('crawl control', () => {
  it('pause starts no new fetches; resume finishes the crawl', async () => {
    const ids = knownIds(30)
    h = await harness({ ids, latencyMs: 40 })
    const crawl = h.crawl(ids, { concurrency: 3 })
    const seen = states(crawl)
    await once(crawl, 'saved')
    crawl.pause()
    expect(crawl.progress().state).toBe('paused')
    // The fetches in flight finish; nothing new starts.
    await waitFor(() => expect(crawl.progress().inFlight).toBe(0))
    const requests = h.standin.totalRequests()
    const progress = crawl.progress()
    expect(progress.etaSeconds).toBeNull()
    // Proving that nothing happens takes time: several request round trips' worth.
    await sleep(250)
    expect(h.standin.totalRequests()).toBe(requests)
    expect(crawl.progress().saved).toBe(progress.saved)
    expect(progress.saved).toBeLessThan(30)

    crawl.resume()
    const summary = await crawl.done
    expect(summary).toMatchObject({ saved: 30, failed: [], cancelled: false })
    expect(seen).toEqual(['running', 'paused', 'running', 'finished'])
    await expectLibraryExact(h.folder, h.standin, ids)
  })

  it('holds downloads back while MAX_SAVING saves wait on a slow disk', async () => {
    const ids = knownIds(40)
    h = await harness({ ids })
    // A disk that takes as long as we like: every save waits for the gate.
    let openGate!: () => void
    const gate = new Promise<void>((resolve) => (openGate = resolve))
    const save = h.library.save.bind(h.library)
    let saves = 0
    h.library.save = async (...args) => {
      saves++
      await gate
      return save(...args)
    }
    const concurrency = 2
    const crawl = h.crawl(ids, { concurrency })
    // Stuck: MAX_SAVING images saving, one more download per slot waiting for room, nothing on
    // the wire, nothing else fetched.
    await waitFor(() => {
      expect(saves).toBe(MAX_SAVING)
      expect(crawl.progress().inFlight).toBe(MAX_SAVING + concurrency)
      expect(h!.standin.totalRequests()).toBe(MAX_SAVING + concurrency)
      expect(h!.standin.inFlight()).toBe(0)
    })
    expect(crawl.progress().saved).toBe(0)

    openGate()
    expect(await crawl.done).toMatchObject({ saved: 40, failed: [] })
    expect(h.standin.totalRequests()).toBe(40)
    await expectLibraryExact(h.folder, h.standin, ids)
  })

  it('cancel aborts requests in flight (even stalled ones) and resolves done promptly', async () => {
    const ids = knownIds(40)
    h = await harness({ ids, faults: (id) => (ids.indexOf(id) >= 3 ? 'stall' : undefined) })
    const crawl = h.crawl(ids, { concurrency: 4, bodyTimeoutMs: 60_000 })
    const seen = states(crawl)
    await waitFor(() => {
      expect(crawl.progress().saved).toBe(3)
      expect(h!.standin.inFlight()).toBe(4)
    })
    const started = performance.now()
    crawl.cancel()
    const summary = await crawl.done
    expect(performance.now() - started).toBeLessThan(1_000)
    expect(summary).toMatchObject({ requested: 40, saved: 3, failed: [], cancelled: true })
    expect(crawl.progress()).toMatchObject({ state: 'cancelled', inFlight: 0 })
    expect(seen).toEqual(['running', 'cancelling', 'cancelled'])
    // The stalled responses were abandoned by the client, and the queue was dropped.
    await waitFor(() => expect(h!.standin.inFlight()).toBe(0))
    expect(h.standin.totalRequests()).toBe(7)
    await expectLibraryExact(h.folder, h.standin, ids.slice(0, 3))
  })

  it('an external AbortSignal cancels too, also while paused, and before the start', async () => {
    const ids = knownIds(20)
    h = await harness({ ids, latencyMs: 20 })
    const controller = new AbortController()
    const crawl = h.crawl(ids, { concurrency: 2, signal: controller.signal })
    await once(crawl, 'saved')
    crawl.pause()
    controller.abort()
    const summary = await crawl.done
    expect(summary.cancelled).toBe(true)
    expect(summary.saved).toBeLessThan(20)

    const early = h.crawl(ids, { signal: AbortSignal.abort() })
    const requests = h.standin.totalRequests()
    expect(await early.done).toMatchObject({ cancelled: true, saved: 0 })
    expect(h.standin.totalRequests()).toBe(requests)
  })

  it('sends a first wave of a few requests, and the rest once the first document is in', async () => {
    const ids = knownIds(60)
    const latencyMs = 150
    h = await harness({ ids, latencyMs })
    // A first wave that only the first document ends (not its timer).
    const crawl = h.crawl(ids, { concurrency: 12, firstWave: { maxMs: 60_000 } })
    await waitFor(() => expect(h!.standin.maxConcurrent()).toBe(12))
    const arrivals = ids
      .map((id) => h!.standin.requestTimes(id)[0])
      .filter((time): time is number => time !== undefined)
      .sort((a, b) => a - b)
    // The first wave arrives at once; the next request only after a first answer, which the
    // stand-in sends no sooner than its latency (a few ms of clock rounding allowed).
    const wave = FIRST_WAVE.requests
    expect(arrivals[wave]! - arrivals[0]!).toBeGreaterThanOrEqual(latencyMs - 5)
    expect(arrivals[wave - 1]! - arrivals[0]!).toBeLessThan(latencyMs)
    expect((await crawl.done).saved).toBe(60)
  })

  /** The app's first-tile wave: one request, ended by fullSpeed() (or, here, not by its time). */
  const RELEASED_WAVE: Partial<FirstWave> = { requests: 1, endsAt: 'released', maxMs: 60_000 }

  it('sends nothing after a released first wave has saved its image, until fullSpeed()', async () => {
    const ids = knownIds(40)
    h = await harness({ ids, latencyMs: 60 })
    const crawl = h.crawl(ids, {
      concurrency: 12,
      firstWave: RELEASED_WAVE
    })
    const firstSaved = new Promise((resolve) => crawl.once('saved', resolve))
    await firstSaved
    // The image is saved, its slot long free: the next request would have gone out by now.
    expect(h.standin.totalRequests()).toBe(1)
    expect(crawl.progress()).toMatchObject({ saved: 1, state: 'running' })
    crawl.fullSpeed()
    await waitFor(() => expect(h!.standin.maxConcurrent()).toBe(12))
    expect((await crawl.done).saved).toBe(40)
  })

  it('ends a released first wave at an answer with no image to show', async () => {
    const ids = knownIds(30)
    h = await harness({ ids, latencyMs: 60 })
    // 99000 is not in the stand-in: a 404 first.
    const crawl = h.crawl([99000, ...ids], {
      concurrency: 12,
      firstWave: RELEASED_WAVE
    })
    await waitFor(() => expect(h!.standin.maxConcurrent()).toBe(12))
    expect(await crawl.done).toMatchObject({ saved: 30, missing: 1 })
  })

  it('ends a released first wave after its longest time without fullSpeed()', async () => {
    const ids = knownIds(40)
    h = await harness({ ids, latencyMs: 60 })
    const crawl = h.crawl(ids, {
      concurrency: 12,
      firstWave: { ...RELEASED_WAVE, maxMs: 50 }
    })
    await waitFor(() => expect(h!.standin.maxConcurrent()).toBe(12))
    expect((await crawl.done).saved).toBe(40)
  })

  it('setConcurrency changes how many requests run at once, while running', async () => {
    const ids = knownIds(80)
    h = await harness({ ids, latencyMs: 25 })
    const crawl = h.crawl(ids, { concurrency: 2 })
    await waitFor(() => expect(crawl.progress().saved).toBeGreaterThanOrEqual(4))
    expect(h.standin.maxConcurrent()).toBe(2)

    crawl.setConcurrency(6)
    expect(crawl.progress().concurrency).toBe(6)
    h.standin.resetMaxConcurrent()
    await waitFor(() => expect(h!.standin.maxConcurrent()).toBe(6))

    crawl.setConcurrency(1)
    await waitFor(() => {
      expect(crawl.progress().inFlight).toBeLessThanOrEqual(1)
      expect(h!.standin.inFlight()).toBeLessThanOrEqual(1)
    })
    h.standin.resetMaxConcurrent()
    const saved = crawl.progress().saved
    await waitFor(() => expect(crawl.progress().saved).toBeGreaterThanOrEqual(saved + 4))
    expect(h.standin.maxConcurrent()).toBe(1)

    crawl.setConcurrency(500) // clamped to 64
    expect(crawl.progress().concurrency).toBe(64)
    const summary = await crawl.done
    expect(summary.saved).toBe(80)
    expect(h.standin.maxConcurrent()).toBeLessThanOrEqual(64)
  })

  it('keeps progress counts consistent while running, and cheap to poll', async () => {
    const ids = knownIds(40)
    h = await harness({ ids: ids.slice(0, 36), latencyMs: 60 })
    await h.crawl(ids.slice(0, 6)).done // already in the library: skipped
    const crawl = h.crawl(ids, { concurrency: 4 })
    const snapshots = []
    let runningRate = 0
    crawl.on('saved', () => snapshots.push(crawl.progress()))
    while (
      (await Promise.race([crawl.done.then(() => true), sleep(20).then(() => false)])) === false
    ) {
      const p = crawl.progress()
      expect(p.done).toBe(p.saved + p.skipped + p.missing + p.failed)
      expect(p.requested).toBe(40)
      expect(p.skipped).toBe(6)
      if (p.state === 'running') runningRate = Math.max(runningRate, p.rate)
    }
    expect(runningRate).toBeGreaterThan(0)
    const started = performance.now()
    for (let i = 0; i < 10_000; i++) crawl.progress()
    expect(performance.now() - started).toBeLessThan(200)
    const p = crawl.progress()
    expect(p).toMatchObject({ done: 40, saved: 30, skipped: 6, missing: 4, failed: 0 })
    expect(p.rate).toBeGreaterThan(0)
    expect(p.bytesPerSecond).toBeGreaterThan(0)
    expect(snapshots.length).toBe(30)
  })
})
