import { EventEmitter } from 'node:events'
import { describe, expect, it } from 'vitest'
import type { CrawlFailure, CrawlFailureKind, CrawlSummary } from '@shared/crawl'
import type { Crawl, CrawlEvents } from './crawl'
import { UNREACHABLE_AFTER, UnreachableSourceGuard } from './unreachable-source'

/** Stands in for the crawl the guard watches: its events, and whether it was cancelled. */
class WatchedCrawl extends EventEmitter<CrawlEvents> {
  cancelled = 0
  cancel(): void {
    this.cancelled++
  }
  fail(id: number, kind: CrawlFailureKind, cause: string): void {
    const failure: CrawlFailure = { id, kind, reason: `${cause} after 5 attempts` }
    this.emit('failed', failure, cause)
  }
}

const IDS = Array.from({ length: 20 }, (_, i) => 1000 + i)

function watch() {
  const crawl = new WatchedCrawl()
  return { crawl, guard: new UnreachableSourceGuard(crawl as unknown as Crawl, IDS) }
}

const summary = (failed: CrawlFailure[]): CrawlSummary => ({
  requested: IDS.length,
  saved: 0,
  skipped: 0,
  missing: 0,
  failed,
  bytes: 0,
  seconds: 1,
  cancelled: true
})

describe('UnreachableSourceGuard', () => {
  it('stops the crawl after the first connection failures and reports the rest as not tried', () => {
    const { crawl, guard } = watch()
    for (const id of IDS.slice(0, UNREACHABLE_AFTER - 1)) {
      crawl.fail(id, 'connection', 'connection refused')
    }
    expect(crawl.cancelled).toBe(0)
    crawl.fail(IDS[UNREACHABLE_AFTER - 1]!, 'connection', 'connection refused')
    expect(crawl.cancelled).toBe(1)
    expect(guard.unreachable).toBe('connection refused')

    const tried = IDS.slice(0, UNREACHABLE_AFTER).map((id): CrawlFailure => ({
      id,
      kind: 'connection',
      reason: 'connection refused after 5 attempts'
    }))
    const completed = guard.complete(summary(tried))
    expect(completed.cancelled).toBe(false)
    expect(completed.failed).toHaveLength(IDS.length)
    expect(completed.failed.slice(UNREACHABLE_AFTER)).toEqual(
      IDS.slice(UNREACHABLE_AFTER).map((id) => ({
        id,
        kind: 'not-tried',
        reason: 'not tried: the source is unreachable (connection refused)'
      }))
    )
  })

  it('goes by the kind of failure, not by how its reason is worded', () => {
    const worded = watch()
    // Reasons that read like connection trouble, but are answers from a reachable server.
    for (const id of IDS.slice(0, 10))
      worded.crawl.fail(id, 'http', 'connection refused by upstream (HTTP 502)')
    for (const id of IDS.slice(10, 20))
      worded.crawl.fail(id, 'timeout', 'timed out connecting to the backend')
    expect(worded.crawl.cancelled).toBe(0)
    expect(worded.guard.unreachable).toBeUndefined()

    // A connection failure however it is worded.
    const reworded = watch()
    for (const id of IDS.slice(0, UNREACHABLE_AFTER)) {
      reworded.crawl.fail(id, 'connection', 'could not open a connection (ECONNREFUSED)')
    }
    expect(reworded.crawl.cancelled).toBe(1)
    expect(reworded.guard.unreachable).toBe('could not open a connection (ECONNREFUSED)')
  })

  it('never stops a crawl once the source has answered', () => {
    const { crawl, guard } = watch()
    crawl.emit('missing', IDS[0]!)
    for (const id of IDS.slice(1)) crawl.fail(id, 'connection', 'connection refused')
    expect(crawl.cancelled).toBe(0)
    expect(guard.complete(summary([])).failed).toEqual([])
  })
})
