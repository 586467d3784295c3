import { memo, useId } from 'react'
import { formatCount, formatImages } from '../lib/format'
import { useController, useStore } from '../state/context'
import { SORT_LABELS, type SortKey } from '../state/find'
import { selectShown } from '../state/store'
import { Icon } from './Icon'
import { ViewSwitch } from './ViewSwitch'

export const FindBar = memo(function FindBar() {
  const controller = useController()
  const find = useStore((s) => s.find)
  const shown = useStore(selectShown)
  const size = useStore((s) => s.settings?.thumbnailSize ?? 220)
  const map = useStore((s) => s.settings?.view === 'map')
  const selection = useStore((s) => s.selection)
  const exporting = useStore((s) => s.exportProgress !== null)
  const ids = useId()

  return (
    <div className="findbar" role="search" aria-label="Find images">
      <ViewSwitch />
      <label className="search-field">
        <Icon name="search" size={16} />
        <input
          type="search"
          placeholder="Search places"
          aria-label="Search places"
          value={find.query}
          spellCheck={false}
          onChange={(event) => controller.setFind({ query: event.currentTarget.value })}
        />
      </label>

      <div className="segmented" role="radiogroup" aria-label="Show">
        {(
          [
            ['All', false],
            ['Saved', true]
          ] as const
        ).map(([label, savedOnly]) => (
          <label key={label} className="segment">
            <input
              type="radio"
              name={`${ids}-show`}
              checked={find.savedOnly === savedOnly}
              onChange={() => controller.setFind({ savedOnly })}
            />
            <span>{label}</span>
          </label>
        ))}
      </div>

      <button
        className="chip"
        aria-pressed={find.favoritesOnly}
        onClick={() => controller.setFind({ favoritesOnly: !find.favoritesOnly })}
      >
        <Icon name="star" size={15} filled={find.favoritesOnly} />
        Favorites only
      </button>

      <label className="select-field">
        <span className="muted">Sort</span>
        <select
          aria-label="Sort by"
          value={find.sort}
          onChange={(event) => controller.setFind({ sort: event.currentTarget.value as SortKey })}
        >
          {(Object.keys(SORT_LABELS) as SortKey[]).map((key) => (
            <option key={key} value={key}>
              {SORT_LABELS[key]}
            </option>
          ))}
        </select>
      </label>

      <label className="size-field" title="Thumbnail size" hidden={map}>
        <Icon name="image" size={14} />
        <input
          type="range"
          min={120}
          max={480}
          step={10}
          aria-label="Thumbnail size"
          value={size}
          onChange={(event) => controller.setThumbnailSize(Number(event.currentTarget.value))}
        />
        <Icon name="image" size={19} />
      </label>

      <div className="findbar-end">
        <span className="count tabular" aria-live="polite">
          {formatImages(shown.length)}
        </span>
        {selection.size > 0 && (
          <>
            <button
              className="button small primary"
              disabled={exporting}
              onClick={() => void controller.exportItems([...selection])}
            >
              <Icon name="download" />
              Download {formatCount(selection.size)} selected
            </button>
            <button
              className="button small ghost"
              onClick={() => controller.setSelection(new Set(), null)}
            >
              Clear selection
            </button>
          </>
        )}
        <button
          className="button small"
          disabled={exporting || shown.length === 0}
          onClick={() => void controller.exportItems(shown.map((entry) => entry.id))}
        >
          <Icon name="download" />
          Download all shown
        </button>
      </div>
    </div>
  )
})
