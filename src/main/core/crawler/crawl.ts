/**
 * The crawl engine: fetches Earth View documents concurrently over one keep-alive connection pool,
 * decodes each image as it streams in, and saves it to the library. Pause, resume, cancel and a
 * live concurrency change work while it runs; `done` always resolves with a summary.
 */
import { EventEmitter, setMaxListeners } from 'node:events'
import { setTimeout as sleep } from 'node:timers/promises'
import pLimit, { type LimitFunction } from 'p-limit'
import type { CatalogEntry, LibraryRecord } from '@shared/catalog'
import type {
  CrawlFailure,
  CrawlFailureKind,
  CrawlProgress,
  CrawlState,
  CrawlSummary
} from '@shared/crawl'
import { GalleryError } from '@shared/errors'
import type { IdPlan } from '@shared/ids'
import {
  DEFAULT_CONCURRENCY,
  DEFAULT_RETRIES,
  MAX_CONCURRENCY,
  MIN_CONCURRENCY
} from '@shared/defaults'
import { documentUrl, sourceTemplateProblem } from '@shared/source'
import type { Catalog } from '../catalog/catalog'
import type { Library } from '../library/library'
import { jpegProblem } from '../library/jpeg'
import { BufferPool } from './buffer-pool'
import { documentMeta, entryFor } from './document'
import { DocumentError } from './document-extractor'
import { fetchDocument, type AttemptOutcome } from './fetch-document'
import { Agent } from './http'
import { RateWindow } from './rate-window'
import { backoffDelay } from './retry'

/** package.json's version (a test keeps them equal); the crawl command must not read files to start. */
export const APP_VERSION = '0.1.0'
export const DEFAULT_USER_AGENT = `EarthViewGallery/${APP_VERSION} (a desktop gallery for Google Earth View images)`
/** Saves under way at once, beyond which downloads wait (each holds one decoded image). */
export const MAX_SAVING = 16

/**
 * How a crawl starts: a few requests, and no more until the wave ends; then its full concurrency.
 */
export interface FirstWave {
  /** Requests the wave sends. */
  requests: number
  /**
   * 'first-answer': the first answer ends the wave. 'released': `fullSpeed()` does, or an answer
   * that saves nothing (there is no image to wait for).
   */
  endsAt: 'first-answer' | 'released'
  /** The wave ends after this at the latest. */
  maxMs: number
}

/**
 * The default: 4 requests until the first answer is in (or 100 ms have passed). With all 48 at
 * once, every document shares the CPU (and a real link) with 47 others, and the first image was
 * saved only when nearly all 48 were (~200 ms in-process here, against 110-150 ms with a first
 * wave); with a few first, its tile fills a few documents' time after Start.
 */
export const FIRST_WAVE: FirstWave = { requests: 4, endsAt: 'first-answer', maxMs: 100 }

export interface CrawlOptions {
  /** Document URL template containing {id}. */
  source: string
  plan: IdPlan
  library: Library
  /** Metadata for known ids; entries for ids beyond it are learnt from the documents. */
  catalog: Catalog
  /** 1–64; DEFAULT_CONCURRENCY when absent. */
  concurrency?: number
  /** Retries after the first attempt, for transient failures. */
  retries?: number
  signal?: AbortSignal
  userAgent?: string
  headersTimeoutMs?: number
  /** The longest silence allowed while a body streams in. */
  bodyTimeoutMs?: number
  /** A body's total deadline: this grace plus its size at `minBytesPerSecond` (fetch-document). */
  deadlineGraceMs?: number
  minBytesPerSecond?: number
  retryBaseDelayMs?: number
  /** Caps backoff and Retry-After. */
  maxRetryDelayMs?: number
  /** How the crawl starts; FIRST_WAVE for what is not given. */
  firstWave?: Partial<FirstWave>
}

export interface CrawlEvents {
  saved: [LibraryRecord]
  /** `cause`: the reason without the attempt count ("connection refused"). */
  failed: [failure: CrawlFailure, cause: string]
  missing: [number]
  state: [CrawlState]
}

