/**
 * Recent throughput for progress(): samples of (time, items, bytes) at least `spacingMs` apart,
 * kept for `windowMs`. Reading and recording are amortised O(1), cheap enough to poll 10×/s.
 */
interface Sample {
  t: number
  items: number
  bytes: number
}

export class RateWindow {
  private samples: Sample[] = []
  private head = 0

  constructor(
    private readonly windowMs = 10_000,
    private readonly spacingMs = 250
  ) {}

  record(t: number, items: number, bytes: number): void {
    const last = this.samples[this.samples.length - 1]
    if (last && t - last.t < this.spacingMs) return
    this.samples.push({ t, items, bytes })
    if (this.head > 64 && this.head * 2 > this.samples.length) {
      this.samples = this.samples.slice(this.head)
      this.head = 0
    }
  }

  /** Items and bytes per second since the oldest sample still inside the window. */
  rates(t: number, items: number, bytes: number): { rate: number; bytesPerSecond: number } {
    while (
      this.head + 1 < this.samples.length &&
      this.samples[this.head + 1]!.t <= t - this.windowMs
    ) {
      this.head++
    }
    const base = this.samples[this.head]
    const seconds = base ? (t - base.t) / 1000 : 0
    if (!base || seconds < 0.2) return { rate: 0, bytesPerSecond: 0 }
    return {
      rate: (items - base.items) / seconds,
      bytesPerSecond: (bytes - base.bytes) / seconds
    }
  }
}
