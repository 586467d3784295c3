/**
 * Everything the page asks of the app, and everything the app tells the page, goes through here:
 * calls become store updates and toasts, events are folded into the store.
 */
import type { ApiEvent, ExportResult, GalleryEvents, WallpaperResult } from '@shared/api'
import { placeName, type CatalogEntry, type LibraryRecord } from '@shared/catalog'
import type { GalleryClient } from '@shared/client'
import type { CrawlSummary } from '@shared/crawl'
import { GalleryError, type GalleryErrorInfo } from '@shared/errors'
import { crawlNotice, rotationNotice, shouldNotifyRotation, type Notice } from '@shared/notices'
import { isRotationFailure, type RotationState } from '@shared/rotation'
import type { Settings, SettingsPatch } from '@shared/settings'
import { unpackCatalog, unpackLibrary } from '@shared/state-columns'
import { formatBytes, formatCount, formatDuration, formatImages } from '../lib/format'
import type { FindOptions } from './find'
import { createStore, type AppState, type Store, type Toast, type ToastKind } from './store'

/** What to do about an error, by its code: the second half of every error toast. */
const ERROR_ADVICE: Record<GalleryErrorInfo['code'], string> = {
  'invalid-argument': 'Check the value and try again.',
  'not-found': 'It may have been moved or deleted; try downloading it again.',
  busy: 'Wait for the current task to finish, then try again.',
  io: 'Check your connection and that the folder is writable, then try again.',
  unsupported: 'This is not available on this system.',
  cancelled: 'It was cancelled before it finished.',
  forbidden: 'That is not allowed.',
  internal: 'Try again; if it keeps happening, restart the app.',
  disconnected: 'Reload the page to reconnect.'
}

const TOAST_MS: Record<ToastKind, number> = {
  info: 5_000,
  success: 6_000,
  warning: 9_000,
  error: 12_000
}

function isErrorInfo(value: unknown): value is GalleryErrorInfo {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as GalleryErrorInfo).message === 'string' &&
    (value as GalleryErrorInfo).code in ERROR_ADVICE
  )
}

function errorInfo(error: unknown): GalleryErrorInfo {
  if (error instanceof GalleryError || isErrorInfo(error)) {
    const { code, message, field } = error
    return field === undefined ? { code, message } : { code, message, field }
  }
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) }
}

/**
 * System notifications for when the window is not focused. In the browser bridge that is the
 * page's own Notification API (./lib/page-notifier.ts); in Electron the main process raises
 * them, so the page has none.
 */
export interface Notifier {
  /** Shows the notice when the page is not focused; false when it did not. */
  notifyIfUnfocused(notice: Notice): boolean
  /** Asks for permission, from a click (browsers ask only then). */
  askPermission(): void
}

function favoritesOf(settings: Settings): ReadonlySet<number> {
  return new Set(settings.favorites)
}

export class GalleryController {
  readonly store: Store
  private nextToastId = 1
  private readonly timers = new Map<number, ReturnType<typeof setTimeout>>()
  private readonly unsubscribers: (() => void)[] = []
  private settingsTimer: ReturnType<typeof setTimeout> | null = null
  private loading: Promise<void> | null = null

  constructor(
    readonly client: GalleryClient,
    store: Store = createStore(),
    private readonly notifier: Notifier | null = null
  ) {
    this.store = store
  }

  /**
   * Subscribes to the app's events and loads the state. Safe to call again (React's StrictMode
   * runs effects twice): it resubscribes after `stop()` and never loads twice at once.
   */
  start(): Promise<void> {
    if (this.unsubscribers.length === 0) {
      this.listen('crawlProgress', (crawl) => this.store.set({ crawl }))
      this.listen('itemsAdded', (records) => this.addItems(records))
      this.listen('itemsRemoved', (ids) => this.removeItems(ids))
      this.listen('thumbnailsReady', (ids) => this.bumpThumbnails(ids))
      this.listen('crawlFinished', (summary) => this.crawlFinished(summary))
      this.listen('settingsChanged', (settings) => this.applySettings(settings))
      this.listen('exportProgress', (progress) =>
        this.store.set({ exportProgress: progress.state === 'running' ? progress : null })
      )
      this.listen('error', (error) => this.showError('Something went wrong', error))
      this.listen('rotationChanged', (rotation) => this.rotationChanged(rotation))
    }
    this.loading ??= this.store.get().status === 'ready' ? Promise.resolve() : this.load()
    return this.loading
  }

