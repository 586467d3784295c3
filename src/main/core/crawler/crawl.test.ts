import { afterEach, describe, expect, it, vi } from 'vitest'
import { createHash } from 'node:crypto'
import { once } from 'node:events'
import { readFile, rename, rm } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { LibraryRecord } from '@shared/catalog'
import type { Fault } from '../../../../e2e/standin/server'
import { Library } from '../library/library'
import { APP_VERSION, DEFAULT_USER_AGENT } from './crawl'
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

describe('crawl against the stand-in', () => {
  it('saves byte-exact images from both document shapes over a few keep-alive connections', async () => {
    const ids = knownIds(24)
    h = await harness({ ids, shape: 'mixed' })
    const crawl = h.crawl(ids, { concurrency: 4 })
    const saved: LibraryRecord[] = []
    crawl.on('saved', (record) => saved.push(record))
    const summary = await crawl.done

    expect(summary).toMatchObject({ requested: 24, saved: 24, skipped: 0, missing: 0, failed: [] })
    expect(summary.cancelled).toBe(false)
    await expectLibraryExact(h.folder, h.standin, ids)
    const bytes = ids.reduce((sum, id) => sum + h!.standin.expectedJpeg(id).length, 0)
    expect(summary.bytes).toBe(bytes)
    expect(saved).toHaveLength(24)
    for (const record of saved) {
      const meta = h.standin.expectedMeta(record.id)
      expect(record).toMatchObject({ country: meta.country, region: meta.region, lat: meta.lat })
      expect(record.sha256).toBe(
        createHash('sha256').update(h.standin.expectedJpeg(record.id)).digest('hex')
      )
    }
    expect(new Set(ids.map((id) => h!.standin.expectedMeta(id).shape))).toEqual(
      new Set(['flat', 'geocode'])
    )
    expect(h.standin.connections()).toBeLessThanOrEqual(4)
    expect(h.standin.userAgents()).toEqual(new Set([DEFAULT_USER_AGENT]))

    const progress = crawl.progress()
    expect(progress).toMatchObject({ state: 'finished', done: 24, saved: 24, inFlight: 0 })
    expect(progress.bytes).toBe(bytes)
    expect(progress.etaSeconds).toBe(0)
  })

  it('names itself with the app version in the User-Agent', async () => {
    const manifest = JSON.parse(
      await readFile(new URL('../../../../package.json', import.meta.url), 'utf8')
    )
    expect(APP_VERSION).toBe(manifest.version)
    expect(DEFAULT_USER_AGENT).toBe(
      `EarthViewGallery/${manifest.version} (a desktop gallery for Google Earth View images)`
    )
  })

  it('a throwing listener neither fails an image nor stalls done', async () => {
    const ids = knownIds(3)
    h = await harness({ ids })
    const crawl = h.crawl(ids)
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    crawl.on('saved', () => {
      throw new Error('listener bug')
    })
    crawl.on('state', () => {
      throw new Error('listener bug')
    })
    const summary = await crawl.done
    quiet.mockRestore()
    expect(summary).toMatchObject({ saved: 3, failed: [] })
  })

  it('reads escaped slashes', async () => {
    const ids = knownIds(6)
    h = await harness({ ids, escapeSlashes: true })
    const summary = await h.crawl(ids).done
    expect(summary.saved).toBe(6)
    await expectLibraryExact(h.folder, h.standin, ids)
  })

  it('learns ids beyond the catalog from their documents and counts 404s as missing', async () => {
    h = await harness({ ids: [99001, 99002], shape: 'geocode' })
    const missing: number[] = []
    const crawl = h.crawl([99000, 99001, 99002, 99003])
    crawl.on('missing', (id) => missing.push(id))
    const summary = await crawl.done
    expect(summary).toMatchObject({ saved: 2, missing: 2, failed: [] })
    expect(missing.sort()).toEqual([99000, 99003])
    const meta = h.standin.expectedMeta(99001)
    expect(h.catalog.get(99001)).toEqual({
      id: 99001,
      country: meta.country,
      region: meta.region,
      lat: meta.lat,
      lng: meta.lng,
      attribution: meta.attribution,
      primaryColor: [128, 128, 128],
      hue: 0
    })
    expect(h.library.get(99002)?.region).toBe(h.standin.expectedMeta(99002).region)
    expect(h.standin.attempts(99000)).toBe(1) // 404 is an answer, not a failure to retry
  })

  it('retries transient faults, gives permanent ones a reason, never saves a bad image', async () => {
    const ids = knownIds(13)
    const plan: Record<number, (attempt: number) => Fault | undefined> = {
      0: (a) => (a <= 2 ? 'http503' : undefined),
      1: (a) => (a === 1 ? 'http500' : undefined),
      2: (a) => (a === 1 ? 'reset' : undefined),
      3: (a) => (a === 1 ? 'truncate' : undefined),
      4: () => 'malformed',
      5: () => 'not-jpeg',
      6: () => 'no-datauri',
      7: () => 'http403',
      8: () => 'http503',
      9: () => 'http404',
      10: () => 'reset',
      11: () => 'truncate',
      12: (a) => (a === 1 ? 'malformed' : undefined)
    }
    h = await harness({ ids, faults: (id, attempt) => plan[ids.indexOf(id)]?.(attempt) })
    const crawl = h.crawl(ids, { retries: 2 })
    const failedEvents: number[] = []
    crawl.on('failed', (failure) => failedEvents.push(failure.id))
    const summary = await crawl.done

    const reasons = Object.fromEntries(
      summary.failed.map((f) => [ids.indexOf(f.id), `${f.kind}: ${f.reason}`])
    )
    expect(reasons).toEqual({
      4: 'invalid: malformed document (cut short)',
      5: 'invalid: not a JPEG',
      6: 'invalid: no dataUri in the document',
      7: 'http: forbidden (403)',
      8: 'http: HTTP 503 after 3 attempts',
      10: 'network: connection reset after 3 attempts',
      11: 'network: truncated body after 3 attempts'
    })
    expect(failedEvents.sort()).toEqual(summary.failed.map((f) => f.id).sort())
    const attempts = ids.map((id) => h!.standin.attempts(id))
    expect(attempts).toEqual([3, 2, 2, 2, 2, 2, 2, 1, 3, 1, 3, 3, 2])
    expect(summary.missing).toBe(1)
    const savedIds = [0, 1, 2, 3, 12].map((i) => ids[i]!)
    expect(summary.saved).toBe(savedIds.length)
    await expectLibraryExact(h.folder, h.standin, savedIds)
  })

  it('honours Retry-After, capped by maxRetryDelayMs', async () => {
    const [honoured, capped] = knownIds(2)
    h = await harness({
      ids: [honoured!, capped!],
      faults: (id, attempt) =>
        attempt > 1 ? undefined : { status: 429, retryAfterSeconds: id === honoured ? 1 : 3600 }
    })
    const summary = await h.crawl([honoured!, capped!], { maxRetryDelayMs: 300 }).done
    expect(summary.saved).toBe(2)
    expect(summary.failed).toEqual([])
    const gap = (id: number) => {
      const [first, second] = h!.standin.requestTimes(id)
      return second! - first!
    }
    expect(gap(honoured!)).toBeGreaterThanOrEqual(300) // capped at 300 ms, not 1 s…
    expect(gap(capped!)).toBeGreaterThanOrEqual(300)
    expect(gap(capped!)).toBeLessThan(3_000) // …and certainly not an hour
  })

  it('waits the full Retry-After when it is below the cap', async () => {
    const [id] = knownIds(1)
    h = await harness({
      ids: [id!],
      faults: (_id, attempt) => (attempt === 1 ? { status: 429, retryAfterSeconds: 1 } : undefined)
    })
    const summary = await h.crawl([id!], { retryBaseDelayMs: 1, maxRetryDelayMs: 5_000 }).done
    expect(summary.saved).toBe(1)
    const [first, second] = h.standin.requestTimes(id!)
    expect(second! - first!).toBeGreaterThanOrEqual(1000)
  })

  it('gives up on a stalled body after bodyTimeoutMs and retries', async () => {
    const [flaky, stuck] = knownIds(2)
    h = await harness({
      ids: [flaky!, stuck!],
      faults: (id, attempt) => (id === stuck || attempt === 1 ? 'stall' : undefined)
    })
    const started = performance.now()
    const summary = await h.crawl([flaky!, stuck!], { bodyTimeoutMs: 250, retries: 1 }).done
    expect(summary.failed).toEqual([
      { id: stuck, kind: 'timeout', reason: 'timed out waiting for the body after 2 attempts' }
    ])
    expect(summary.saved).toBe(1)
    expect(performance.now() - started).toBeLessThan(5_000)
    await expectLibraryExact(h.folder, h.standin, [flaky!])
  })

  it('skips what the library already has, so a second crawl fetches only the rest', async () => {
    const ids = knownIds(12)
    h = await harness({ ids })
    await h.crawl(ids.slice(0, 7)).done
    const again = await h.crawl(ids).done
    expect(again).toMatchObject({ requested: 12, skipped: 7, saved: 5, failed: [] })
    expect(ids.map((id) => h!.standin.attempts(id))).toEqual(ids.map(() => 1))
    await h.library.close()
    const reopened = await Library.open(h.folder)
    expect(reopened.list().map((r) => r.id)).toEqual(ids)
    await reopened.close()
  })

  it('reports the images it could not save, with why, and still finishes', async () => {
    const ids = knownIds(30)
    h = await harness({ ids, latencyMs: 20 })
    const crawl = h.crawl(ids, { concurrency: 4 })
    // The library's folder vanishes mid-crawl (an unplugged drive, say): moved away in one step,
    // so no save can race with a removal in progress.
    await once(crawl, 'saved')
    const gone = `${h.folder}-gone`
    await rename(h.folder, gone)
    const summary = await crawl.done
    await rm(gone, { recursive: true, force: true })

    expect(summary.saved + summary.failed.length).toBe(30)
    expect(summary.failed.length).toBeGreaterThan(0)
    for (const failure of summary.failed) {
      expect(failure.kind).toBe('save')
      expect(failure.reason).toMatch(/^could not save: ENOENT/)
    }
    expect(crawl.progress()).toMatchObject({ inFlight: 0, done: 30 })
  })

  it('ends in bounded time with every id failed when the source refuses connections', async () => {
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const port = (closed.address() as AddressInfo).port
    await new Promise((resolve) => closed.close(resolve))
    h = await harness({ ids: [] })
    const ids = knownIds(5)
    const started = performance.now()
    const summary = await h.crawl(ids, {
      source: `http://127.0.0.1:${port}/v3/{id}.json`,
      retries: 2
    }).done
    expect(summary.failed.map(({ kind, reason }) => ({ kind, reason }))).toEqual(
      ids.map(() => ({ kind: 'connection', reason: 'connection refused after 3 attempts' }))
    )
    expect(summary.saved).toBe(0)
    expect(performance.now() - started).toBeLessThan(5_000)
  })
})
