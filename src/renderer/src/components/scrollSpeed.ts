/**
 * Whether the grid is flying past (a dragged scrollbar, a fling, a held Page Down). Rows then
 * cross the screen in a frame or two: their thumbnails are not worth fetching and decoding, so
 * tiles show their colour until the scroll calms down. Judged over a short window rather than
 * per frame, so one slow frame does not flip it (which would start loading everything at once).
 */
export const WINDOW_MS = 250

export class ScrollSpeed {
  private samples: { time: number; offset: number }[] = []
  fast = false

  /** `distance`: how far a scroll must go within WINDOW_MS to count as fast (a viewport). */
  update(offset: number, scrolling: boolean, now: number, distance: number): void {
    if (!scrolling) {
      this.samples = []
      this.fast = false
      return
    }
    this.samples.push({ time: now, offset })
    while (this.samples.length > 1 && now - this.samples[0]!.time > WINDOW_MS) this.samples.shift()
    const oldest = this.samples[0]!
    this.fast = Math.abs(offset - oldest.offset) > distance
  }
}