  /** Unsubscribes from the app's events (toasts still time out). */
  stop(): void {
    for (const unsubscribe of this.unsubscribers.splice(0)) unsubscribe()
  }

  /** `keepPage`: a page already shown stays (and a dialog on it open) until the new state is in. */
  async load({ keepPage = false }: { keepPage?: boolean } = {}): Promise<void> {
    const status = this.store.get().status
    if (status !== 'loading' && !(keepPage && status === 'ready'))
      this.store.set({ status: 'loading', loadError: null })
    try {
      const state = await this.client.getState()
      const catalog = unpackCatalog(state.catalog).sort((a, b) => a.id - b.id)
      const library = unpackLibrary(
        state.library,
        new Map(catalog.map((entry) => [entry.id, entry]))
      )
      this.store.set({
        status: 'ready',
        catalog,
        library,
        crawl: state.crawl,
        failures: state.failures,
        settings: state.settings,
        favorites: favoritesOf(state.settings),
        dataFolder: state.dataFolder,
        libraryProblem: state.libraryProblem ?? null,
        rotation: state.rotation,
        activeId: this.store.get().activeId ?? catalog[0]?.id ?? null
      })
    } catch (error) {
      const info = errorInfo(error)
      this.store.set({
        status: 'failed',
        loadError: info.message,
        connectionLost: info.code === 'disconnected'
      })
    }
  }

  // --- events ---

  private listen<E extends ApiEvent>(event: E, handle: (payload: GalleryEvents[E]) => void): void {
    this.unsubscribers.push(this.client.on(event, handle))
  }

  /** Set-aside images leave the library: their tiles show as not downloaded. */
  private removeItems(ids: number[]): void {
    if (!ids.some((id) => this.store.get().library.has(id))) return
    this.store.set((state) => {
      const library = new Map(state.library)
      for (const id of ids) library.delete(id)
      return { library }
    })
  }

  private addItems(records: LibraryRecord[]): void {
    if (records.length === 0) return
    this.store.set((state) => {
      const library = new Map(state.library)
      let catalog = state.catalog
      const known = new Set(catalog.map((entry) => entry.id))
      const learnt: CatalogEntry[] = []
      for (const record of records) {
        library.set(record.id, record)
        if (!known.has(record.id)) learnt.push(record)
      }
      if (learnt.length > 0) catalog = [...catalog, ...learnt].sort((a, b) => a.id - b.id)
      return { library, catalog }
    })
  }

  /**
   * Gives each remade thumbnail a new URL. A versioned media URL is cached as immutable, so a
   * version must never repeat, not even after a reload: it comes from the clock, and only goes up.
   */
  private bumpThumbnails(ids: number[]): void {
    if (ids.length === 0) return
    const now = Date.now()
    this.store.set((state) => {
      const thumbVersions = new Map(state.thumbVersions)
      for (const id of ids) thumbVersions.set(id, Math.max(now, (thumbVersions.get(id) ?? 0) + 1))
      return { thumbVersions }
    })
  }

