import { memo, useState, type CSSProperties, type SyntheticEvent } from 'react'
import { itemLabel, placeName, type CatalogEntry } from '@shared/catalog'
import { mediaUrl } from '../api/transport'
import { rgb } from '../lib/format'
import { Icon } from './Icon'

export const SELECTED_DESCRIPTION_ID = 'tile-selected'
export const FAVORITE_DESCRIPTION_ID = 'tile-favorite'
export const PENDING_DESCRIPTION_ID = 'tile-pending'

// Set on the element rather than through state: a thumbnail load must not re-render the grid.
const markLoaded = (event: SyntheticEvent<HTMLImageElement>) => {
  event.currentTarget.dataset.state = 'loaded'
}
const markFailed = (event: SyntheticEvent<HTMLImageElement>) => {
  event.currentTarget.dataset.state = 'failed'
}

export interface GridTileProps {
  entry: CatalogEntry
  index: number
  setSize: number
  saved: boolean
  thumbVersion: number | undefined
  favorite: boolean
  selected: boolean
  tabbable: boolean
  /** Scrolling too fast for this tile's thumbnail to be worth loading yet. */
  deferImage: boolean
}

/** One photograph in the grid. Events are handled once, on the grid, by `data-id`. */
export const GridTile = memo(function GridTile({
  entry,
  index,
  setSize,
  saved,
  thumbVersion,
  favorite,
  selected,
  tabbable,
  deferImage
}: GridTileProps) {
  // Once a thumbnail is shown it stays, even if a fast scroll starts.
  const [imageAllowed, setImageAllowed] = useState(!deferImage)
  if (!deferImage && !imageAllowed) setImageAllowed(true)
  const described = [
    selected && SELECTED_DESCRIPTION_ID,
    favorite && FAVORITE_DESCRIPTION_ID,
    !saved && PENDING_DESCRIPTION_ID
  ].filter(Boolean)
  return (
    <div role="listitem" className="tile-cell" aria-setsize={setSize} aria-posinset={index + 1}>
      <button
        type="button"
        className="tile"
        data-id={entry.id}
        data-index={index}
        data-saved={saved || undefined}
        data-selected={selected || undefined}
        tabIndex={tabbable ? 0 : -1}
        aria-label={itemLabel(entry)}
        aria-describedby={described.length > 0 ? described.join(' ') : undefined}
        style={{ '--tint': rgb(entry.primaryColor) } as CSSProperties}
      >
        {/* Not loading="lazy": the grid only renders rows on or near the screen, and a lazy image
            waits for a layout and an intersection check first (150 ms and more after Start while
            the page is busy, measured). */}
        {saved && imageAllowed && (
          <img
            key={entry.id}
            className="tile-image"
            src={mediaUrl('thumb', entry.id, thumbVersion)}
            alt=""
            decoding="async"
            draggable={false}
            onLoad={markLoaded}
            onError={markFailed}
          />
        )}
        <span className="tile-caption" aria-hidden="true">
          <span className="tile-place">{placeName(entry)}</span>
          <span className="tile-id tabular">{entry.id}</span>
        </span>
        {favorite && (
          <span className="tile-badge tile-favorite" aria-hidden="true">
            <Icon name="star" filled size={14} />
          </span>
        )}
        {selected && (
          <span className="tile-badge tile-check" aria-hidden="true">
            <Icon name="check" size={14} />
          </span>
        )}
      </button>
    </div>
  )
})
