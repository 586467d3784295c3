import { describe, expect, it } from 'vitest'
import type { CrawlState } from '@shared/crawl'
import { NO_PROGRESS, sameProgress, taskbarProgress } from './taskbar-progress'

const crawl = (state: CrawlState, done: number, requested: number, failed = 0) => ({
  state,
  done,
  requested,
  failed
})

describe('taskbarProgress', () => {
  it('shows the fraction done while a crawl runs, in whole percents', () => {
    expect(taskbarProgress(crawl('running', 1, 3), 'linux')).toEqual({
      progress: 0.33,
      mode: 'normal'
    })
    expect(taskbarProgress(crawl('running', 2609, 2609), 'darwin')).toEqual({
      progress: 1,
      mode: 'normal'
    })
  })

  it('is paused while paused, indeterminate before anything is counted', () => {
    expect(taskbarProgress(crawl('paused', 50, 100), 'win32')).toEqual({
      progress: 0.5,
      mode: 'paused'
    })
    expect(taskbarProgress(crawl('running', 0, 0), 'linux')).toEqual({
      progress: 2,
      mode: 'indeterminate'
    })
  })

  it('turns to the error mode on Windows once some failed, and only there', () => {
    expect(taskbarProgress(crawl('running', 50, 100, 3), 'win32').mode).toBe('error')
    expect(taskbarProgress(crawl('running', 50, 100, 3), 'linux').mode).toBe('normal')
    // Paused says paused, even with failures.
    expect(taskbarProgress(crawl('paused', 50, 100, 3), 'win32').mode).toBe('paused')
  })

  it('is cleared when the crawl has ended or none runs', () => {
    for (const state of ['idle', 'finished', 'cancelled'] as const) {
      expect(taskbarProgress(crawl(state, 100, 100, 5), 'win32')).toEqual(NO_PROGRESS)
    }
    expect(NO_PROGRESS.progress).toBeLessThan(0)
  })

  it('changes only when the bar would look different', () => {
    const a = taskbarProgress(crawl('running', 1000, 2609), 'linux')
    const b = taskbarProgress(crawl('running', 1001, 2609), 'linux')
    expect(sameProgress(a, b)).toBe(true)
    expect(sameProgress(a, taskbarProgress(crawl('paused', 1001, 2609), 'linux'))).toBe(false)
  })
})
