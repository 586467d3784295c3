import { createContext, useContext } from 'react'
import type { Settings, SettingsPatch } from '@shared/settings'

/** Resolves to null when saved, or to the app's message saying what is wrong. */
export type Save = (patch: SettingsPatch) => Promise<string | null>
/** Saves what a field still holds; resolves to false when the app refused it. */
export type Flush = () => Promise<boolean>

/** What every section and field of the Settings dialog works with. */
export interface SettingsForm {
  settings: Settings
  /** For fields that show a refusal beside themselves (typed text is kept). */
  save: Save
  /** For switches: nothing typed could be kept, so a refusal is said in a toast. */
  saveOrSay: Save
  /** A field with unsaved text registers how to save it, so closing the dialog can. */
  register: (key: string, flush: Flush) => () => void
  /** Whether `key` was just saved (its "Saved" note shows). */
  isSaved: (key: keyof Settings) => boolean
}

export const SettingsFormContext = createContext<SettingsForm | null>(null)

export function useSettingsForm(): SettingsForm {
  const form = useContext(SettingsFormContext)
  if (!form) throw new Error('A settings field must be inside the Settings dialog.')
  return form
}
