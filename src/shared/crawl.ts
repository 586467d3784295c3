/** Crawl progress and results, as every side sees them. */

export type CrawlState = 'idle' | 'running' | 'paused' | 'cancelling' | 'finished' | 'cancelled'

/** A crawl is under way (the library folder cannot change, a second crawl cannot start). */
export function isCrawlActive(state: CrawlState): boolean {
  return state === 'running' || state === 'paused' || state === 'cancelling'
}

export interface CrawlCounts {
  /** Ids this crawl asked for. */
  requested: number
  /** Ids that ended: saved + skipped + missing + failed. */
  done: number
  saved: number
  /** Already in the library and valid, so not fetched again. */
  skipped: number
  /** The source answered 404. */
  missing: number
  failed: number
}

export interface CrawlProgress extends CrawlCounts {
  state: CrawlState
  /** JPEG bytes saved by this crawl. */
  bytes: number
  /** Ids being fetched or saved right now. */
  inFlight: number
  concurrency: number
  /** Ids ended per second, recent average. */
  rate: number
  /** Bytes saved per second, recent average. */
  bytesPerSecond: number
  /** Seconds left at the current rate, or null when unknown. */
  etaSeconds: number | null
  elapsedSeconds: number
}

/** What went wrong with one image, for code to branch on (`reason` says it to a person). */
export type CrawlFailureKind =
  /** No connection could be made: refused, host not found, network unreachable, connect timeout. */
  | 'connection'
  /** A connection was made, then broke: reset, closed, or the body was cut short. */
  | 'network'
  /** Connected, but the answer or its body did not come in time. */
  | 'timeout'
  /** The server answered with an error status (5xx and 429 after every retry). */
  | 'http'
  /** The answer was not a valid HTTP response, Earth View document or JPEG. */
  | 'invalid'
  /** Bigger than any real document. */
  | 'too-large'
  /** Fetched, but it could not be written to the library. */
  | 'save'
  /** Never requested: the crawl stopped first because the source could not be reached. */
  | 'not-tried'
  /** A bug in the app. */
  | 'internal'

export interface CrawlFailure {
  id: number
  kind: CrawlFailureKind
  /** For people: "HTTP 503 after 5 attempts", "connection refused after 5 attempts", … */
  reason: string
}

/** The `crawl --json` report, and what a finished crawl resolves to. */
export interface CrawlSummary {
  requested: number
  saved: number
  skipped: number
  missing: number
  failed: CrawlFailure[]
  bytes: number
  seconds: number
  cancelled: boolean
}

export function idleProgress(concurrency: number): CrawlProgress {
  return {
    state: 'idle',
    requested: 0,
    done: 0,
    saved: 0,
    skipped: 0,
    missing: 0,
    failed: 0,
    bytes: 0,
    inFlight: 0,
    concurrency,
    rate: 0,
    bytesPerSecond: 0,
    etaSeconds: null,
    elapsedSeconds: 0
  }
}
