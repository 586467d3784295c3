import { useEffect, useId, useState } from 'react'
import { formatNextChange } from '@shared/next-change'
import { isRotationFailure, isRotationOn, type RotationState } from '@shared/rotation'
import { useController, useStore } from '../state/context'
import { Icon } from './Icon'
import '../styles/wallpaper.css'

const MINUTE_MS = 60_000

/** The time, moved on every minute, so "tomorrow" turns into today at midnight. */
function useMinuteClock(): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), MINUTE_MS)
    return () => clearInterval(timer)
  }, [])
  return now
}

/** What the line under "Next wallpaper" says; null when there is nothing to say. */
export function rotationLine(
  rotation: RotationState | null,
  pending: boolean,
  now: number,
  locale?: string
): string | null {
  if (pending || rotation?.changing) return 'Changing the wallpaper…'
  if (!rotation || !isRotationOn(rotation.interval) || rotation.nextChangeAt === null) return null
  const due = formatNextChange(rotation.nextChangeAt, now, { locale })
  const last = rotation.last
  return last && last.trigger === 'schedule' && isRotationFailure(last.status)
    ? `Last change failed · ${due}`
    : due
}

/** "Next wallpaper", always in the toolbar, with when the rotation changes it next. */
export function WallpaperControls() {
  const controller = useController()
  const rotation = useStore((s) => s.rotation)
  const pending = useStore((s) => s.nextWallpaperPending)
  const now = useMinuteClock()
  const lineId = useId()
  const line = rotationLine(rotation, pending, now, navigator.language)
  const failure = rotation?.last && isRotationFailure(rotation.last.status) ? rotation.last : null

  return (
    <div className="wallpaper-controls">
      <button
        className="button"
        disabled={pending || rotation?.changing === true}
        aria-describedby={line ? lineId : undefined}
        title={line ?? undefined}
        onClick={() => void controller.nextWallpaper()}
      >
        <Icon name="wallpaper" />
        <span className="next-wallpaper-label">Next wallpaper</span>
      </button>
      {line && (
        <span
          id={lineId}
          className="next-change muted tabular"
          title={failure?.trigger === 'schedule' ? failure.message : undefined}
        >
          {line}
        </span>
      )}
    </div>
  )
}
