/**
 * The tray (menu-bar) menu, built from the app's state by a pure function: the Electron glue
 * (src/main/tray.ts) only renders these items and runs their actions.
 */
import type { CrawlProgress } from '@shared/crawl'
import { formatNextChange } from '@shared/next-change'
import { isRotationOn, type RotationState } from '@shared/rotation'

export const APP_NAME = 'Earth View Gallery'

export type TrayAction = 'next-wallpaper' | 'show-window' | 'pause-crawl' | 'resume-crawl' | 'quit'

export type TrayItem =
  | { kind: 'action'; action: TrayAction; label: string; enabled: boolean }
  /** A line of information, shown greyed out. */
  | { kind: 'info'; label: string }
  | { kind: 'separator' }

export interface TrayInput {
  crawl: Pick<CrawlProgress, 'state' | 'done' | 'requested'>
  rotation: Pick<RotationState, 'interval' | 'nextChangeAt' | 'changing'>
  now: number
  /** For tests; the system's by default. */
  locale?: string
  timeZone?: string
}

export function trayMenu(input: TrayInput): TrayItem[] {
  const { crawl, rotation } = input
  const items: TrayItem[] = [
    {
      kind: 'action',
      action: 'next-wallpaper',
      label: 'Next wallpaper',
      enabled: !rotation.changing
    }
  ]
  const due = nextChangeLine(input)
  if (due) items.push({ kind: 'info', label: due })
  items.push({ kind: 'separator' })
  items.push({ kind: 'action', action: 'show-window', label: `Show ${APP_NAME}`, enabled: true })
  // Pause / Resume only while a crawl runs; a cancelling crawl can be neither.
  if (crawl.state === 'running') {
    items.push({ kind: 'action', action: 'pause-crawl', label: 'Pause crawl', enabled: true })
  } else if (crawl.state === 'paused') {
    items.push({ kind: 'action', action: 'resume-crawl', label: 'Resume crawl', enabled: true })
  }
  items.push({ kind: 'separator' })
  items.push({ kind: 'action', action: 'quit', label: 'Quit', enabled: true })
  return items
}

/** The icon's tooltip: the app, and what it is doing. */
export function trayTooltip(input: TrayInput): string {
  const { crawl } = input
  if (crawl.state === 'running' || crawl.state === 'paused') {
    const percent = crawl.requested > 0 ? Math.floor((crawl.done / crawl.requested) * 100) : 0
    return `${APP_NAME} — ${crawl.state === 'paused' ? 'crawl paused' : 'crawling'}, ${percent}%`
  }
  const due = nextChangeLine(input)
  return due ? `${APP_NAME} — ${due}` : APP_NAME
}

function nextChangeLine(input: TrayInput): string | null {
  const { rotation } = input
  if (rotation.changing) return 'Changing the wallpaper…'
  if (!isRotationOn(rotation.interval) || rotation.nextChangeAt === null) return null
  return formatNextChange(rotation.nextChangeAt, input.now, input)
}
