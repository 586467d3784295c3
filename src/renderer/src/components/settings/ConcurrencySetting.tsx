import { useCallback, useEffect, useId, useRef } from 'react'
import { MAX_CONCURRENCY, MIN_CONCURRENCY } from '@shared/defaults'
import { DraftInput, FieldMessages, useDraft } from './draft'
import { useSettingsForm } from './form'
import { SavedNote } from './layout'

/** A dragged slider settles before its value is sent (each send retunes a running crawl). */
const SLIDER_SETTLE_MS = 250

function clampConcurrency(value: number): number {
  return Math.min(MAX_CONCURRENCY, Math.max(MIN_CONCURRENCY, Math.round(value)))
}

/** A slider with a number beside it; both send the new value, which a running crawl takes at once. */
export function ConcurrencySetting() {
  const { settings, save, register, isSaved } = useSettingsForm()
  const value = settings.concurrency
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
      setError(problem)
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
        <SavedNote shown={isSaved('concurrency')} />
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
