/** One attempt at one document: request it, stream it through the extractor, classify the end. */
import type { Dispatcher } from 'undici'
import type { CrawlFailureKind } from '@shared/crawl'
import type { BufferSource } from './buffer-pool'
import { DocumentError, DocumentExtractor } from './document-extractor'
import { get } from './http'
import { describeNetworkError, parseRetryAfter } from './retry'

export interface FetchOptions {
  dispatcher: Dispatcher
  signal: AbortSignal
  userAgent: string
  headersTimeoutMs: number
  bodyTimeoutMs: number
  /** The body's total deadline is this grace plus its size at `minBytesPerSecond`. */
  deadlineGraceMs?: number | undefined
  /** The slowest a body may arrive on average; DEFAULT_MIN_BYTES_PER_SECOND. */
  minBytesPerSecond?: number | undefined
  /** Lends the buffer the image is decoded into; fresh buffers by default. */
  buffers?: BufferSource
}

export type AttemptOutcome =
  | {
      kind: 'document'
      fields: Record<string, unknown>
      image: Buffer[]
      imageBytes: number
      /** Gives the image's buffer back to `buffers`; call once, when the image is no longer used. */
      release: () => void
    }
  | { kind: 'missing' }
  /** Worth retrying: network trouble, 5xx, 429. */
  | { kind: 'transient'; failure: CrawlFailureKind; reason: string; retryAfterMs?: number }
  /** The answer itself is wrong; `retryOnce` when a second look could differ (a bad document). */
  | { kind: 'permanent'; failure: CrawlFailureKind; reason: string; retryOnce: boolean }
  | { kind: 'cancelled' }

/**
 * Bigger than any real document (~460 KB, the largest well under 1 MB) by far, small enough that
 * 64 hostile documents in flight cannot hold much memory: reading stops the moment a body passes
 * it, whether or not it declared its length.
 */
export const MAX_DOCUMENT_BYTES = 4 * 1024 * 1024
/** The base64 in a document at the limit decodes to at most this. */
export const MAX_IMAGE_BYTES = (MAX_DOCUMENT_BYTES / 4) * 3
/**
 * The floor rate a body must keep on average: 8 KB/s per request. At 48 requests in flight that
 * is a 3 Mbit/s link; slower than that, a crawl needs fewer requests at once. A body's deadline is
 * its size (Content-Length, or the limit when undeclared) at this rate, plus the grace.
 */
export const DEFAULT_MIN_BYTES_PER_SECOND = 8 * 1024
export const DEFAULT_DEADLINE_GRACE_MS = 10_000

/** A body that did not arrive within its deadline: slower than the floor rate on average. */
class DeadlineExceeded extends Error {
  constructor(readonly seconds: number) {
    super(`too slow: the document did not arrive within ${seconds} s`)
  }
}

export async function fetchDocument(url: string, options: FetchOptions): Promise<AttemptOutcome> {
  let duringBody = false
  try {
    const response = await get(url, {
      dispatcher: options.dispatcher,
      signal: options.signal,
      headers: { 'user-agent': options.userAgent, accept: 'application/json' },
      headersTimeout: options.headersTimeoutMs,
      bodyTimeout: options.bodyTimeoutMs
    })
    const { statusCode, body, headers } = response
    if (statusCode !== 200) {
      // Always consume or destroy the body, or the connection is never given back.
      await body.dump().catch(() => undefined)
      if (statusCode === 404 || statusCode === 410) return { kind: 'missing' }
      if (statusCode === 429 || statusCode >= 500) {
        return {
          kind: 'transient',
          failure: 'http',
          reason: `HTTP ${statusCode}`,
          retryAfterMs: parseRetryAfter(headers['retry-after'])
        }
      }
      if (statusCode === 403)
        return { kind: 'permanent', failure: 'http', reason: 'forbidden (403)', retryOnce: false }
      return { kind: 'permanent', failure: 'http', reason: `HTTP ${statusCode}`, retryOnce: false }
    }
    const declared = Number(headers['content-length'])
    const contentLength = Number.isSafeInteger(declared) && declared >= 0 ? declared : undefined
    if (contentLength !== undefined && contentLength > MAX_DOCUMENT_BYTES) {
      body.destroy()
      return { kind: 'permanent', failure: 'too-large', reason: tooLarge(), retryOnce: false }
    }

    duringBody = true
    // The body timeout only measures silence between chunks: a source sending one byte a second
    // never trips it. The deadline bounds the whole body.
    const rate = options.minBytesPerSecond ?? DEFAULT_MIN_BYTES_PER_SECOND
    const deadlineMs =
      (options.deadlineGraceMs ?? DEFAULT_DEADLINE_GRACE_MS) +
      ((contentLength ?? MAX_DOCUMENT_BYTES) / rate) * 1000
    const timer = setTimeout(
      () => body.destroy(new DeadlineExceeded(Math.round(deadlineMs / 1000))),
      deadlineMs
    )
    const extractor = new DocumentExtractor({
      buffers: options.buffers,
      documentBytes: contentLength,
      maxImageBytes: MAX_IMAGE_BYTES
    })
    let received = 0
    try {
      for await (const chunk of body) {
        received += (chunk as Buffer).length
        // Chunked bodies declare nothing, and a declared length may lie: count what arrives.
        if (received > MAX_DOCUMENT_BYTES) throw new DocumentError(tooLarge(), 'too-large')
        extractor.push(chunk as Buffer)
      }
      return { kind: 'document', ...extractor.finish(), release: () => extractor.release() }
    } catch (error) {
      // Nothing decodes into the buffer once the loop has stopped, so it can be lent again.
      extractor.release()
      body.destroy()
      if (error instanceof DocumentError) {
        const tooBig = error.failure === 'too-large'
        return {
          kind: 'permanent',
          failure: error.failure,
          reason: tooBig ? tooLarge() : error.message,
          retryOnce: !tooBig
        }
      }
      throw error
    } finally {
      clearTimeout(timer)
    }
  } catch (error) {
    if (options.signal.aborted) return { kind: 'cancelled' }
    // A retryable failure: the next attempt may find the source (or the link) faster.
    if (error instanceof DeadlineExceeded) {
      return { kind: 'transient', failure: 'timeout', reason: error.message }
    }
    const { kind: failure, reason } = describeNetworkError(error, duringBody)
    return { kind: 'transient', failure, reason }
  }
}

function tooLarge(): string {
  return `document too large (over ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB)`
}