interface Settings {
  source: string
  retries: number
  userAgent: string
  headersTimeoutMs: number
  bodyTimeoutMs: number
  deadlineGraceMs: number | undefined
  minBytesPerSecond: number | undefined
  retryBaseDelayMs: number
  maxRetryDelayMs: number
}

export function clampConcurrency(n: number): number {
  if (!Number.isFinite(n)) return DEFAULT_CONCURRENCY
  return Math.min(MAX_CONCURRENCY, Math.max(MIN_CONCURRENCY, Math.round(n)))
}

export class Crawl extends EventEmitter<CrawlEvents> {
  /** Never rejects; a cancelled crawl resolves with `cancelled: true`. */
  readonly done: Promise<CrawlSummary>

  private status: CrawlState = 'running'
  private readonly settings: Settings
  private readonly library: Library
  private readonly catalog: Catalog
  private readonly ids: number[]
  private readonly limit: LimitFunction
  private readonly controller = new AbortController()
  private readonly removeSignalListener: () => void
  private concurrency: number
  private agent: Agent
  private agentConnections: number
  private pauseGate: { promise: Promise<void>; resolve: () => void } | undefined
  private resolveDone!: (summary: CrawlSummary) => void
  private finished = false
  /** While the first wave runs: its requests so far, its time limit, and its end for the rest. */
  private wave: {
    sent: number
    timer: NodeJS.Timeout
    ended: Promise<void>
    end: () => void
  } | null = null
  private readonly firstWave: FirstWave

  private saved = 0
  private skipped = 0
  private missing = 0
  private bytes = 0
  private inFlight = 0
  private readonly failures: CrawlFailure[] = []
  /** Scheduled on the limiter and not yet started. */
  private pending = 0
  /** Started and not yet ended. */
  private active = 0
  /** Images handed to the library and not yet saved. */
  private saving = 0
  private readonly saveWaiters: (() => void)[] = []

  private readonly startedAt = performance.now()
  private endedAt: number | undefined
  private readonly window = new RateWindow()
  /** Image buffers, reused from one document to the next (see BufferPool). */
  private readonly buffers: BufferPool

  constructor(options: CrawlOptions) {
    super()
    const problem = sourceTemplateProblem(options.source)
    if (problem) throw new GalleryError('invalid-argument', problem)
    this.settings = {
      source: options.source,
      retries: Math.max(0, Math.floor(options.retries ?? DEFAULT_RETRIES)),
      userAgent: options.userAgent ?? DEFAULT_USER_AGENT,
      headersTimeoutMs: options.headersTimeoutMs ?? 15_000,
      bodyTimeoutMs: options.bodyTimeoutMs ?? 15_000,
      deadlineGraceMs: options.deadlineGraceMs,
      minBytesPerSecond: options.minBytesPerSecond,
      retryBaseDelayMs: options.retryBaseDelayMs ?? 500,
      maxRetryDelayMs: options.maxRetryDelayMs ?? 30_000
    }
    this.library = options.library
    this.catalog = options.catalog
    this.ids = [
      ...new Set(options.plan.kind === 'known' ? options.catalog.knownIds() : options.plan.ids)
    ]
    this.concurrency = clampConcurrency(options.concurrency ?? DEFAULT_CONCURRENCY)
    this.firstWave = { ...FIRST_WAVE, ...options.firstWave }
    this.limit = pLimit(Math.min(this.firstWave.requests, this.concurrency))
    this.buffers = new BufferPool(idleBuffersFor(this.concurrency))
    this.agentConnections = this.concurrency
    this.agent = this.newAgent(this.concurrency)
    this.done = new Promise((resolve) => (this.resolveDone = resolve))
    // Every request in flight (undici) and every retry waiting (sleep) listens to this one
    // signal: up to one per download slot. Node 20 warns past 10 (MaxListenersExceededWarning).
    setMaxListeners(MAX_CONCURRENCY + 8, this.controller.signal)

    const signal = options.signal
    const onAbort = () => this.cancel()
    signal?.addEventListener('abort', onAbort, { once: true })
    this.removeSignalListener = () => signal?.removeEventListener('abort', onAbort)
    // Start on the next turn, so the caller can attach listeners first.
    setImmediate(() => (signal?.aborted ? this.cancel() : this.run()))
  }

