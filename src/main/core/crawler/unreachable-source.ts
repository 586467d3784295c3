/**
 * Gives up early when the source cannot be reached at all. The crawler retries each id with
 * backoff, which is right for a flaky link but would make a wrong host or a closed port take
 * minutes over 2,609 ids. When the first ids to end all failed to connect (failure kind
 * 'connection'), and none succeeded, the crawl is cancelled and every id not yet tried is reported
 * failed ('not-tried') with the same reason.
 */
import type { CrawlFailure, CrawlSummary } from '@shared/crawl'
import type { Crawl } from './crawl'

/** How many connection failures, with no success, prove the source unreachable. */
export const UNREACHABLE_AFTER = 8

export class UnreachableSourceGuard {
  private connectionFailures = 0
  private succeeded = false
  /** The last connection failure's cause ("connection refused"), once the guard has stopped. */
  private cause: string | undefined
  private readonly ended = new Set<number>()

  constructor(
    private readonly crawl: Crawl,
    /** Ids the crawl will fetch (the plan minus what the library has). */
    private readonly toFetch: readonly number[]
  ) {
    crawl.on('saved', (record) => this.success(record.id))
    crawl.on('missing', (id) => this.success(id))
    crawl.on('failed', (failure, cause) => this.failure(failure, cause))
  }

  /** Why the guard stopped the crawl ("connection refused"), or undefined while the source answers. */
  get unreachable(): string | undefined {
    return this.cause
  }

  /**
   * The crawl's summary, with the ids it never tried reported as failed when the guard stopped it
   * (the crawl was not cancelled by the person, so it is not reported as cancelled).
   */
  complete(summary: CrawlSummary): CrawlSummary {
    if (this.cause === undefined) return summary
    const reason = `not tried: the source is unreachable (${this.cause})`
    const untried: CrawlFailure[] = this.toFetch
      .filter((id) => !this.ended.has(id))
      .map((id) => ({ id, kind: 'not-tried', reason }))
    return { ...summary, cancelled: false, failed: [...summary.failed, ...untried] }
  }

  private success(id: number): void {
    this.ended.add(id)
    this.succeeded = true
  }

  private failure({ id, kind }: CrawlFailure, cause: string): void {
    this.ended.add(id)
    if (this.succeeded || this.cause !== undefined || kind !== 'connection') return
    this.connectionFailures++
    if (this.connectionFailures >= Math.min(UNREACHABLE_AFTER, this.toFetch.length)) {
      this.cause = cause
      this.crawl.cancel()
    }
  }
}
