/** When and why to try a document again. */
import type { CrawlFailureKind } from '@shared/crawl'

/** Retry-After in milliseconds (delta-seconds or an HTTP date), or undefined when absent/invalid. */
export function parseRetryAfter(
  value: string | string[] | undefined,
  now: number = Date.now()
): number | undefined {
  const text = (Array.isArray(value) ? value[0] : value)?.trim()
  if (!text) return undefined
  if (/^\d+$/.test(text)) return Number(text) * 1000
  const date = Date.parse(text)
  if (Number.isNaN(date)) return undefined
  return Math.max(0, date - now)
}

/** Exponential backoff with full jitter: a random wait in [0, min(max, base·2^(attempt-1))]. */
export function backoffDelay(
  attempt: number,
  baseMs: number,
  maxMs: number,
  random: () => number = Math.random
): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1))
  return Math.round(random() * ceiling)
}

/** A network-level failure: its kind, and a short reason for people. */
export interface NetworkFailure {
  kind: Extract<CrawlFailureKind, 'connection' | 'network' | 'timeout' | 'invalid'>
  reason: string
}

interface ErrorLike {
  code?: unknown
  message?: unknown
  cause?: unknown
}

/** What kind of network-level failure this is, with a short, human reason. */
export function describeNetworkError(error: unknown, duringBody: boolean): NetworkFailure {
  const codes: string[] = []
  const messages: string[] = []
  for (let e = error as ErrorLike | undefined, depth = 0; e && depth < 4; depth++) {
    if (typeof e.code === 'string') codes.push(e.code)
    if (typeof e.message === 'string') messages.push(e.message)
    e = e.cause as ErrorLike | undefined
  }
  const has = (code: string) => codes.includes(code)
  const failure = (kind: NetworkFailure['kind'], reason: string) => ({ kind, reason })
  if (has('UND_ERR_HEADERS_TIMEOUT'))
    return failure('timeout', 'timed out waiting for the response')
  if (has('UND_ERR_BODY_TIMEOUT')) return failure('timeout', 'timed out waiting for the body')
  if (has('UND_ERR_CONNECT_TIMEOUT') || has('ETIMEDOUT')) {
    return failure('connection', 'timed out connecting')
  }
  if (has('ECONNREFUSED')) return failure('connection', 'connection refused')
  if (has('ECONNRESET') || has('EPIPE')) return failure('network', 'connection reset')
  if (has('ENOTFOUND') || has('EAI_AGAIN')) return failure('connection', 'host not found')
  if (has('EHOSTUNREACH') || has('ENETUNREACH') || has('ENETDOWN')) {
    return failure('connection', 'network unreachable')
  }
  if (has('UND_ERR_RES_CONTENT_LENGTH_MISMATCH')) return failure('network', 'truncated body')
  if (has('UND_ERR_SOCKET')) {
    return failure('network', duringBody ? 'truncated body' : 'connection closed')
  }
  if (codes.some((code) => code.startsWith('HPE_'))) {
    return failure('invalid', 'invalid HTTP response')
  }
  const detail = codes[0] ?? messages[0] ?? 'unknown'
  return failure('network', `network error (${detail.slice(0, 60)})`)
}