  progress(): CrawlProgress {
    const now = this.endedAt ?? performance.now()
    const fetched = this.saved + this.missing + this.failures.length
    this.window.record(now, fetched, this.bytes)
    const seconds = (now - this.startedAt) / 1000
    // A finished crawl reports its overall average; a running one, the recent window's.
    const { rate, bytesPerSecond } =
      this.endedAt === undefined
        ? this.window.rates(now, fetched, this.bytes)
        : {
            rate: seconds > 0 ? fetched / seconds : 0,
            bytesPerSecond: seconds > 0 ? this.bytes / seconds : 0
          }
    const done = fetched + this.skipped
    const remaining = this.ids.length - done
    return {
      state: this.status,
      requested: this.ids.length,
      done,
      saved: this.saved,
      skipped: this.skipped,
      missing: this.missing,
      failed: this.failures.length,
      bytes: this.bytes,
      inFlight: this.inFlight,
      concurrency: this.concurrency,
      rate: round(rate),
      bytesPerSecond: Math.round(bytesPerSecond),
      etaSeconds:
        remaining === 0
          ? 0
          : this.status === 'running' && rate > 0
            ? Math.ceil(remaining / rate)
            : null,
      elapsedSeconds: round(seconds)
    }
  }

  /** Starts no new fetches; the ones in flight finish. */
  pause(): void {
    if (this.status !== 'running') return
    let resolve!: () => void
    const promise = new Promise<void>((r) => (resolve = r))
    this.pauseGate = { promise, resolve }
    this.setState('paused')
  }

  resume(): void {
    if (this.status !== 'paused') return
    this.setState('running')
    this.releasePauseGate()
  }

  /** Aborts the requests in flight, drops the queue; `done` resolves with cancelled: true. */
  cancel(): void {
    if (this.finished || this.status === 'cancelling') return
    this.setState('cancelling')
    this.controller.abort()
    // Requests waiting for the first wave to end wake, see the abort, and end.
    this.fullSpeed()
    this.limit.clearQueue()
    this.pending = 0
    this.releasePauseGate()
    this.maybeFinish()
  }

  setConcurrency(n: number): void {
    const next = clampConcurrency(n)
    if (next === this.concurrency) return
    this.concurrency = next
    if (this.wave === null) this.limit.concurrency = next
    else this.limit.concurrency = Math.min(this.firstWave.requests, next)
    this.buffers.maxFree = idleBuffersFor(next)
    if (next > this.agentConnections && !this.finished) {
      // The pool's connection cap is fixed when it is made: grow by moving new requests to a
      // bigger pool, and let the old one close once its requests are done.
      const old = this.agent
      this.agent = this.newAgent(next)
      this.agentConnections = next
      old.close().catch(() => undefined)
    }
  }

  private newAgent(connections: number): Agent {
    return new Agent({
      connections,
      pipelining: 1,
      keepAliveTimeout: 10_000,
      headersTimeout: this.settings.headersTimeoutMs,
      bodyTimeout: this.settings.bodyTimeoutMs,
      connect: { timeout: this.settings.headersTimeoutMs }
    })
  }

  /** Ends the first wave: the crawl's full concurrency from now on (once; later calls do nothing). */
  fullSpeed(): void {
    if (this.wave === null) return
    clearTimeout(this.wave.timer)
    this.wave.end()
    this.wave = null
    this.limit.concurrency = this.concurrency
  }

  private run(): void {
    if (this.finished || this.status === 'cancelling') return
    if (this.concurrency > this.firstWave.requests) {
      let end: () => void = () => undefined
      const ended = new Promise<void>((resolve) => (end = resolve))
      const timer = setTimeout(() => this.fullSpeed(), this.firstWave.maxMs)
      this.wave = { sent: 0, timer, ended, end }
    }
    this.notify('state', this.status)
    this.window.record(performance.now(), 0, 0)
    for (const id of this.ids) {
      if (this.library.has(id)) {
        this.skipped++
        continue
      }
      this.pending++
      this.limit(() => this.task(id)).catch(() => undefined)
    }
    this.maybeFinish()
  }

