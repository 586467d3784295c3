import { describe, expect, it } from 'vitest'
import { BufferPool } from './buffer-pool'

describe('BufferPool', () => {
  it('lends a given-back buffer again, the smallest that fits', () => {
    const pool = new BufferPool(4)
    const small = pool.take(100)
    const big = pool.take(1000)
    expect(small.length).toBeGreaterThanOrEqual(100)
    expect(big.length).toBeGreaterThanOrEqual(1000)
    pool.give(big)
    pool.give(small)
    expect(pool.take(50)).toBe(small)
    expect(pool.take(50)).toBe(big)
    expect(pool.take(50)).not.toBe(small)
  })

  it('keeps at most maxFree idle buffers, preferring bigger ones', () => {
    const pool = new BufferPool(2)
    const [a, b, c] = [pool.take(10), pool.take(20), pool.take(30)]
    pool.give(a)
    pool.give(b)
    pool.give(c)
    expect(pool.idle).toBe(2)
    expect(pool.take(25)).toBe(c)
    expect(pool.take(15)).toBe(b)
    expect(pool.idle).toBe(0)
  })

  it('forgets its idle buffers when cleared', () => {
    const pool = new BufferPool(2)
    const a = pool.take(10)
    pool.give(a)
    pool.clear()
    expect(pool.idle).toBe(0)
    expect(pool.take(10)).not.toBe(a)
  })
})
