import { useId, useMemo, type CSSProperties } from 'react'
import { placeName } from '@shared/catalog'
import { mediaUrl } from '../api/transport'
import { formatDistance, rgb } from '../lib/format'
import { markFailed, markLoaded } from '../lib/imageState'
import { nearestPlaces } from '../lib/nearest'
import { useController, useStore } from '../state/context'
import { selectCatalogById } from '../state/store'
import { Icon } from './Icon'

const NEARBY_COUNT = 5

/**
 * The detail view's geography: "Show on map", and the five nearest other places of the whole
 * collection (whatever the find bar shows) as a strip of small thumbnails with their distance,
 * each opening its own detail; the name is the button's (and the pointer's tooltip).
 */
export function NearbyPlaces({ id }: { id: number }) {
  const controller = useController()
  const catalog = useStore((s) => s.catalog)
  const byId = useStore(selectCatalogById)
  const library = useStore((s) => s.library)
  const thumbVersions = useStore((s) => s.thumbVersions)
  const entry = library.get(id) ?? byId.get(id)
  const nearby = useMemo(
    () => (entry ? nearestPlaces(entry, catalog, NEARBY_COUNT) : []),
    [entry, catalog]
  )
  const headingId = useId()
  if (!entry) return null
  return (
    <section className="detail-geo" aria-labelledby={headingId}>
      <button className="button wide" onClick={() => controller.showOnMap(id)}>
        <Icon name="globe" />
        Show on map
      </button>
      <h3 id={headingId} className="nearby-heading">
        Nearby
      </h3>
      <ul className="nearby-list" aria-labelledby={headingId}>
        {nearby.map(({ entry: place, km }) => {
          const label = `${placeName(place)}, ${formatDistance(km)}`
          return (
            <li key={place.id}>
              <button
                className="nearby-item"
                aria-label={label}
                title={label}
                onClick={() => controller.openDetail(place.id)}
              >
                <span
                  className="nearby-thumb"
                  style={{ '--tint': rgb(place.primaryColor) } as CSSProperties}
                >
                  {library.has(place.id) && (
                    <img
                      src={mediaUrl('thumb', place.id, thumbVersions.get(place.id))}
                      alt=""
                      decoding="async"
                      onLoad={markLoaded}
                      onError={markFailed}
                    />
                  )}
                </span>
                <span className="nearby-distance tabular">{formatDistance(km)}</span>
              </button>
            </li>
          )
        })}
      </ul>
    </section>
  )
}
