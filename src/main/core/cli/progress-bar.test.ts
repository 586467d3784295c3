import { describe, expect, it } from 'vitest'
import { idleProgress, type CrawlProgress } from '@shared/crawl'
import { formatDuration, formatProgressLine, ProgressBar } from './progress-bar'

const running = (patch: Partial<CrawlProgress>): CrawlProgress => ({
  ...idleProgress(24),
  state: 'running',
  ...patch
})

describe('formatProgressLine', () => {
  it('shows count, percentage, MB, rate and ETA', () => {
    const line = formatProgressLine(
      running({ requested: 2609, done: 1304, bytes: 443_500_000, rate: 38.46, etaSeconds: 75 }),
      100
    )
    expect(line).toBe(
      '[###############...............]  1304/2609  49%  443.5 MB  38.5/s  ETA 1:15'
    )
  })

  it('fits narrow terminals and says when the ETA is unknown', () => {
    const progress = running({ requested: 10, done: 0, etaSeconds: null })
    expect(formatProgressLine(progress, 80)).toContain('ETA --:--')
    const narrow = formatProgressLine(progress, 30)
    expect(narrow.length).toBeLessThan(30)
    expect(narrow.startsWith('0/10')).toBe(true)
  })

  it('formats long durations with hours', () => {
    expect(formatDuration(3725)).toBe('1:02:05')
    expect(formatDuration(59.6)).toBe('1:00')
  })
})

describe('ProgressBar', () => {
  it('redraws in place and ends with a newline', () => {
    const writes: string[] = []
    let progress = running({ requested: 2, done: 0 })
    const bar = new ProgressBar(
      { write: (text) => writes.push(text) > 0, isTTY: true, columns: 80 },
      () => progress
    )
    bar.start()
    progress = running({ requested: 2, done: 2 })
    bar.stop()
    expect(writes[0]).toMatch(/^\r\[\.+\] {2}0\/2 {2}0%/)
    expect(writes[1]).toMatch(/^\r\[#+\] {2}2\/2 {2}100%/)
    expect(writes.at(-1)).toBe('\n')
  })
})
