import { useId, useOptimistic, useTransition, type ReactNode } from 'react'
import {
  INTERVAL_LABELS,
  SOURCE_LABELS,
  WALLPAPER_INTERVALS,
  WALLPAPER_SOURCES,
  type WallpaperInterval,
  type WallpaperSource
} from '@shared/rotation'
import type { Settings, SettingsPatch } from '@shared/settings'
import { formatImages } from '../../lib/format'
import { useController, useStore } from '../../state/context'
import '../../styles/wallpaper.css'

/** Resolves to null when saved, or to the app's message (already said in a toast). */
type Save = (patch: SettingsPatch) => Promise<string | null>

const SOURCE_HINTS: Record<WallpaperSource, string> = {
  favorites: 'The images you marked as Favorite.',
  library: 'Every image saved in the library by a crawl.',
  downloaded: 'The images you downloaded with Download.'
}

/**
 * Settings → Wallpaper: how often the wallpaper changes, which images it picks from, and
 * whether the app starts at login. The dialog gives it `save` (which says a refusal in a toast)
 * and `savedNote` (its "Saved" mark).
 */
export function WallpaperSection({
  settings,
  save,
  savedNote
}: {
  settings: Settings
  save: Save
  savedNote: (key: keyof Settings) => ReactNode
}) {
  const controller = useController()
  const eligible = useStore((s) => s.rotation?.eligible ?? null)
  const id = useId()
  const [, startTransition] = useTransition()
  // Shown at once, back to the saved value if the app refuses it.
  const [interval, showInterval] = useOptimistic(settings.wallpaperInterval)
  const [source, showSource] = useOptimistic(settings.wallpaperSource)
  const [startAtLogin, showStartAtLogin] = useOptimistic(settings.startAtLogin)

  const saveShown = <K extends keyof Settings>(
    key: K,
    value: Settings[K],
    show: (value: Settings[K]) => void
  ) =>
    startTransition(async () => {
      show(value)
      await save({ [key]: value } as SettingsPatch)
    })

  return (
    <>
      <div className="settings-row">
        <div className="settings-label-line">
          <label htmlFor={`${id}-interval`}>Change wallpaper</label>
          {savedNote('wallpaperInterval')}
        </div>
        <select
          id={`${id}-interval`}
          className="settings-input settings-select"
          value={interval}
          aria-describedby={`${id}-interval-hint`}
          onChange={(event) => {
            const next = event.currentTarget.value as WallpaperInterval
            if (next !== 'never') controller.askToNotify()
            saveShown('wallpaperInterval', next, showInterval)
          }}
        >
          {WALLPAPER_INTERVALS.map((value) => (
            <option key={value} value={value}>
              {INTERVAL_LABELS[value]}
            </option>
          ))}
        </select>
        <p id={`${id}-interval-hint`} className="settings-hint">
          A new image, never the same twice in a row. While this is on, closing the window keeps the
          app running in the tray.
        </p>
      </div>

      <div className="settings-row">
        <div className="settings-label-line">
          <label htmlFor={`${id}-source`}>Choose from</label>
          {savedNote('wallpaperSource')}
        </div>
        <select
          id={`${id}-source`}
          className="settings-input settings-select"
          value={source}
          aria-describedby={`${id}-source-hint`}
          onChange={(event) =>
            saveShown('wallpaperSource', event.currentTarget.value as WallpaperSource, showSource)
          }
        >
          {WALLPAPER_SOURCES.map((value) => (
            <option key={value} value={value}>
              {SOURCE_LABELS[value]}
            </option>
          ))}
        </select>
        <p id={`${id}-source-hint`} className="settings-hint">
          {SOURCE_HINTS[source]}
          {eligible !== null && source === settings.wallpaperSource && (
            <> Now {formatImages(eligible)}.</>
          )}
        </p>
      </div>

      <div className="settings-row settings-check-row">
        <input
          id={`${id}-login`}
          type="checkbox"
          checked={startAtLogin}
          aria-describedby={`${id}-login-hint`}
          onChange={(event) =>
            saveShown('startAtLogin', event.currentTarget.checked, showStartAtLogin)
          }
        />
        <div>
          <div className="settings-label-line">
            <label htmlFor={`${id}-login`}>Start at login</label>
            {savedNote('startAtLogin')}
          </div>
          <p id={`${id}-login-hint`} className="settings-hint">
            Opens in the tray when you log in, without the window, so the wallpaper keeps changing.
          </p>
        </div>
      </div>
    </>
  )
}
