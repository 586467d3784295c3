/**
 * Reusable buffers for decoded images. A crawl decodes ~340 KB per document; allocating that
 * afresh each time leaves hundreds of MB of dead Buffers waiting for a GC, which is what drove
 * the crawl's peak RSS. Each task takes a buffer for one document and gives it back once the
 * image is saved, so the crawl holds at most `concurrency` buffers plus the images being saved,
 * whatever its length.
 */
export interface BufferSource {
  /** A buffer of at least `minBytes`, owned by the caller until it is given back. */
  take(minBytes: number): Buffer
  /** Hands a buffer from `take` back; the caller must not touch it afterwards. */
  give(buffer: Buffer): void
}

/** Allocates every time and keeps nothing: for one-off extractions and tests. */
export const freshBuffers: BufferSource = {
  take: (minBytes) => Buffer.allocUnsafe(minBytes),
  give: () => undefined
}

/**
 * New buffers are rounded up to a multiple of this, so one made for a document fits the next
 * one's slightly bigger image too, instead of a fresh buffer being made for it.
 */
const SIZE_STEP = 64 * 1024
/**
 * Idle buffers bigger than any real image (~340 KB, the largest well under 1 MB) are dropped, not
 * kept: a source serving oversized documents would otherwise leave the pool holding dozens.
 */
export const MAX_POOLED_BYTES = 2 * 1024 * 1024

export class BufferPool implements BufferSource {
  private readonly free: Buffer[] = []

  /** `maxFree`: how many idle buffers to keep (about the concurrency). */
  constructor(public maxFree: number) {}

  take(minBytes: number): Buffer {
    // The smallest idle buffer that fits, so big ones stay for big images.
    let best = -1
    for (let i = 0; i < this.free.length; i++) {
      const length = this.free[i]!.length
      if (length >= minBytes && (best === -1 || length < this.free[best]!.length)) best = i
    }
    if (best === -1) return Buffer.allocUnsafeSlow(Math.ceil(minBytes / SIZE_STEP) * SIZE_STEP)
    const buffer = this.free[best]!
    this.free[best] = this.free[this.free.length - 1]!
    this.free.pop()
    return buffer
  }

  give(buffer: Buffer): void {
    if (buffer.length > MAX_POOLED_BYTES) return
    if (this.free.length < this.maxFree) {
      this.free.push(buffer)
      return
    }
    // Full: keep the bigger of the newcomer and the smallest idle one.
    let smallest = 0
    for (let i = 1; i < this.free.length; i++) {
      if (this.free[i]!.length < this.free[smallest]!.length) smallest = i
    }
    if (this.free.length > 0 && this.free[smallest]!.length < buffer.length) {
      this.free[smallest] = buffer
    }
  }

  /** Drops the idle buffers (e.g. when the crawl is over), so they can be collected. */
  clear(): void {
    this.free.length = 0
  }

  get idle(): number {
    return this.free.length
  }
}
