/**
 * The one-line progress bar the `crawl` command draws on a terminal. It samples the crawl's
 * progress on a timer rather than on every event, so a fast crawl costs at most 10 redraws a second.
 */
import type { CrawlProgress } from '@shared/crawl'

export const REDRAW_INTERVAL_MS = 100

export interface TerminalStream {
  write(text: string): boolean
  isTTY?: boolean
  columns?: number
}

export class ProgressBar {
  private timer: NodeJS.Timeout | undefined
  private lastLine = ''

  constructor(
    private readonly stream: TerminalStream,
    private readonly sample: () => CrawlProgress
  ) {}

  start(): void {
    if (this.timer) return
    this.draw()
    this.timer = setInterval(() => this.draw(), REDRAW_INTERVAL_MS)
    // The bar must never be what keeps the process alive.
    this.timer.unref()
  }

  /** Draws the final state and moves to a fresh line, so the summary starts clean. */
  stop(): void {
    if (!this.timer) return
    clearInterval(this.timer)
    this.timer = undefined
    this.draw()
    this.stream.write('\n')
  }

  private draw(): void {
    // A pseudo-terminal without a size (script(1), CI runners) reports 0 columns.
    const line = formatProgressLine(this.sample(), this.stream.columns || 80)
    if (line === this.lastLine) return
    this.lastLine = line
    // \r + erase-to-end-of-line redraws in place without flicker.
    this.stream.write(`\r${line}\x1b[K`)
  }
}

/** "[#####.....]  1234/2609  47%  401.2 MB  38.5/s  ETA 0:36", fitted to `columns`. */
export function formatProgressLine(progress: CrawlProgress, columns: number): string {
  const { done, requested } = progress
  const fraction = requested > 0 ? Math.min(1, done / requested) : 0
  const status =
    progress.state === 'paused' ? '  paused' : progress.state === 'cancelling' ? '  cancelling' : ''
  const details = [
    `${done}/${requested}`,
    `${Math.floor(fraction * 100)}%`,
    formatMegabytes(progress.bytes),
    `${progress.rate.toFixed(1)}/s`,
    `ETA ${progress.etaSeconds === null ? '--:--' : formatDuration(progress.etaSeconds)}`
  ].join('  ')
  const text = `${details}${status}`
  // Keep one column free: writing the last column makes some terminals wrap.
  const barWidth = Math.min(30, columns - 1 - text.length - 4)
  if (barWidth < 5) return text.slice(0, Math.max(0, columns - 1))
  const filled = Math.round(fraction * barWidth)
  return `[${'#'.repeat(filled)}${'.'.repeat(barWidth - filled)}]  ${text}`
}

export function formatMegabytes(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(1)} MB`
}

/** 75 → "1:15", 3725 → "1:02:05". */
export function formatDuration(seconds: number): string {
  const total = Math.max(0, Math.round(seconds))
  const hours = Math.floor(total / 3600)
  const minutes = Math.floor((total % 3600) / 60)
  const secs = String(total % 60).padStart(2, '0')
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${secs}` : `${minutes}:${secs}`
}
