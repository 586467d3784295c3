import { EventEmitter } from 'node:events'
import type { ApiEvent, GalleryEvents } from '@shared/api'

type Listener<E extends ApiEvent> = (payload: GalleryEvents[E]) => void

/** How often queued events are flushed to the page: ≤ 8 flushes a second, ≤ 2 messages each. */
export const FLUSH_INTERVAL_MS = 125

/**
 * The service's events on their way to the page. Progress is coalesced (only the newest
 * snapshot is sent), saved items and remade thumbnails are batched, so a crawl saving 200 images
 * a second still costs the page a handful of messages a second.
 */
export class EventHub {
  // One listener per event for each page connected: the bridge allows 16 at once.
  private readonly emitter = new EventEmitter().setMaxListeners(32)
  private timer: NodeJS.Timeout | null = null
  private progress: (() => GalleryEvents['crawlProgress']) | null = null
  private lastProgressJson = ''
  private added: GalleryEvents['itemsAdded'] = []
  private thumbnails = new Set<number>()
  private exportProgress: GalleryEvents['exportProgress'] | null = null
  /** When saved items were last sent, and whether a send of the first ones is on its way. */
  private itemsSentAt = -Infinity
  private itemsSoon: NodeJS.Immediate | null = null

  on<E extends ApiEvent>(event: E, listener: Listener<E>): () => void {
    this.emitter.on(event, listener)
    return () => this.emitter.off(event, listener)
  }

  /** Sends now: for rare events (settings, errors, a finished crawl). */
  emit<E extends ApiEvent>(event: E, payload: GalleryEvents[E]): void {
    this.emitter.emit(event, payload)
  }

  /** While a crawl runs, its progress is sampled at every flush. */
  trackProgress(snapshot: (() => GalleryEvents['crawlProgress']) | null): void {
    this.progress = snapshot
    if (snapshot) this.schedule()
  }

  /**
   * Items go out with the next flush, except the first after a quiet spell: it goes at once
   * (with whatever else is saved in the same turn), so the first tile of a crawl fills without
   * waiting up to a whole interval. Still at most one item message per interval on average.
   */
  queueItem(item: GalleryEvents['itemsAdded'][number]): void {
    this.added.push(item)
    if (this.itemsSoon === null && performance.now() - this.itemsSentAt >= FLUSH_INTERVAL_MS) {
      this.itemsSoon = setImmediate(() => {
        this.itemsSoon = null
        this.sendItems()
      })
    }
    this.schedule()
  }

  /** A remade thumbnail: the page reloads it (ids are de-duplicated within a flush). */
  queueThumbnail(id: number): void {
    this.thumbnails.add(id)
    this.schedule()
  }

  queueExportProgress(progress: GalleryEvents['exportProgress']): void {
    this.exportProgress = progress
    this.schedule()
  }

  /** Sends whatever is queued right away (at the end of a crawl, before its summary). */
  flush(): void {
    if (this.progress) {
      const progress = this.progress()
      const json = JSON.stringify(progress)
      if (json !== this.lastProgressJson) {
        this.lastProgressJson = json
        this.emit('crawlProgress', progress)
      }
    }
    this.sendItems()
    if (this.thumbnails.size > 0) {
      const ids = [...this.thumbnails].sort((a, b) => a - b)
      this.thumbnails = new Set()
      this.emit('thumbnailsReady', ids)
    }
    if (this.exportProgress) {
      const progress = this.exportProgress
      this.exportProgress = null
      this.emit('exportProgress', progress)
    }
  }

  close(): void {
    if (this.timer) clearInterval(this.timer)
    if (this.itemsSoon) clearImmediate(this.itemsSoon)
    this.timer = null
    this.itemsSoon = null
    this.emitter.removeAllListeners()
  }

  private sendItems(): void {
    if (this.added.length === 0) return
    const batch = this.added
    this.added = []
    this.itemsSentAt = performance.now()
    this.emit('itemsAdded', batch)
  }

  private schedule(): void {
    if (this.timer) return
    this.timer = setInterval(() => {
      this.flush()
      if (
        !this.progress &&
        this.added.length === 0 &&
        this.thumbnails.size === 0 &&
        !this.exportProgress
      ) {
        clearInterval(this.timer!)
        this.timer = null
      }
    }, FLUSH_INTERVAL_MS)
    this.timer.unref()
  }
}
