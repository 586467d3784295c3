import { fileNameFor } from '@shared/file-name'
import type { CatalogEntry } from '@shared/catalog'
import {
  useCallback,
  useEffect,
  useId,
  useRef,
  useState,
  type InputHTMLAttributes,
  type KeyboardEvent,
  type ReactNode,
  type RefObject
} from 'react'
import { createPortal } from 'react-dom'
import {
  MAX_CONCURRENCY,
  MIN_CONCURRENCY,
  type Settings,
  type SettingsPatch
} from '@shared/settings'
import { DEFAULT_SOURCE } from '@shared/source'
import { trapTab } from '../hooks/useFocusTrap'
import { useController, useStore } from '../state/context'
import { Icon } from './Icon'
import { WallpaperSection } from './settings/WallpaperSection'
import '../styles/settings.css'

type TextKey = 'filenameTemplate' | 'idPlan' | 'sourceUrl'
/** Resolves to null when saved, or to the app's message saying what is wrong. */
type Save = (patch: SettingsPatch) => Promise<string | null>
/** Saves what a field still holds; resolves to false when the app refused it. */
type Flush = () => Promise<boolean>
type Register = (key: string, flush: Flush) => () => void

const THEMES: { value: Settings['theme']; label: string }[] = [
  { value: 'system', label: 'System' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' }
]

const PLACEHOLDERS: { name: string; meaning: string }[] = [
  { name: '{id}', meaning: 'image number' },
  { name: '{country}', meaning: 'country' },
  { name: '{region}', meaning: 'region' },
  { name: '{lat}', meaning: 'latitude' },
  { name: '{lng}', meaning: 'longitude' }
]

/** The image the file name preview is worked out for. */
const SAMPLE: CatalogEntry = {
  id: 1004,
  country: 'Chile',
  region: 'Tamarugal',
  lat: -19.140249,
  lng: -68.683995,
  attribution: '',
  primaryColor: [206, 149, 48],
  hue: 38
}
const SAVED_MS = 1_800
/** A dragged slider settles before its value is sent (each send retunes a running crawl). */
const SLIDER_SETTLE_MS = 250

/** The name a download of the sample image gets: the same function names real downloads. */
export function previewFileName(template: string): string {
  return fileNameFor(template, SAMPLE)
}

/**
 * The app's message without the part that says which setting it is about, which the field
 * already shows: "Invalid setting — filenameTemplate: the … must contain {id}." becomes "The …
 * must contain {id}." Messages about anything else are left whole.
 */
export function problemForField(message: string, setting: string): string {
  const prefix = /^Invalid (?:setting — |input for \w+ \(argument \d+\.)(\w+)\)?: /.exec(message)
  if (!prefix || prefix[1] !== setting) return message
  const rest = message.slice(prefix[0].length)
  return rest.charAt(0).toUpperCase() + rest.slice(1)
}

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
  return createPortal(
    <SettingsView settings={settings} opener={opener} onClose={onClose} />,
    document.body
  )
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
  const dataFolder = useStore((s) => s.dataFolder)
  const titleId = useId()
  const dialogRef = useRef<HTMLDivElement>(null)
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

  // For switches: nothing is typed that could be kept, so a refusal is said in a toast.
  const saveOrSay = useCallback<Save>(
    async (patch) => {
      const problem = await save(patch)
      if (problem !== null) controller.toast('error', 'Could not save the setting', problem)
      return problem
    },
    [controller, save]
  )

  const register = useCallback<Register>((key, flush) => {
    flushers.current.set(key, flush)
    return () => {
      if (flushers.current.get(key) === flush) flushers.current.delete(key)
    }
  }, [])

  // Closing saves what the fields still hold first; a refused value keeps the dialog open.
  const close = useCallback(async () => {
    if (closing.current) return
    closing.current = true
    const results = await Promise.all([...flushers.current.values()].map((flush) => flush()))
    closing.current = false
    if (results.every(Boolean)) onClose()
    else dialogRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus()
  }, [onClose])

  useEffect(() => {
    const returnTo = opener.current
    const background = returnTo?.closest<HTMLElement>('.app') ?? null
    background?.setAttribute('inert', '')
    background?.setAttribute('aria-hidden', 'true')
    dialogRef.current?.focus()
    return () => {
      background?.removeAttribute('inert')
      background?.removeAttribute('aria-hidden')
      returnTo?.focus()
    }
  }, [opener])

  // Escape works wherever the focus is (a click on the backdrop leaves it on the body).
  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented) return
      event.preventDefault()
      void close()
    }
    document.addEventListener('keydown', onKey)
    return () => document.removeEventListener('keydown', onKey)
  }, [close])

  const isSaved = (key: keyof Settings) => saved?.key === key

  return (
    <div
      className="settings-backdrop"
      onMouseDown={(event) => {
        if (event.target === event.currentTarget) void close()
      }}
    >
      <div
        ref={dialogRef}
        className="settings"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        tabIndex={-1}
        onKeyDown={(event: KeyboardEvent<HTMLDivElement>) => void trapTab(event)}
      >
        <header className="settings-head">
          <h2 id={titleId}>Settings</h2>
          <button
            className="icon-button"
            aria-label="Close"
            title="Close (Esc)"
            onClick={() => void close()}
          >
            <Icon name="close" size={20} />
          </button>
        </header>

        <div className="settings-body">
          <Section title="Wallpaper">
            <WallpaperSection
              settings={settings}
              save={saveOrSay}
              savedNote={(key) => <SavedNote shown={isSaved(key)} />}
            />
          </Section>

          <Section title="Downloads">
            <Row label="Download folder" saved={isSaved('downloadFolder')}>
              {(id) => (
                <div className="settings-inline">
                  <input
                    id={id}
                    className="settings-input mono"
                    value={settings.downloadFolder}
                    readOnly
                    title={settings.downloadFolder}
                  />
                  <button className="button" onClick={() => void controller.chooseDownloadFolder()}>
                    <Icon name="folder" size={16} />
                    Choose download folder
                  </button>
                </div>
              )}
            </Row>

            <TextSetting
              setting="filenameTemplate"
              label="File name"
              value={settings.filenameTemplate}
              save={save}
              register={register}
              saved={isSaved('filenameTemplate')}
              hint={(draft, invalid) => (
                <>
                  <span className="settings-preview">
                    Example: <output>{previewFileName(draft)}</output>
                  </span>
                  <span className="settings-placeholders">
                    {PLACEHOLDERS.map((placeholder) => (
                      <code key={placeholder.name} title={placeholder.meaning}>
                        {placeholder.name}
                      </code>
                    ))}
                    {!invalid && <span>The name must contain {'{id}'}.</span>}
                  </span>
                </>
              )}
            />

            <WriteExifSetting
              value={settings.writeExif}
              save={saveOrSay}
              saved={isSaved('writeExif')}
            />
          </Section>

          <Section title="Crawling">
            <TextSetting
              setting="idPlan"
              label="Images to crawl"
              value={settings.idPlan}
              save={save}
              register={register}
              saved={isSaved('idPlan')}
              hint={() => (
                <>
                  <code>known</code> crawls every known image; or list ids and ranges, e.g.{' '}
                  <code>1000-2999, 5003</code>. Used from the next crawl on.
                </>
              )}
            />

            <ConcurrencySetting
              value={settings.concurrency}
              save={save}
              register={register}
              saved={isSaved('concurrency')}
            />

            <TextSetting
              setting="sourceUrl"
              label="Source"
              value={settings.sourceUrl}
              save={save}
              register={register}
              saved={isSaved('sourceUrl')}
              resetTo={DEFAULT_SOURCE}
              hint={() => (
                <>
                  Where each image’s details come from: an http(s) address with{' '}
                  <code>{'{id}'}</code> in it.
                </>
              )}
            />
          </Section>

          <Section title="Appearance">
            <ThemeSetting value={settings.theme} save={saveOrSay} saved={isSaved('theme')} />
          </Section>

          <Section title="Library">
            <Row label="Images are kept in">
              {(id) => (
                <input
                  id={id}
                  className="settings-input mono"
                  value={settings.libraryFolder}
                  readOnly
                  title={settings.libraryFolder}
                />
              )}
            </Row>
            <Row label="App data folder">
              {(id) => (
                <input
                  id={id}
                  className="settings-input mono"
                  value={dataFolder}
                  readOnly
                  title={dataFolder}
                />
              )}
            </Row>
          </Section>
        </div>
      </div>
    </div>
  )
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  const id = useId()
  return (
    <section className="settings-section" aria-labelledby={id}>
      <h3 id={id}>{title}</h3>
      <div className="settings-card">{children}</div>
    </section>
  )
}

