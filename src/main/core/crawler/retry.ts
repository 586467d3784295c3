/** When and why to try a document again. */

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

interface ErrorLike {
  code?: unknown
  message?: unknown
  cause?: unknown
}

/** A short, human reason for a network-level failure. */
export function describeNetworkError(error: unknown, duringBody: boolean): string {
  const codes: string[] = []
  const messages: string[] = []
  for (let e = error as ErrorLike | undefined, depth = 0; e && depth < 4; depth++) {
    if (typeof e.code === 'string') codes.push(e.code)
    if (typeof e.message === 'string') messages.push(e.message)
    e = e.cause as ErrorLike | undefined
  }
  const has = (code: string) => codes.includes(code)
  if (has('UND_ERR_HEADERS_TIMEOUT')) return 'timed out waiting for the response'
  if (has('UND_ERR_BODY_TIMEOUT')) return 'timed out waiting for the body'
  if (has('UND_ERR_CONNECT_TIMEOUT') || has('ETIMEDOUT')) return 'timed out connecting'
  if (has('ECONNREFUSED')) return 'connection refused'
  if (has('ECONNRESET') || has('EPIPE')) return 'connection reset'
  if (has('ENOTFOUND') || has('EAI_AGAIN')) return 'host not found'
  if (has('EHOSTUNREACH') || has('ENETUNREACH') || has('ENETDOWN')) return 'network unreachable'
  if (has('UND_ERR_RES_CONTENT_LENGTH_MISMATCH')) return 'truncated body'
  if (has('UND_ERR_SOCKET')) return duringBody ? 'truncated body' : 'connection closed'
  if (codes.some((code) => code.startsWith('HPE_'))) return 'invalid HTTP response'
  const detail = codes[0] ?? messages[0] ?? 'unknown'
  return `network error (${detail.slice(0, 60)})`
}
