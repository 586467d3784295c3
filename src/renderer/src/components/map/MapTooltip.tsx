import type { CSSProperties } from 'react'
import { placeName, type CatalogEntry } from '@shared/catalog'
import { mediaUrl } from '../../api/transport'
import { rgb } from '../../lib/format'
import { markFailed, markLoaded } from '../../lib/imageState'
import { useStore } from '../../state/context'

export interface TooltipTarget {
  id: number
  /** The marker's centre, in px from the map's top left. */
  x: number
  y: number
}

const WIDTH = 212
/** About the card's height (3:2 picture, two lines of text): room needed above the marker. */
const HEIGHT = 190
const GAP = 12
const MARGIN = 8

/**
 * The hovered or focused marker's place and thumbnail, above it (below when there is no room),
 * kept inside the map. Says what the marker's accessible name says, so it is hidden from
 * assistive technology.
 */
export function MapTooltip({
  target,
  entry,
  bounds
}: {
  target: TooltipTarget
  entry: CatalogEntry
  bounds: { width: number; height: number }
}) {
  const saved = useStore((s) => s.library.has(entry.id))
  const thumbVersion = useStore((s) => s.thumbVersions.get(entry.id))
  const below = target.y - GAP - HEIGHT < MARGIN
  const left = Math.max(MARGIN, Math.min(bounds.width - WIDTH - MARGIN, target.x - WIDTH / 2))
  // Above, it hangs from its bottom edge: a long name that wraps grows it upwards.
  const style = {
    left,
    top: below ? target.y + GAP : undefined,
    bottom: below ? undefined : bounds.height - target.y + GAP,
    width: WIDTH,
    '--tint': rgb(entry.primaryColor)
  } as CSSProperties
  return (
    <div className="map-tooltip" data-below={below || undefined} style={style} aria-hidden="true">
      <div className="map-tooltip-picture">
        {saved && (
          <img
            key={`${entry.id}:${thumbVersion ?? 0}`}
            src={mediaUrl('thumb', entry.id, thumbVersion)}
            alt=""
            decoding="async"
            onLoad={markLoaded}
            onError={markFailed}
          />
        )}
      </div>
      <div className="map-tooltip-text">
        <span className="map-tooltip-place">{placeName(entry)}</span>
        <span className="map-tooltip-meta tabular">
          #{entry.id}
          {saved ? '' : ' · not downloaded yet'}
        </span>
      </div>
    </div>
  )
}