  private crawlFinished(summary: CrawlSummary): void {
    this.store.set({ failures: summary.failed })
    // Worded unlike the toolbar's counts ("5 saved · 13 missing"), so each is found once on screen.
    const parts = [
      `Saved ${formatCount(summary.saved)} new ${summary.saved === 1 ? 'image' : 'images'}`
    ]
    if (summary.skipped > 0) parts.push(`${formatCount(summary.skipped)} already in the library`)
    if (summary.missing > 0) {
      parts.push(
        `${formatCount(summary.missing)} ${summary.missing === 1 ? 'id' : 'ids'} without an image`
      )
    }
    if (summary.failed.length > 0) {
      parts.push(`${formatCount(summary.failed.length)} could not be fetched`)
    }
    const detail = `${parts.join(', ')} (${formatBytes(summary.bytes)} in ${formatDuration(summary.seconds)}).`
    if (summary.cancelled) this.toast('info', 'Crawl cancelled', detail)
    else if (summary.failed.length > 0) {
      this.toast(
        'warning',
        'Crawl finished with failures',
        `${detail} Use “Retry failed” to try again.`
      )
    } else this.toast('success', 'Crawl finished', detail)
    this.notifier?.notifyIfUnfocused(crawlNotice(summary))
  }

  /**
   * A scheduled change that failed is said once: a toast, and a notification when unfocused. A
   * press from elsewhere (the app menu) that failed gets a toast; this page's own presses are
   * said by nextWallpaper.
   */
  private rotationChanged(rotation: RotationState): void {
    const previous = this.store.get().rotation
    this.store.set({ rotation })
    const last = rotation.last
    if (previous === null || !last || last.at === previous.last?.at) return
    if (shouldNotifyRotation(last)) {
      const notice = rotationNotice(last)
      this.toast('warning', notice.title, notice.body)
      this.notifier?.notifyIfUnfocused(notice)
    } else if (
      last.trigger === 'manual' &&
      isRotationFailure(last.status) &&
      !this.store.get().nextWallpaperPending
    ) {
      const notice = rotationNotice(last)
      this.toast('warning', notice.title, notice.body)
    }
  }

  private applySettings(settings: Settings): void {
    const previous = this.store.get().settings
    this.store.set({
      settings,
      favorites:
        previous && previous.favorites === settings.favorites
          ? this.store.get().favorites
          : favoritesOf(settings)
    })
  }

  // --- toasts ---

  toast(kind: ToastKind, title: string, detail?: string, action?: Toast['action']): number {
    const id = this.nextToastId++
    const toast: Toast = { id, kind, title }
    if (detail !== undefined) toast.detail = detail
    if (action !== undefined) toast.action = action
    // At most four on screen: the oldest goes first.
    this.store.set((state) => ({ toasts: [...state.toasts, toast].slice(-4) }))
    this.timers.set(
      id,
      setTimeout(() => this.dismiss(id), TOAST_MS[kind])
    )
    return id
  }

  dismiss(id: number): void {
    clearTimeout(this.timers.get(id))
    this.timers.delete(id)
    this.store.set((state) => ({ toasts: state.toasts.filter((toast) => toast.id !== id) }))
  }

  /** A failed call or an `error` event, said so a person knows what failed and what to do. */
  showError(what: string, error: unknown): void {
    const info = errorInfo(error)
    if (info.code === 'disconnected') {
      this.store.set({ connectionLost: true })
      return
    }
    this.toast('error', what, `${info.message} ${ERROR_ADVICE[info.code]}`.trim())
  }

  private async attempt<T>(what: string, call: () => Promise<T>): Promise<T | undefined> {
    try {
      return await call()
    } catch (error) {
      this.showError(what, error)
      return undefined
    }
  }

  // --- crawl ---

  async startCrawl(retryFailed = false): Promise<void> {
    this.notifier?.askPermission()
    const crawl = await this.attempt(
      retryFailed ? 'Could not retry the failed images' : 'Could not start the crawl',
      () => this.client.startCrawl(retryFailed ? { retryFailed: true } : {})
    )
    if (crawl) this.store.set({ crawl })
  }

  async pauseCrawl(): Promise<void> {
    const crawl = await this.attempt('Could not pause the crawl', () => this.client.pauseCrawl())
    if (crawl) this.store.set({ crawl })
  }

  async resumeCrawl(): Promise<void> {
    const crawl = await this.attempt('Could not resume the crawl', () => this.client.resumeCrawl())
    if (crawl) this.store.set({ crawl })
  }