  private async task(id: number): Promise<void> {
    this.pending--
    this.active++
    try {
      await this.crawlOne(id)
    } catch (error) {
      this.fail(id, 'internal', `internal error: ${(error as Error).message}`)
    } finally {
      this.active--
      this.maybeFinish()
    }
  }

  private async crawlOne(id: number): Promise<void> {
    const url = documentUrl(this.settings.source, id)
    let permanentRetried = false
    for (let attempt = 1; ; attempt++) {
      if (!(await this.waitForWave())) return
      if (!(await this.waitWhilePaused())) return
      this.inFlight++
      let outcome: AttemptOutcome
      let savingInBackground = false
      try {
        outcome = await fetchDocument(url, {
          dispatcher: this.agent,
          signal: this.controller.signal,
          userAgent: this.settings.userAgent,
          headersTimeoutMs: this.settings.headersTimeoutMs,
          bodyTimeoutMs: this.settings.bodyTimeoutMs,
          deadlineGraceMs: this.settings.deadlineGraceMs,
          minBytesPerSecond: this.settings.minBytesPerSecond,
          buffers: this.buffers
        })
        if (outcome.kind === 'document') {
          const document = outcome
          const checked = this.check(id, document)
          if (checked.kind !== 'entry') {
            document.release()
            outcome = checked
          } else {
            // The download slot is free as soon as the save is queued (see saveInBackground).
            await this.saveRoom()
            this.saveInBackground(id, checked.entry, document)
            savingInBackground = true
            return
          }
        }
      } finally {
        // A background save still counts as in flight until it ends.
        if (!savingInBackground) this.inFlight--
        if (this.firstWave.endsAt === 'first-answer' || !savingInBackground) this.fullSpeed()
      }

      let delay: number
      switch (outcome.kind) {
        case 'cancelled':
          return
        case 'missing':
          this.missing++
          this.notify('missing', id)
          return
        case 'transient':
          if (attempt > this.settings.retries) {
            this.fail(id, outcome.failure, outcome.reason, attempt)
            return
          }
          delay =
            outcome.retryAfterMs !== undefined
              ? Math.min(outcome.retryAfterMs, this.settings.maxRetryDelayMs)
              : this.backoff(attempt)
          break
        case 'permanent':
          if (!outcome.retryOnce || permanentRetried || attempt > this.settings.retries) {
            this.fail(id, outcome.failure, outcome.reason)
            return
          }
          permanentRetried = true
          delay = this.backoff(attempt)
          break
      }
      if (!(await this.waitBeforeRetry(delay))) return
    }
  }

  /** Validates a decoded document: the catalog entry to save it under, or why it is refused. */
  private check(
    id: number,
    document: Extract<AttemptOutcome, { kind: 'document' }>
  ): { kind: 'entry'; entry: CatalogEntry } | Extract<AttemptOutcome, { kind: 'permanent' }> {
    const problem = jpegProblem(document.image)
    if (problem) return { kind: 'permanent', failure: 'invalid', reason: problem, retryOnce: true }
    try {
      return {
        kind: 'entry',
        entry: entryFor(id, documentMeta(id, document.fields), this.catalog.get(id))
      }
    } catch (error) {
      if (error instanceof DocumentError) {
        return { kind: 'permanent', failure: 'invalid', reason: error.message, retryOnce: true }
      }
      throw error
    }
  }

  /**
   * Saves off the download slot: the next request goes out while this image is hashed and
   * written, instead of the slot idling through a few file-system round trips (half of an image's
   * time in the slot, measured). At most MAX_SAVING saves wait at once, so a slow disk holds the
   * downloads back instead of piling images up in memory.
   */
  private saveInBackground(
    id: number,
    entry: CatalogEntry,
    document: Extract<AttemptOutcome, { kind: 'document' }>
  ): void {
    if (!this.catalog.has(id)) this.catalog.upsert(entry)
    this.saving++
    this.library
      .save(entry, document.image)
      .then(
        (record) => {
          this.saved++
          this.bytes += record.bytes
          this.notify('saved', record)
        },
        (error: unknown) => {
          this.fail(id, 'save', `could not save: ${(error as Error).message}`)
          this.fullSpeed()
        }
      )
      .finally(() => {
        document.release()
        this.inFlight--
        this.saving--
        this.saveWaiters.shift()?.()
        this.maybeFinish()
      })
      .catch(() => undefined)
  }

