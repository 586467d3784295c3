import { useCallback, useEffect, useId, useMemo, useRef, useState, type RefObject } from 'react'
import type { Settings } from '@shared/settings'
import { useController, useStore } from '../../state/context'
import { Icon } from '../Icon'
import { Modal } from '../Modal'
import { SettingsFormContext, type Flush, type Save, type SettingsForm } from './form'
import { SETTINGS_SECTIONS } from './sections'
import '../../styles/settings.css'

/** How long a field's "Saved" note stays. */
const SAVED_MS = 1_800

/**
 * The app's preferences, in a modal over the page. `opener` is the button that opened it: the
 * page behind is inert while it is open, and the focus goes back to the opener when it closes.
 */
export function SettingsDialog({
  opener,
  onClose
}: {
  opener: RefObject<HTMLElement | null>
  onClose: () => void
}) {
  const settings = useStore((s) => s.settings)
  if (!settings) return null
  return <SettingsView settings={settings} opener={opener} onClose={onClose} />
}

function SettingsView({
  settings,
  opener,
  onClose
}: {
  settings: Settings
  opener: RefObject<HTMLElement | null>
  onClose: () => void
}) {
  const controller = useController()
  const titleId = useId()
  const bodyRef = useRef<HTMLDivElement>(null)
  const flushers = useRef(new Map<string, Flush>())
  const closing = useRef(false)
  const [saved, setSaved] = useState<{ key: string; at: number } | null>(null)

  useEffect(() => {
    if (saved === null) return
    const timer = setTimeout(() => setSaved(null), SAVED_MS)
    return () => clearTimeout(timer)
  }, [saved])

  const save = useCallback<Save>(
    async (patch) => {
      const problem = await controller.saveSettings(patch)
      if (problem === null) setSaved({ key: Object.keys(patch)[0] ?? '', at: Date.now() })
      return problem
    },
    [controller]
  )

  const saveOrSay = useCallback<Save>(
    async (patch) => {
      const problem = await save(patch)
      if (problem !== null) controller.toast('error', 'Could not save the setting', problem)
      return problem
    },
    [controller, save]
  )

  const register = useCallback<SettingsForm['register']>((key, flush) => {
    flushers.current.set(key, flush)
    return () => {
      if (flushers.current.get(key) === flush) flushers.current.delete(key)
    }
  }, [])

  const form = useMemo<SettingsForm>(
    () => ({ settings, save, saveOrSay, register, isSaved: (key) => saved?.key === key }),
    [settings, save, saveOrSay, register, saved]
  )

  // Closing saves what the fields still hold first; a refused value keeps the dialog open.
  const close = useCallback(async () => {
    if (closing.current) return
    closing.current = true
    const results = await Promise.all([...flushers.current.values()].map((flush) => flush()))
    closing.current = false
    if (results.every(Boolean)) onClose()
    else bodyRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus()
  }, [onClose])
  const askToClose = useCallback(() => void close(), [close])

  return (
    <Modal
      labelledBy={titleId}
      onClose={askToClose}
      className="settings"
      backdropClassName="settings-backdrop"
      closeOnBackdrop
      returnFocus={opener}
    >
      <header className="settings-head">
        <h2 id={titleId}>Settings</h2>
        <button className="icon-button" aria-label="Close" title="Close (Esc)" onClick={askToClose}>
          <Icon name="close" size={20} />
        </button>
      </header>

      <div ref={bodyRef} className="settings-body">
        <SettingsFormContext.Provider value={form}>
          {SETTINGS_SECTIONS.map((Section, index) => (
            <Section key={index} />
          ))}
        </SettingsFormContext.Provider>
      </div>
    </Modal>
  )
}
