/**
 * Gives up early when the source cannot be reached at all. The crawler retries each id with
 * backoff, which is right for a flaky link but would make a wrong host or a closed port take
 * minutes over 2,609 ids. When the first ids to end all failed to connect, and none succeeded,
 * the crawl is cancelled and every id not yet tried is reported failed with the same reason.
 */
import type { CrawlFailure, CrawlSummary } from '@shared/crawl'
import type { Crawl } from './crawl'

/** How many connection failures, with no success, prove the source unreachable. */
export const UNREACHABLE_AFTER = 8

const CONNECTION_FAILURE =
  /^(connection refused|host not found|network unreachable|timed out connecting)\b/

export class UnreachableSourceGuard {
  private connectionFailures = 0
  private succeeded = false
  private reason: string | undefined
  private readonly ended = new Set<number>()

  constructor(
    private readonly crawl: Crawl,
    /** Ids the crawl will fetch (the plan minus what the library has). */
    private readonly toFetch: readonly number[]
  ) {
    crawl.on('saved', (record) => this.success(record.id))
    crawl.on('missing', (id) => this.success(id))
    crawl.on('failed', (failure) => this.failure(failure))
  }

  /** Why the guard stopped the crawl, or undefined while the source answers. */
  get unreachable(): string | undefined {
    return this.reason
  }

  /**
   * The crawl's summary, with the ids it never tried reported as failed when the guard stopped it
   * (the crawl was not cancelled by the person, so it is not reported as cancelled).
   */
  complete(summary: CrawlSummary): CrawlSummary {
    if (!this.reason) return summary
    const reason = `not tried: ${this.reason}`
    const untried: CrawlFailure[] = this.toFetch
      .filter((id) => !this.ended.has(id))
      .map((id) => ({ id, reason }))
    return { ...summary, cancelled: false, failed: [...summary.failed, ...untried] }
  }

  private success(id: number): void {
    this.ended.add(id)
    this.succeeded = true
  }

  private failure({ id, reason }: CrawlFailure): void {
    this.ended.add(id)
    if (this.succeeded || this.reason || !CONNECTION_FAILURE.test(reason)) return
    this.connectionFailures++
    if (this.connectionFailures >= Math.min(UNREACHABLE_AFTER, this.toFetch.length)) {
      this.reason = `the source is unreachable (${reason.replace(/ after \d+ attempts$/, '')})`
      this.crawl.cancel()
    }
  }
}
