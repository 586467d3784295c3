import { describe, expect, it } from 'vitest'
import type { CrawlState } from '@shared/crawl'
import { trayMenu, trayTooltip, type TrayInput, type TrayItem } from './tray-menu'

// 2026-03-02 06:00 UTC; times are shown in UTC with a 24-hour locale.
const NOW = Date.parse('2026-03-02T06:00:00Z')
const HOUR = 3_600_000

function input(patch: {
  crawl?: CrawlState
  interval?: TrayInput['rotation']['interval']
  nextChangeAt?: number | null
  changing?: boolean
}): TrayInput {
  return {
    crawl: { state: patch.crawl ?? 'idle', done: 40, requested: 160 },
    rotation: {
      interval: patch.interval ?? 'never',
      nextChangeAt: patch.nextChangeAt ?? null,
      changing: patch.changing ?? false
    },
    now: NOW,
    locale: 'en-GB',
    timeZone: 'UTC'
  }
}

const labels = (items: TrayItem[]) =>
  items.map((item) =>
    item.kind === 'separator'
      ? '---'
      : item.kind === 'info'
        ? `(${item.label})`
        : `${item.label}${item.enabled ? '' : ' [disabled]'}`
  )

describe('trayMenu', () => {
  it('offers Next wallpaper, Show and Quit when nothing runs', () => {
    expect(labels(trayMenu(input({})))).toEqual([
      'Next wallpaper',
      '---',
      'Show Earth View Gallery',
      '---',
      'Quit'
    ])
  })

  it('shows Pause crawl while a crawl runs and Resume crawl while it is paused, only then', () => {
    const running = labels(trayMenu(input({ crawl: 'running' })))
    expect(running).toContain('Pause crawl')
    expect(running).not.toContain('Resume crawl')
    const paused = labels(trayMenu(input({ crawl: 'paused' })))
    expect(paused).toContain('Resume crawl')
    expect(paused).not.toContain('Pause crawl')
    for (const state of ['idle', 'cancelling', 'finished', 'cancelled'] as const) {
      const items = labels(trayMenu(input({ crawl: state })))
      expect(
        items.filter((label) => /crawl/i.test(label)),
        state
      ).toEqual([])
    }
  })

  it('says when the next change is due while rotating, and disables Next during a change', () => {
    const rotating = trayMenu(input({ interval: 'day', nextChangeAt: NOW + 25 * HOUR }))
    expect(labels(rotating).slice(0, 2)).toEqual([
      'Next wallpaper',
      '(Next change at 07:00 tomorrow)'
    ])
    const changing = trayMenu(input({ interval: 'day', nextChangeAt: NOW, changing: true }))
    expect(labels(changing).slice(0, 2)).toEqual([
      'Next wallpaper [disabled]',
      '(Changing the wallpaper…)'
    ])
  })

  it('gives each item the action the glue runs', () => {
    const actions = trayMenu(input({ crawl: 'running' })).flatMap((item) =>
      item.kind === 'action' ? [item.action] : []
    )
    expect(actions).toEqual(['next-wallpaper', 'show-window', 'pause-crawl', 'quit'])
  })
})

describe('trayTooltip', () => {
  it('names the app and what it is doing', () => {
    expect(trayTooltip(input({}))).toBe('Earth View Gallery')
    expect(trayTooltip(input({ crawl: 'running' }))).toBe('Earth View Gallery — crawling, 25%')
    expect(trayTooltip(input({ crawl: 'paused' }))).toBe('Earth View Gallery — crawl paused, 25%')
    expect(trayTooltip(input({ interval: 'hour', nextChangeAt: NOW + HOUR }))).toBe(
      'Earth View Gallery — Next change at 07:00'
    )
  })
})
