import { describe, expect, it } from 'vitest'
import { BufferPool } from './buffer-pool'

const KB = 1024
/** Identity without vitest printing two 100 KB buffers when it fails. */
const same = (a: Buffer, b: Buffer) => expect(a === b, 'the same buffer').toBe(true)

describe('BufferPool', () => {
  it('lends a given-back buffer again, the smallest that fits', () => {
    const pool = new BufferPool(4)
    const small = pool.take(100 * KB)
    const big = pool.take(1000 * KB)
    expect(small.length).toBeGreaterThanOrEqual(100 * KB)
    expect(big.length).toBeGreaterThanOrEqual(1000 * KB)
    pool.give(big)
    pool.give(small)
    same(pool.take(50 * KB), small)
    same(pool.take(50 * KB), big)
    expect(pool.take(50 * KB) === small).toBe(false)
  })

  it('rounds new buffers up, so one fits the next slightly bigger document', () => {
    const pool = new BufferPool(4)
    const first = pool.take(300_000)
    expect(first.length % (64 * KB)).toBe(0)
    pool.give(first)
    same(pool.take(320_000), first)
  })

  it('keeps at most maxFree idle buffers, preferring bigger ones', () => {
    const pool = new BufferPool(2)
    const [a, b, c] = [pool.take(100 * KB), pool.take(200 * KB), pool.take(300 * KB)]
    pool.give(a)
    pool.give(b)
    pool.give(c)
    expect(pool.idle).toBe(2)
    same(pool.take(300 * KB), c)
    same(pool.take(150 * KB), b)
    expect(pool.idle).toBe(0)
  })

  it('forgets its idle buffers when cleared', () => {
    const pool = new BufferPool(2)
    const a = pool.take(10)
    pool.give(a)
    pool.clear()
    expect(pool.idle).toBe(0)
    expect(pool.take(10) === a).toBe(false)
  })
})
