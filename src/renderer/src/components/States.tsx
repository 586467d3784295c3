import { useMemo, type CSSProperties } from 'react'
import type { CatalogEntry } from '@shared/catalog'
import { findEntries } from '../state/find'
import { formatImages, rgb } from '../lib/format'
import { useController, useStore } from '../state/context'
import { Icon } from './Icon'

/** A strip of the collection's colours, in hue order: a hint of what is to come. */
function colourMosaic(catalog: CatalogEntry[]): CatalogEntry[] {
  const sorted = findEntries(catalog, new Map(), new Set(), {
    query: '',
    favoritesOnly: false,
    savedOnly: false,
    sort: 'colour'
  })
  const count = Math.min(36, sorted.length)
  return Array.from({ length: count }, (_, i) => sorted[Math.floor((i * sorted.length) / count)]!)
}

/** Before anything is saved: what the app does, and one big way to begin. */
export function EmptyState() {
  const controller = useController()
  const total = useStore((s) => s.catalog.length)
  const folder = useStore((s) => s.settings?.libraryFolder ?? '')
  const catalog = useStore((s) => s.catalog)
  const mosaic = useMemo(() => colourMosaic(catalog), [catalog])
  return (
    <div className="empty-state">
      <div className="empty-mosaic" aria-hidden="true">
        {mosaic.map((entry) => (
          <span
            key={entry.id}
            className="swatch"
            style={{ '--tint': rgb(entry.primaryColor) } as CSSProperties}
          />
        ))}
      </div>
      <h2 className="empty-title">The Earth, from above</h2>
      <p className="empty-text">
        Earth View is Google’s collection of {formatImages(total)} of striking landscapes seen from
        space. Start a crawl to save them all to this computer — they appear here as they arrive,
        ready to browse, set as your wallpaper or download.
      </p>
      <button className="button primary large" onClick={() => void controller.startCrawl()}>
        <Icon name="play" size={20} />
        Start crawl
      </button>
      {folder && <p className="empty-note muted">Images are kept in {folder}</p>}
    </div>
  )
}

export function LoadingState() {
  return (
    <div className="loading-state" role="status" aria-label="Loading the gallery">
      <div className="skeleton-grid" aria-hidden="true">
        {Array.from({ length: 18 }, (_, index) => (
          <span key={index} className="skeleton-tile" />
        ))}
      </div>
      <p className="muted">Loading the gallery…</p>
    </div>
  )
}

export function LoadFailedState() {
  const controller = useController()
  const message = useStore((s) => s.loadError)
  const lost = useStore((s) => s.connectionLost)
  return (
    <div className="empty-state" role="alert">
      <span className="state-icon">
        <Icon name="alert" size={28} />
      </span>
      <h2 className="empty-title">
        {lost ? 'Cannot reach Earth View Gallery' : 'The gallery could not be loaded'}
      </h2>
      <p className="empty-text">
        {message}{' '}
        {lost
          ? 'Make sure the app is still running, then reload this page.'
          : 'Try again; if it keeps failing, restart the app.'}
      </p>
      <button
        className="button primary large"
        onClick={() => (lost ? location.reload() : void controller.load())}
      >
        {lost ? 'Reload' : 'Try again'}
      </button>
    </div>
  )
}

/** The bridge went away after loading: everything on screen is stale until a reload. */
export function ConnectionBanner() {
  const lost = useStore((s) => s.connectionLost && s.status === 'ready')
  if (!lost) return null
  return (
    <div className="banner" role="alert">
      <Icon name="alert" />
      <span>
        Lost the connection to Earth View Gallery. Changes cannot be saved until it is back.
      </span>
      <button className="button small" onClick={() => location.reload()}>
        Reload
      </button>
    </div>
  )
}

export function NoMatchesState() {
  const controller = useController()
  const find = useStore((s) => s.find)
  const what = find.query.trim() ? `“${find.query.trim()}”` : 'these filters'
  return (
    <div className="empty-state compact">
      <h2 className="empty-title">No images match {what}</h2>
      <p className="empty-text">
        {find.favoritesOnly
          ? 'Favorites only is on: star images in their detail view to see them here.'
          : 'Try another country or region.'}
      </p>
      <button
        className="button"
        onClick={() => controller.setFind({ query: '', favoritesOnly: false, savedOnly: false })}
      >
        Clear filters
      </button>
    </div>
  )
}
