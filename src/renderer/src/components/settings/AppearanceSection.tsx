import { useId } from 'react'
import type { Settings } from '@shared/settings'
import { usePendingValue } from './CheckboxSetting'
import { useSettingsForm } from './form'
import { SavedNote, Section } from './layout'

const THEMES: { value: Settings['theme']; label: string }[] = [
  { value: 'system', label: 'System' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' }
]

export function AppearanceSection() {
  return (
    <Section title="Appearance">
      <ThemeSetting />
    </Section>
  )
}

function ThemeSetting() {
  const { settings, saveOrSay, isSaved } = useSettingsForm()
  const id = useId()
  const [theme, setTheme] = usePendingValue(settings.theme)
  return (
    <div className="settings-row settings-theme-row">
      <div className="settings-label-line">
        <span id={id} className="settings-label">
          Theme
        </span>
        <SavedNote shown={isSaved('theme')} />
      </div>
      <div className="segmented" role="radiogroup" aria-labelledby={id}>
        {THEMES.map((option) => (
          <label key={option.value} className="segment">
            <input
              type="radio"
              name={`${id}-theme`}
              checked={theme === option.value}
              onChange={() => setTheme(option.value, saveOrSay({ theme: option.value }))}
            />
            <span>{option.label}</span>
          </label>
        ))}
      </div>
    </div>
  )
}
