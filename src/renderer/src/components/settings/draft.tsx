import { useState, type InputHTMLAttributes, type ReactNode } from 'react'
import { Icon } from '../Icon'

/**
 * A field's text while the person edits it. It follows the setting when it changes elsewhere,
 * except while the person is editing or the app has refused their text (which is kept, so
 * nothing typed is lost).
 */
export function useDraft(value: string) {
  const [draft, setDraft] = useState(value)
  const [error, setError] = useState<string | null>(null)
  const [editing, setEditing] = useState(false)
  const [shownValue, setShownValue] = useState(value)

  if (shownValue !== value) {
    setShownValue(value)
    if (!editing && error === null) setDraft(value)
  }

  return { draft, setDraft, error, setError, setEditing }
}

/** A text input bound to a draft, committed when it loses focus or on Enter. */
export function DraftInput({
  field,
  commit,
  ...props
}: Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange'> & {
  field: ReturnType<typeof useDraft>
  commit: (text: string) => Promise<boolean>
}) {
  const { draft, setDraft, setEditing } = field
  return (
    <input
      {...props}
      value={draft}
      onChange={(event) => setDraft(event.currentTarget.value)}
      onFocus={() => setEditing(true)}
      onBlur={() => {
        setEditing(false)
        void commit(draft)
      }}
      onKeyDown={(event) => {
        if (event.key === 'Enter') {
          event.preventDefault()
          void commit(draft)
        }
      }}
    />
  )
}

/** The app's refusal (when there is one) above the field's hint. */
export function FieldMessages({
  errorId,
  error,
  hintId,
  children
}: {
  errorId: string
  error: string | null
  hintId: string
  children: ReactNode
}) {
  return (
    <>
      {error !== null && (
        <p id={errorId} className="settings-error">
          <Icon name="alert" size={15} />
          {error}
        </p>
      )}
      <p id={hintId} className="settings-hint">
        {children}
      </p>
    </>
  )
}
