import {
  useCallback,
  useEffect,
  useId,
  useState,
  type CSSProperties,
  type SyntheticEvent
} from 'react'
import { placeName } from '@shared/catalog'
import type { WallpaperResult } from '@shared/api'
import { mediaUrl } from '../api/transport'
import { formatCoordinates, formatCount, rgb } from '../lib/format'
import { useController, useStore } from '../state/context'
import { selectCatalogById, selectShown } from '../state/store'
import { Icon } from './Icon'
import { Modal } from './Modal'
import { NearbyPlaces } from './NearbyPlaces'

const markLoaded = (event: SyntheticEvent<HTMLImageElement>) => {
  event.currentTarget.dataset.state = 'loaded'
}
const markFailed = (event: SyntheticEvent<HTMLImageElement>) => {
  event.currentTarget.dataset.state = 'failed'
}

export function DetailDialog() {
  const id = useStore((s) => s.detailId)
  // Keyed by id: the wallpaper message and busy flags belong to one image.
  return id === null ? null : <DetailView key={id} id={id} />
}

function DetailView({ id }: { id: number }) {
  const controller = useController()
  const byId = useStore(selectCatalogById)
  const shown = useStore(selectShown)
  const record = useStore((s) => s.library.get(id))
  const thumbVersion = useStore((s) => s.thumbVersions.get(id))
  const favorite = useStore((s) => s.favorites.has(id))
  const exporting = useStore((s) => s.exportProgress !== null)
  const entry = record ?? byId.get(id)
  const titleId = useId()
  const [wallpaper, setWallpaper] = useState<WallpaperResult | null>(null)
  const [busy, setBusy] = useState<'wallpaper' | 'download' | null>(null)

  const index = shown.findIndex((item) => item.id === id)
  const previousId = index > 0 ? shown[index - 1]?.id : undefined
  const nextId = index >= 0 ? shown[index + 1]?.id : undefined
  const saved = record !== undefined

  const close = useCallback(() => controller.closeDetail(), [controller])

  // The arrows work wherever the focus is, like Escape (which the modal handles).
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented) return
      if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return
      if (event.target instanceof HTMLInputElement || event.altKey || event.metaKey) return
      const target = event.key === 'ArrowLeft' ? previousId : nextId
      event.preventDefault()
      if (target !== undefined) controller.openDetail(target)
    }
    document.addEventListener('keydown', onKey)
    return () => document.removeEventListener('keydown', onKey)
  }, [controller, previousId, nextId])

  // Warm the neighbours so Previous / Next show the full image at once.
  const library = useStore((s) => s.library)
  useEffect(() => {
    for (const neighbour of [previousId, nextId]) {
      if (neighbour !== undefined && library.has(neighbour)) {
        new Image().src = mediaUrl('image', neighbour)
      }
    }
  }, [previousId, nextId, library])

  if (!entry) return null
  const place = placeName(entry)

  const go = (target: number | undefined) => {
    if (target !== undefined) controller.openDetail(target)
  }

  const setAsWallpaper = async () => {
    setBusy('wallpaper')
    setWallpaper(null)
    const result = await controller.setWallpaper(id, false)
    setBusy(null)
    if (result) setWallpaper(result)
  }

  const download = async () => {
    setBusy('download')
    await controller.exportItems([id])
    setBusy(null)
  }

  return (
    <Modal
      labelledBy={titleId}
      onClose={close}
      className="detail"
      backdropClassName="overlay"
      backdropProps={{ 'data-theme-fixed': 'dark' }}
    >
      <div className="detail-stage" style={{ '--tint': rgb(entry.primaryColor) } as CSSProperties}>
        <div className="detail-frame" data-saved={saved || undefined}>
          {saved ? (
            <>
              <img
                className="detail-preview"
                src={mediaUrl('thumb', id, thumbVersion)}
                alt=""
                decoding="async"
                onError={markFailed}
              />
              <img
                className="detail-image"
                src={mediaUrl('image', id)}
                alt={`Satellite photograph of ${place}`}
                decoding="async"
                onLoad={markLoaded}
                onError={markFailed}
              />
            </>
          ) : (
            <div className="detail-pending">
              <Icon name="image" size={28} />
              <p>Not downloaded yet</p>
              <p className="muted">
                Start a crawl to fetch it, or use Download to save this one now.
              </p>
            </div>
          )}
        </div>
        <button
          className="nav-button previous"
          aria-label="Previous"
          title="Previous (←)"
          disabled={previousId === undefined}
          onClick={() => go(previousId)}
        >
          <Icon name="left" size={26} />
        </button>
        <button
          className="nav-button next"
          aria-label="Next"
          title="Next (→)"
          disabled={nextId === undefined}
          onClick={() => go(nextId)}
        >
          <Icon name="right" size={26} />
        </button>
      </div>

      <aside className="detail-info">
        <div className="detail-head">
          <h2 id={titleId} className="detail-title">
            {place}
          </h2>
          <button className="icon-button" aria-label="Close" title="Close (Esc)" onClick={close}>
            <Icon name="close" size={20} />
          </button>
        </div>
        <dl className="facts">
          <div>
            <dt>Coordinates</dt>
            <dd className="tabular">{formatCoordinates(entry.lat, entry.lng)}</dd>
          </div>
          <div>
            <dt>Image</dt>
            <dd className="tabular">
              #{entry.id}
              {index >= 0 && shown.length > 1 && (
                <span className="muted">
                  {' '}
                  · {formatCount(index + 1)} of {formatCount(shown.length)}
                </span>
              )}
            </dd>
          </div>
          <div>
            <dt>Attribution</dt>
            <dd className="attribution">{entry.attribution || '—'}</dd>
          </div>
        </dl>

        <div className="detail-actions">
          <button
            className="button primary wide"
            aria-disabled={busy === 'wallpaper'}
            onClick={() => void (busy === 'wallpaper' || setAsWallpaper())}
          >
            <Icon name="wallpaper" />
            Set as wallpaper
          </button>
          <button
            className="button wide"
            aria-disabled={busy === 'download' || exporting}
            onClick={() => void (busy === 'download' || exporting || download())}
          >
            <Icon name="download" />
            Download
          </button>
          <button className="button wide" onClick={() => void controller.openInMaps(id)}>
            <Icon name="map" />
            Open in Google Maps
          </button>
          <button
            className="button wide favorite-toggle"
            aria-pressed={favorite}
            onClick={() => void controller.setFavorite(id, !favorite)}
          >
            <Icon name="star" filled={favorite} />
            Favorite
          </button>
        </div>

        <p className="wallpaper-note" role="status" data-status={wallpaper?.status}>
          {busy === 'wallpaper' ? 'Setting the wallpaper…' : (wallpaper?.message ?? '')}
        </p>

        <NearbyPlaces id={id} />
      </aside>
    </Modal>
  )
}