function SavedNote({ shown }: { shown: boolean }) {
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
function Row({
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

/**
 * A field's text while the person edits it. It follows the setting when it changes elsewhere,
 * except while the person is editing or the app has refused their text (which is kept, so
 * nothing typed is lost).
 */
function useDraft(value: string) {
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
function DraftInput({
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
function FieldMessages({
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

/**
 * A text setting checked by the app when the person commits it (leaves the field or presses
 * Enter). A refused value stays in the field with the app's message under it, so nothing typed
 * is lost; a change from elsewhere replaces the text only while the field is not being edited.
 */
function TextSetting({
  setting,
  label,
  value,
  save,
  register,
  saved,
  hint,
  resetTo
}: {
  setting: TextKey
  label: string
  value: string
  save: Save
  register: Register
  saved: boolean
  /** `invalid`: the app's message is showing, so the hint need not say the same. */
  hint: (draft: string, invalid: boolean) => ReactNode
  resetTo?: string
}) {
  const controller = useController()
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
        setError(problem === null ? null : problemForField(problem, setting))
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
        <SavedNote shown={saved} />
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

function clampConcurrency(value: number): number {
  return Math.min(MAX_CONCURRENCY, Math.max(MIN_CONCURRENCY, Math.round(value)))
}

/** A slider with a number beside it; both send the new value, which a running crawl takes at once. */
function ConcurrencySetting({
  value,
  save,
  register,
  saved
}: {
  value: number
  save: Save
  register: Register
  saved: boolean
}) {
  const id = useId()
  const labelId = `${id}-label`
  const hintId = `${id}-hint`
  const errorId = `${id}-error`
  const field = useDraft(String(value))
  const { draft, setDraft, error, setError } = field
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null)

  const commit = useCallback(
    async (text: string): Promise<boolean> => {
      if (timer.current) clearTimeout(timer.current)
      timer.current = null
      const concurrency = Number(text)
      if (concurrency === value) {
        setError(null)
        return true
      }
      const problem = await save({ concurrency })
      setError(problem === null ? null : problemForField(problem, 'concurrency'))
      return problem === null
    },
    [save, setError, value]
  )

  useEffect(() => register('concurrency', () => commit(draft)), [register, commit, draft])
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current)
    },
    []
  )

  const slide = (text: string) => {
    setDraft(text)
    if (timer.current) clearTimeout(timer.current)
    timer.current = setTimeout(() => void commit(text), SLIDER_SETTLE_MS)
  }

  const number = Number(draft)
  const sliderValue = Number.isFinite(number) && draft !== '' ? clampConcurrency(number) : value
  const describedBy = error === null ? hintId : `${errorId} ${hintId}`

  return (
    <div className="settings-row">
      <div className="settings-label-line">
        <span id={labelId} className="settings-label">
          Requests at once
        </span>
        <SavedNote shown={saved} />
      </div>
      <div className="settings-inline">
        <input
          type="range"
          className="settings-slider"
          min={MIN_CONCURRENCY}
          max={MAX_CONCURRENCY}
          step={1}
          value={sliderValue}
          aria-labelledby={labelId}
          aria-describedby={describedBy}
          onChange={(event) => slide(event.currentTarget.value)}
        />
        <DraftInput
          field={field}
          commit={commit}
          id={id}
          type="number"
          className="settings-input settings-number tabular"
          min={MIN_CONCURRENCY}
          max={MAX_CONCURRENCY}
          step={1}
          aria-labelledby={labelId}
          aria-invalid={error !== null}
          aria-describedby={describedBy}
        />
      </div>
      <FieldMessages errorId={errorId} error={error} hintId={hintId}>
        How many images are fetched at the same time ({MIN_CONCURRENCY}–{MAX_CONCURRENCY}). A
        running crawl changes pace at once.
      </FieldMessages>
    </div>
  )
}

/** Shows the new state at once and goes back if the app refuses it. */
function usePendingValue<T>(value: T): [T, (next: T, saving: Promise<unknown>) => void] {
  const [pending, setPending] = useState<{ value: T } | null>(null)
  const set = (next: T, saving: Promise<unknown>) => {
    setPending({ value: next })
    void saving.finally(() => setPending(null))
  }
  return [pending ? pending.value : value, set]
}

function WriteExifSetting({ value, save, saved }: { value: boolean; save: Save; saved: boolean }) {
  const id = useId()
  const [checked, setChecked] = usePendingValue(value)
  return (
    <div className="settings-row settings-check-row">
      <input
        id={id}
        type="checkbox"
        checked={checked}
        aria-describedby={`${id}-hint`}
        onChange={(event) => {
          const writeExif = event.currentTarget.checked
          setChecked(writeExif, save({ writeExif }))
        }}
      />
      <div>
        <div className="settings-label-line">
          <label htmlFor={id}>Write place and coordinates into downloaded photos (EXIF)</label>
          <SavedNote shown={saved} />
        </div>
        <p id={`${id}-hint`} className="settings-hint">
          Photo apps can then show where each picture was taken.
        </p>
      </div>
    </div>
  )
}

function ThemeSetting({
  value,
  save,
  saved
}: {
  value: Settings['theme']
  save: Save
  saved: boolean
}) {
  const id = useId()
  const [theme, setTheme] = usePendingValue(value)
  return (
    <div className="settings-row settings-theme-row">
      <div className="settings-label-line">
        <span id={id} className="settings-label">
          Theme
        </span>
        <SavedNote shown={saved} />
      </div>
      <div className="segmented" role="radiogroup" aria-labelledby={id}>
        {THEMES.map((option) => (
          <label key={option.value} className="segment">
            <input
              type="radio"
              name={`${id}-theme`}
              checked={theme === option.value}
              onChange={() => setTheme(option.value, save({ theme: option.value }))}
            />
            <span>{option.label}</span>
          </label>
        ))}
      </div>
    </div>
  )
}
