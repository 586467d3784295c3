import { useId, useOptimistic, useTransition, type ReactNode } from 'react'
import {
  INTERVAL_LABELS,
  SOURCE_LABELS,
  WALLPAPER_INTERVALS,
  WALLPAPER_SOURCES,
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
      <ChoiceRow
        label="Change wallpaper"
        value={interval}
        options={WALLPAPER_INTERVALS.map((value) => [value, INTERVAL_LABELS[value]] as const)}
        saved={savedNote('wallpaperInterval')}
        onChange={(next) => {
          if (next !== 'never') controller.askToNotify()
          saveShown('wallpaperInterval', next, showInterval)
        }}
        hint="A new image, never the same twice in a row. While this is on, closing the window keeps the app running in the tray."
      />

      <ChoiceRow
        label="Choose from"
        value={source}
        options={WALLPAPER_SOURCES.map((value) => [value, SOURCE_LABELS[value]] as const)}
        saved={savedNote('wallpaperSource')}
        onChange={(next) => saveShown('wallpaperSource', next, showSource)}
        hint={
          <>
            {SOURCE_HINTS[source]}
            {eligible !== null &&
              source === settings.wallpaperSource &&
              (eligible === 0 ? ' None yet.' : ` Now ${formatImages(eligible)}.`)}
          </>
        }
      />

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

/** A labelled select with its "Saved" mark and a hint under it. */
function ChoiceRow<T extends string>({
  label,
  value,
  options,
  saved,
  onChange,
  hint
}: {
  label: string
  value: T
  options: readonly (readonly [T, string])[]
  saved: ReactNode
  onChange: (value: T) => void
  hint: ReactNode
}) {
  const id = useId()
  return (
    <div className="settings-row">
      <div className="settings-label-line">
        <label htmlFor={id}>{label}</label>
        {saved}
      </div>
      <select
        id={id}
        className="settings-input settings-select"
        value={value}
        aria-describedby={`${id}-hint`}
        onChange={(event) => onChange(event.currentTarget.value as T)}
      >
        {options.map(([option, text]) => (
          <option key={option} value={option}>
            {text}
          </option>
        ))}
      </select>
      <p id={`${id}-hint`} className="settings-hint">
        {hint}
      </p>
    </div>
  )
}
