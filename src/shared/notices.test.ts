import { describe, expect, it } from 'vitest'
import type { CrawlSummary } from './crawl'
import { crawlNotice, rotationNotice, shouldNotifyRotation } from './notices'
import type { RotationOutcome } from './rotation'

const summary = (patch: Partial<CrawlSummary>): CrawlSummary => ({
  requested: 2609,
  saved: 2600,
  skipped: 0,
  missing: 0,
  failed: [],
  bytes: 1,
  seconds: 1,
  cancelled: false,
  ...patch
})

describe('crawlNotice', () => {
  it('counts what a finished crawl saved', () => {
    expect(crawlNotice(summary({ skipped: 9 }))).toEqual({
      title: 'Crawl finished',
      body: 'Saved 2,600 images (9 already saved).'
    })
    expect(crawlNotice(summary({ saved: 1 })).body).toBe('Saved 1 image.')
  })

  it('says what failed and what to do', () => {
    const failed = [
      { id: 1234, reason: 'HTTP 503 after 5 attempts' },
      { id: 1300, reason: 'timed out' }
    ]
    expect(crawlNotice(summary({ saved: 5, failed }))).toEqual({
      title: 'Crawl finished with failures',
      body: 'Saved 5 images; 2 could not be fetched (1234: HTTP 503 after 5 attempts). Use “Retry failed” to try them again.'
    })
    expect(crawlNotice(summary({ saved: 0, failed }))).toMatchObject({
      title: 'Crawl failed',
      body: expect.stringMatching(/^No image could be fetched \(1234: HTTP 503.*Retry failed/)
    })
  })

  it('says a cancelled crawl was cancelled', () => {
    expect(crawlNotice(summary({ saved: 3, cancelled: true })).title).toBe('Crawl cancelled')
  })
})

describe('rotation notices', () => {
  const outcome = (patch: Partial<RotationOutcome>): RotationOutcome => ({
    status: 'not-applied',
    message: 'GNOME did not take the picture.',
    id: 1003,
    trigger: 'schedule',
    at: 0,
    failuresInARow: 1,
    ...patch
  })

  it('tells a scheduled failure once, with its message', () => {
    expect(shouldNotifyRotation(outcome({}))).toBe(true)
    expect(rotationNotice(outcome({}))).toEqual({
      title: 'Wallpaper not changed',
      body: 'GNOME did not take the picture.'
    })
    expect(shouldNotifyRotation(outcome({ failuresInARow: 2 }))).toBe(false)
    expect(shouldNotifyRotation(outcome({ trigger: 'manual' }))).toBe(false)
    expect(shouldNotifyRotation(outcome({ status: 'applied', failuresInARow: 0 }))).toBe(false)
    expect(shouldNotifyRotation(null)).toBe(false)
  })
})