  async cancelCrawl(): Promise<void> {
    const crawl = await this.attempt('Could not cancel the crawl', () => this.client.cancelCrawl())
    if (crawl) this.store.set({ crawl })
  }

  // --- settings ---

  async updateSettings(patch: SettingsPatch): Promise<void> {
    const settings = await this.attempt('Could not save the settings', () =>
      this.client.updateSettings(patch)
    )
    if (settings) this.applySettings(settings)
  }

  /**
   * Saves a change for a form that shows its problem next to the field rather than in a toast:
   * resolves to null when saved, or to the app's message saying what is wrong. A refused setting
   * comes with its `field`, and the message is said for the place beside that field.
   */
  async saveSettings(patch: SettingsPatch): Promise<string | null> {
    try {
      this.applySettings(await this.client.updateSettings(patch))
      return null
    } catch (error) {
      const info = errorInfo(error)
      if (info.code === 'disconnected') this.store.set({ connectionLost: true })
      return info.message
    }
  }

  /** Applies at once for a smooth slider, saves once the person stops dragging. */
  setThumbnailSize(thumbnailSize: number): void {
    const settings = this.store.get().settings
    if (!settings || settings.thumbnailSize === thumbnailSize) return
    this.store.set({ settings: { ...settings, thumbnailSize } })
    if (this.settingsTimer) clearTimeout(this.settingsTimer)
    this.settingsTimer = setTimeout(() => {
      this.settingsTimer = null
      void this.updateSettings({ thumbnailSize })
    }, 400)
  }

  /** Grid or map: shown at once, remembered in the settings. */
  setView(view: Settings['view']): void {
    const settings = this.store.get().settings
    if (!settings || settings.view === view) return
    this.store.set({ settings: { ...settings, view } })
    void this.updateSettings({ view })
  }

  /** From the detail view: the map, centred on the place, its marker ringed and focused. */
  showOnMap(id: number): void {
    this.setView('map')
    this.store.set({ detailId: null, menu: null, activeId: id, mapFocus: { id } })
  }

  /** The map has centred on the place asked for. */
  mapFocusDone(): void {
    if (this.store.get().mapFocus !== null) this.store.set({ mapFocus: null })
  }

  async setFavorite(id: number, favorite: boolean): Promise<void> {
    const before = this.store.get().favorites
    const favorites = new Set(before)
    if (favorite) favorites.add(id)
    else favorites.delete(id)
    this.store.set({ favorites })
    try {
      this.applySettings(await this.client.setFavorite(id, favorite))
    } catch (error) {
      if (this.store.get().favorites === favorites) this.store.set({ favorites: before })
      this.showError(
        favorite ? 'Could not add the favorite' : 'Could not remove the favorite',
        error
      )
    }
  }

  async chooseDownloadFolder(): Promise<void> {
    const settings = await this.attempt('Could not change the download folder', () =>
      this.client.chooseDownloadFolder()
    )
    if (settings) {
      this.applySettings(settings)
      this.toast('info', 'Download folder changed', settings.downloadFolder)
    }
  }

  /** A library folder that opens replaces the old one, so the whole state is loaded again. */
  async chooseLibraryFolder(): Promise<void> {
    const settings = await this.attempt('Could not use that library folder', () =>
      this.client.chooseLibraryFolder()
    )
    if (!settings) return
    this.applySettings(settings)
    await this.load({ keepPage: true })
    this.toast('info', 'Library folder changed', settings.libraryFolder)
  }

  // --- items ---

