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

  it('names network failures briefly, with the kind of failure each is', () => {
    const withCode = (code: string, cause?: unknown) =>
      Object.assign(new Error('x'), { code, cause })
    const described = (error: unknown, duringBody = false) => {
      const { kind, reason } = describeNetworkError(error, duringBody)
      return `${kind}: ${reason}`
    }
    expect(described(withCode('UND_ERR_BODY_TIMEOUT'), true)).toBe(
      'timeout: timed out waiting for the body'
    )
    expect(described(withCode('UND_ERR_HEADERS_TIMEOUT'))).toBe(
      'timeout: timed out waiting for the response'
    )
    expect(described(withCode('UND_ERR_SOCKET', withCode('ECONNRESET')), true)).toBe(
      'network: connection reset'
    )
    expect(described(withCode('UND_ERR_SOCKET'), true)).toBe('network: truncated body')
    expect(described(withCode('UND_ERR_SOCKET'))).toBe('network: connection closed')
    expect(described(withCode('HPE_INVALID_CONSTANT'))).toBe('invalid: invalid HTTP response')
    expect(described(new Error('weird'))).toBe('network: network error (weird)')
    // The failures that mean "could not connect at all", which the unreachable guard counts.
    expect(described(withCode('ECONNREFUSED'))).toBe('connection: connection refused')
    expect(described(withCode('UND_ERR_CONNECT_TIMEOUT'))).toBe('connection: timed out connecting')
    expect(described(withCode('x', withCode('ENOTFOUND')))).toBe('connection: host not found')
    expect(described(withCode('ENETUNREACH'))).toBe('connection: network unreachable')
  })
})