  /** Waits until fewer than MAX_SAVING saves are under way. */
  private async saveRoom(): Promise<void> {
    while (this.saving >= MAX_SAVING) {
      await new Promise<void>((resolve) => this.saveWaiters.push(resolve))
    }
  }

  private backoff(attempt: number): number {
    return backoffDelay(attempt, this.settings.retryBaseDelayMs, this.settings.maxRetryDelayMs)
  }

  /** Waits before a retry; false when the crawl was cancelled meanwhile. */
  private async waitBeforeRetry(ms: number): Promise<boolean> {
    if (ms <= 0) return !this.controller.signal.aborted
    try {
      await sleep(ms, undefined, { signal: this.controller.signal })
      return true
    } catch {
      return false
    }
  }

  /** Holds a request beyond the first wave's until the wave ends; false when cancelled. */
  private async waitForWave(): Promise<boolean> {
    const wave = this.wave
    if (wave !== null) {
      if (wave.sent < this.firstWave.requests) wave.sent++
      else await wave.ended
    }
    return !this.controller.signal.aborted
  }

  /** Holds a new fetch while paused; false when the crawl was cancelled. */
  private async waitWhilePaused(): Promise<boolean> {
    while (this.status === 'paused' && this.pauseGate) await this.pauseGate.promise
    return !this.controller.signal.aborted
  }

  private releasePauseGate(): void {
    this.pauseGate?.resolve()
    this.pauseGate = undefined
  }

  /** `attempts`, for a transient failure that used up its retries, goes into the reason. */
  private fail(id: number, kind: CrawlFailureKind, cause: string, attempts?: number): void {
    const reason = attempts === undefined ? cause : `${cause} after ${attempts} attempts`
    const failure: CrawlFailure = { id, kind, reason }
    this.failures.push(failure)
    this.notify('failed', failure, cause)
  }

  /** A listener that throws must not turn a saved image into a failure or stall `done`. */
  private notify<E extends keyof CrawlEvents>(event: E, ...args: CrawlEvents[E]): void {
    try {
      ;(this.emit as (event: E, ...args: CrawlEvents[E]) => boolean)(event, ...args)
    } catch (error) {
      console.error(`a crawl '${event}' listener threw:`, error)
    }
  }

  private setState(state: CrawlState): void {
    this.status = state
    this.notify('state', state)
  }

  private maybeFinish(): void {
    if (this.finished || this.active > 0 || this.pending > 0 || this.saving > 0) return
    this.finished = true
    this.endedAt = performance.now()
    this.fullSpeed()
    // The app may keep a finished crawl around; its idle image buffers need not stay with it.
    this.buffers.clear()
    const cancelled = this.controller.signal.aborted
    this.removeSignalListener()
    const agent = this.agent
    ;(cancelled ? agent.destroy() : agent.close()).catch(() => undefined)
    this.setState(cancelled ? 'cancelled' : 'finished')
    this.resolveDone({
      requested: this.ids.length,
      saved: this.saved,
      skipped: this.skipped,
      missing: this.missing,
      failed: [...this.failures],
      bytes: this.bytes,
      seconds: round((this.endedAt - this.startedAt) / 1000),
      cancelled
    })
  }
}

/**
 * Every buffer that can be in use at once (one per download slot, one per waiting save) may stay
 * idle in the pool. A buffer dropped from a smaller pool is old-generation garbage until the next
 * full GC: with a quarter of that, job 1 of the benchmark made and dropped ~400 image buffers
 * (130 MB); with this it makes ~45 and keeps them.
 */
function idleBuffersFor(concurrency: number): number {
  return concurrency + MAX_SAVING
}

export function startCrawl(options: CrawlOptions): Crawl {
  return new Crawl(options)
}

function round(value: number): number {
  return Math.round(value * 100) / 100
}