  async exportItems(ids: number[]): Promise<ExportResult | undefined> {
    if (ids.length === 0) return undefined
    const folder = this.store.get().settings?.downloadFolder ?? ''
    this.store.set({ exportProgress: { total: ids.length, done: 0, state: 'running', folder } })
    const result = await this.attempt(
      ids.length === 1
        ? 'Could not download the image'
        : `Could not download ${formatImages(ids.length)}`,
      () => this.client.exportItems(ids)
    )
    this.store.set({ exportProgress: null })
    if (!result) return undefined
    const parts = [`${formatImages(result.written.length + result.skipped)} in ${result.folder}`]
    if (result.skipped > 0) {
      parts.push(`${formatCount(result.skipped)} already there, not copied again`)
    }
    if (result.fetched > 0) parts.push(`${formatCount(result.fetched)} fetched first`)
    if (result.failed.length > 0) {
      const first = result.failed[0]!
      parts.push(`${formatCount(result.failed.length)} failed (${first.id}: ${first.reason})`)
    }
    const showFolder = { label: 'Show in folder', run: () => void this.showDownloadFolder() }
    this.toast(
      result.failed.length > 0 ? 'warning' : 'success',
      result.failed.length > 0 ? 'Downloaded with failures' : 'Downloaded',
      parts.join(' · '),
      showFolder
    )
    return result
  }

  /** `announce`: say the outcome in a toast (the detail view shows it in place instead). */
  async setWallpaper(id: number, announce = true): Promise<WallpaperResult | undefined> {
    const result = await this.attempt('Could not set the wallpaper', () =>
      this.client.setWallpaper(id)
    )
    if (result && announce) {
      const kind = result.status === 'applied' ? 'success' : 'warning'
      const title =
        result.status === 'applied'
          ? 'Wallpaper set'
          : result.status === 'unsupported'
            ? 'Wallpaper not supported here'
            : 'Wallpaper not applied'
      this.toast(kind, title, result.message)
    }
    return result
  }

  /** "Next wallpaper": one press, one change; the outcome is said in a toast. */
  async nextWallpaper(): Promise<void> {
    if (this.store.get().nextWallpaperPending) return
    this.notifier?.askPermission()
    this.store.set({ nextWallpaperPending: true })
    const outcome = await this.attempt('Could not change the wallpaper', () =>
      this.client.nextWallpaper()
    )
    this.store.set({ nextWallpaperPending: false })
    if (!outcome) return
    if (outcome.status === 'applied' && outcome.id !== null) {
      this.toast('success', 'Wallpaper changed', `Now showing ${this.describe(outcome.id)}.`)
    } else if (outcome.status === 'empty') {
      this.toast('info', 'No images to choose from', outcome.message)
    } else {
      this.toast('warning', 'Wallpaper not changed', outcome.message)
    }
  }

  /** From a click that turns something on that may notify later (the rotation). */
  askToNotify(): void {
    this.notifier?.askPermission()
  }

  async openInMaps(id: number): Promise<void> {
    await this.attempt('Could not open Google Maps', () => this.client.openInMaps(id))
  }

  async showDownloadFolder(): Promise<void> {
    await this.attempt('Could not show the download folder', () => this.client.showDownloadFolder())
  }

  // --- page state ---

  setFind(patch: Partial<FindOptions>): void {
    this.store.set((state) => ({ find: { ...state.find, ...patch } }))
  }

  openDetail(id: number): void {
    this.store.set({ detailId: id, activeId: id, menu: null })
  }

  closeDetail(): void {
    this.store.set((state) => ({ detailId: null, focusRequest: state.focusRequest + 1 }))
  }

  openMenu(id: number, x: number, y: number): void {
    this.store.set({ menu: { id, x, y }, activeId: id })
  }

  /** `returnFocus` when the menu closed without opening something else. */
  closeMenu(returnFocus = true): void {
    this.store.set((state) => ({
      menu: null,
      focusRequest: returnFocus ? state.focusRequest + 1 : state.focusRequest
    }))
  }

  setSelection(selection: ReadonlySet<number>, anchorId: number | null): void {
    this.store.set({ selection, anchorId })
  }

  setActive(activeId: number): void {
    this.store.set({ activeId })
  }

  entry(id: number): CatalogEntry | undefined {
    const state: AppState = this.store.get()
    return state.library.get(id) ?? state.catalog.find((entry) => entry.id === id)
  }

  describe(id: number): string {
    const entry = this.entry(id)
    return entry ? placeName(entry) : `Image ${id}`
  }
}
