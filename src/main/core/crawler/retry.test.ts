import { describe, expect, it } from 'vitest'
import { backoffDelay, describeNetworkError, parseRetryAfter } from './retry'

describe('retry policy', () => {
  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z')
    expect(parseRetryAfter('7', now)).toBe(7000)
    expect(parseRetryAfter(['2'], now)).toBe(2000)
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000)
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', now)).toBe(0)
    expect(parseRetryAfter('soon', now)).toBeUndefined()
    expect(parseRetryAfter(undefined, now)).toBeUndefined()
  })

  it('backs off exponentially with full jitter, capped', () => {
    expect(backoffDelay(1, 500, 30_000, () => 1)).toBe(500)
    expect(backoffDelay(4, 500, 30_000, () => 1)).toBe(4000)
    expect(backoffDelay(20, 500, 30_000, () => 1)).toBe(30_000)
    expect(backoffDelay(3, 500, 30_000, () => 0)).toBe(0)
    expect(backoffDelay(3, 500, 30_000, () => 0.5)).toBe(1000)
  })

  it('names network failures briefly', () => {
    const withCode = (code: string, cause?: unknown) =>
      Object.assign(new Error('x'), { code, cause })
    expect(describeNetworkError(withCode('UND_ERR_BODY_TIMEOUT'), true)).toBe(
      'timed out waiting for the body'
    )
    expect(describeNetworkError(withCode('UND_ERR_SOCKET', withCode('ECONNRESET')), true)).toBe(
      'connection reset'
    )
    expect(describeNetworkError(withCode('UND_ERR_SOCKET'), true)).toBe('truncated body')
    expect(describeNetworkError(withCode('ECONNREFUSED'), false)).toBe('connection refused')
    expect(describeNetworkError(new Error('weird'), false)).toBe('network error (weird)')
  })
})
