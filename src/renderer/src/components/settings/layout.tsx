import { useId, type ReactNode } from 'react'
import { Icon } from '../Icon'

/** One titled card of the Settings dialog. */
export function Section({ title, children }: { title: string; children: ReactNode }) {
  const id = useId()
  return (
    <section className="settings-section" aria-labelledby={id}>
      <h3 id={id}>{title}</h3>
      <div className="settings-card">{children}</div>
    </section>
  )
}

export function SavedNote({ shown }: { shown: boolean }) {
  return (
    <span className="settings-saved" aria-live="polite" data-shown={shown || undefined}>
      {shown && (
        <>
          <Icon name="check" size={14} />
          Saved
        </>
      )}
    </span>
  )
}

/** A labelled row: the label, an optional action and "Saved" on one line, the control below. */
export function Row({
  label,
  saved = false,
  action,
  children
}: {
  label: string
  saved?: boolean
  action?: ReactNode
  children: (id: string) => ReactNode
}) {
  const id = useId()
  return (
    <div className="settings-row">
      <div className="settings-label-line">
        <label htmlFor={id}>{label}</label>
        <SavedNote shown={saved} />
        {action}
      </div>
      {children(id)}
    </div>
  )
}

/** A folder shown in full, read-only. */
export function FolderInput({ id, folder }: { id: string; folder: string }) {
  return <input id={id} className="settings-input mono" value={folder} readOnly title={folder} />
}
