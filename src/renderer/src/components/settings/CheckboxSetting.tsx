import { useId, useState, type ReactNode } from 'react'
import type { Settings } from '@shared/settings'
import { useSettingsForm } from './form'
import { SavedNote } from './layout'

/** The settings that are on or off. */
export type SwitchKey = {
  [K in keyof Settings]: Settings[K] extends boolean ? K : never
}[keyof Settings]

/** Shows the new state at once and goes back if the app refuses it. */
export function usePendingValue<T>(value: T): [T, (next: T, saving: Promise<unknown>) => void] {
  const [pending, setPending] = useState<{ value: T } | null>(null)
  const set = (next: T, saving: Promise<unknown>) => {
    setPending({ value: next })
    void saving.finally(() => setPending(null))
  }
  return [pending ? pending.value : value, set]
}

/** An on/off setting, saved as soon as it is clicked (a refusal is said in a toast). */
export function CheckboxSetting({
  setting,
  label,
  hint
}: {
  setting: SwitchKey
  label: string
  hint: ReactNode
}) {
  const { settings, saveOrSay, isSaved } = useSettingsForm()
  const id = useId()
  const [checked, setChecked] = usePendingValue(settings[setting])
  return (
    <div className="settings-row settings-check-row">
      <input
        id={id}
        type="checkbox"
        checked={checked}
        aria-describedby={`${id}-hint`}
        onChange={(event) => {
          const on = event.currentTarget.checked
          setChecked(on, saveOrSay({ [setting]: on }))
        }}
      />
      <div>
        <div className="settings-label-line">
          <label htmlFor={id}>{label}</label>
          <SavedNote shown={isSaved(setting)} />
        </div>
        <p id={`${id}-hint`} className="settings-hint">
          {hint}
        </p>
      </div>
    </div>
  )
}
