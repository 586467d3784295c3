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

/** Bigger than any real document (~460 KB) by far, small enough to refuse nonsense early. */
const MAX_DOCUMENT_BYTES = 40 * 1024 * 1024

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
    const contentLength = Number(headers['content-length'])
    if (contentLength > MAX_DOCUMENT_BYTES) {
      body.destroy()
      return {
        kind: 'permanent',
        failure: 'too-large',
        reason: 'document too large',
        retryOnce: false
      }
    }

    duringBody = true
    const extractor = new DocumentExtractor({
      buffers: options.buffers,
      documentBytes: contentLength
    })
    try {
      for await (const chunk of body) extractor.push(chunk as Buffer)
      return { kind: 'document', ...extractor.finish(), release: () => extractor.release() }
    } catch (error) {
      // Nothing decodes into the buffer once the loop has stopped, so it can be lent again.
      extractor.release()
      if (error instanceof DocumentError) {
        body.destroy()
        return { kind: 'permanent', failure: 'invalid', reason: error.message, retryOnce: true }
      }
      throw error
    }
  } catch (error) {
    if (options.signal.aborted) return { kind: 'cancelled' }
    const { kind: failure, reason } = describeNetworkError(error, duringBody)
    return { kind: 'transient', failure, reason }
  }
}
