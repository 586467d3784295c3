import { useCallback, useEffect, useId, useRef, type ReactNode } from 'react'
import type { Settings, SettingsPatch } from '@shared/settings'
import { useController } from '../../state/context'
import { DraftInput, FieldMessages, useDraft } from './draft'
import { useSettingsForm } from './form'
import { SavedNote } from './layout'

/** The settings held as text. */
export type TextKey = {
  [K in keyof Settings]: Settings[K] extends string ? K : never
}[keyof Settings]

/**
 * A text setting checked by the app when the person commits it (leaves the field or presses
 * Enter). A refused value stays in the field with the app's message under it, so nothing typed
 * is lost; a change from elsewhere replaces the text only while the field is not being edited.
 */
export function TextSetting({
  setting,
  label,
  hint,
  resetTo
}: {
  setting: TextKey
  label: string
  /** `invalid`: the app's message is showing, so the hint need not say the same. */
  hint: (draft: string, invalid: boolean) => ReactNode
  resetTo?: string
}) {
  const controller = useController()
  const { settings, save, register, isSaved } = useSettingsForm()
  const value = settings[setting]
  const id = useId()
  const hintId = `${id}-hint`
  const errorId = `${id}-error`
  const field = useDraft(value)
  const { draft, setDraft, error, setError } = field
  const inflight = useRef<{ draft: string; result: Promise<boolean> } | null>(null)

  const commit = useCallback(
    (text: string): Promise<boolean> => {
      if (text === value) {
        setError(null)
        return Promise.resolve(true)
      }
      if (inflight.current?.draft === text) return inflight.current.result
      const result = save({ [setting]: text } as SettingsPatch).then((problem) => {
        if (inflight.current?.draft === text) inflight.current = null
        setError(problem)
        if (problem === null) {
          // Show what was kept (the app trims), unless the person has typed on since.
          const kept = controller.store.get().settings?.[setting]
          if (kept !== undefined) setDraft((current) => (current === text ? kept : current))
        }
        return problem === null
      })
      inflight.current = { draft: text, result }
      return result
    },
    [controller, save, setDraft, setError, setting, value]
  )

  useEffect(() => register(setting, () => commit(draft)), [register, setting, commit, draft])

  const reset = () => {
    if (resetTo === undefined) return
    setDraft(resetTo)
    void commit(resetTo)
  }

  return (
    <div className="settings-row">
      <div className="settings-label-line">
        <label htmlFor={id}>{label}</label>
        <SavedNote shown={isSaved(setting)} />
        {resetTo !== undefined && (
          <button
            className="link-button settings-reset"
            title={`Reset to ${resetTo}`}
            disabled={draft === resetTo && value === resetTo}
            onClick={reset}
          >
            Reset
          </button>
        )}
      </div>
      <DraftInput
        field={field}
        commit={commit}
        id={id}
        className="settings-input mono"
        spellCheck={false}
        autoComplete="off"
        aria-invalid={error !== null}
        aria-describedby={error === null ? hintId : `${errorId} ${hintId}`}
      />
      <FieldMessages errorId={errorId} error={error} hintId={hintId}>
        {hint(draft, error !== null)}
      </FieldMessages>
    </div>
  )
}
