import { mkdir } from 'node:fs/promises'
import { join, relative, isAbsolute } from 'node:path'
import type {
  ApiEvent,
  ExportResult,
  GalleryApi,
  GalleryEvents,
  GalleryState,
  StartCrawlRequest,
  WallpaperResult
} from '@shared/api'
import { googleMapsUrl } from '@shared/catalog'
import { idleProgress, type CrawlFailure, type CrawlProgress } from '@shared/crawl'
import { GalleryError, toErrorInfo, type GalleryErrorInfo } from '@shared/errors'
import { IdSpecError, parseIdSpec, type IdPlan } from '@shared/ids'
import type { RotationOutcome, WallpaperSource } from '@shared/rotation'
import { defaultSettings, type Settings, type SettingsPatch } from '@shared/settings'
import { packLibrary } from '@shared/state-columns'
import { Catalog } from '../catalog/catalog'
import { startCrawl, type Crawl, type FirstWave } from '../crawler'
import { UnreachableSourceGuard } from '../crawler/unreachable-source'
import { exportImages } from '../export'
import { checkExportFolder } from '../export/export-folder'
import { DOWNLOADS_FILE, DownloadLedger } from '../export/download-ledger'
import type { ImageEngine, ImagingUnavailableError } from '../imaging'
import { Library, LibraryFolderError } from '../library'
import { defaultEarthViewFolder } from '../paths/pictures'
import { describeFsError } from '../paths/writable-folder'
import { ROTATION_FILE, WallpaperRotation } from '../rotation/wallpaper-rotation'
import { isAllowedExternalUrl } from '../security/external-urls'
import { SettingsStore, type SettingsBackend } from '../settings'
import { Thumbnailer } from '../thumbnails'
import { setWallpaper } from '../wallpaper'
import { EventHub } from './event-hub'

/** What the service needs from whoever hosts it: Electron's dialogs and shell, or the bridge's stand-ins. */
export interface Host {
  pickFolder(options: { title: string; defaultPath?: string }): Promise<string | null>
  openInBrowser(url: string): Promise<void>
  showFolder(path: string): Promise<void>
  /**
   * Makes the app start (or no longer start) at login; absent where the host cannot (the
   * browser bridge). Called before the setting is saved, so a refusal leaves it unsaved.
   */
  setStartAtLogin?(enabled: boolean): Promise<void>
}

export interface GalleryServiceOptions {
  /** Electron's userData folder, or the bridge's --data. */
  dataFolder: string
  settingsBackend: SettingsBackend
  host: Host
  /** The bridge's --source / --ids: used for crawls started from the UI instead of the settings. */
  crawlDefaults?: { source?: string; ids?: string }
  /** Pictures/Earth View by default; created on first use, unlike a folder the person chose. */
  defaultDownloadFolder?: string
  /**
   * For tests: a shorter backoff so failure paths end quickly; a longer limit on the first tile's
   * wave (FIRST_TILE_WAVE), so that on a loaded machine only its thumbnail ends it.
   */
  crawlTuning?: { retryBaseDelayMs?: number; retries?: number; firstWaveMaxMs?: number }
  /** Makes thumbnails; default: the process's own (native sharp, or WebAssembly in workers). */
  imageEngine?: ImageEngine
}

export interface MediaFile {
  path: string
  contentType: string
}

/**
 * A crawl started from the window sends one request, and goes to full speed once a page has been
 * given that image's thumbnail (or after maxMs): the first tile fills while the cores are free.
 * At full speed from the first answer, the first thumbnail was made and served while dozens of
 * other documents were read and saved on the same two cores (median 763 ms after Start through
 * the bridge, against 333 ms this way).
 */
const FIRST_TILE_WAVE: Partial<FirstWave> = { requests: 1, endsAt: 'released', maxMs: 1_000 }

/**
 * Everything the app does, behind the one API the page uses. Plain Node: the Electron main
 * process, the browser bridge and the tests all run this same object.
 */
export class GalleryService implements GalleryApi {
  private readonly events = new EventHub()
  private crawl: Crawl | null = null
  /** The running crawl's first saved image, until a page has its thumbnail (FIRST_TILE_WAVE). */
  private firstTile: { id: number; crawl: Crawl } | null = null
  private lastProgress: CrawlProgress
  private failures: CrawlFailure[] = []
  private imagingFailureShown = false

  private constructor(
    private readonly options: GalleryServiceOptions,
    private readonly settings: SettingsStore,
    private readonly catalog: Catalog,
    private library: Library,
    private thumbnails: Thumbnailer,
    private readonly rotation: WallpaperRotation,
    private readonly downloads: DownloadLedger,
    /** Why the saved library folder could not be opened; the app runs, and asks for another. */
    private unusableLibrary: GalleryError | null = null
  ) {
    this.lastProgress = idleProgress(settings.get().concurrency)
    settings.on('changed', (value) => {
      this.events.emit('settingsChanged', value)
      this.rotation.refresh()
    })
    rotation.on('changed', (state) => this.events.emit('rotationChanged', state))
    this.watchThumbnails(thumbnails)
    this.watchLibrary(library)
  }

  static async create(given: GalleryServiceOptions): Promise<GalleryService> {
    // Resolved once: on Linux it asks xdg-user-dir, which is no work for every export.
    const options = {
      ...given,
      defaultDownloadFolder: given.defaultDownloadFolder ?? defaultEarthViewFolder()
    }
    const defaults = defaultSettings({
      libraryFolder: join(options.dataFolder, 'library'),
      downloadFolder: options.defaultDownloadFolder
    })
    const settings = new SettingsStore(options.settingsBackend, defaults)
    const catalog = new Catalog()
    // A saved library folder that cannot be used (deleted, unplugged, now a file) must not keep
    // the app from starting: it starts with an empty stand-in and says so.
    const folder = settings.get().libraryFolder
    let library: Library
    let unusable: GalleryError | null = null
    try {
      library = await Library.open(folder)
    } catch (error) {
      unusable = libraryRefusal(error, folder, 'io')
      library = Library.unavailable(folder, unusable.message)
    }
    for (const record of library.list()) if (!catalog.has(record.id)) catalog.upsert(record)
    const thumbnails = GalleryService.thumbnailerFor(options, library)
    const downloads = await DownloadLedger.open(join(options.dataFolder, DOWNLOADS_FILE))
    let service: GalleryService | null = null
    const rotation = await WallpaperRotation.open({
      file: join(options.dataFolder, ROTATION_FILE),
      settings: () => ({
        interval: settings.get().wallpaperInterval,
        source: settings.get().wallpaperSource
      }),
      eligible: (source) => service?.eligibleForRotation(source) ?? [],
      apply: (id) => service!.applyWallpaper(id)
    })
    service = new GalleryService(
      options,
      settings,
      catalog,
      library,
      thumbnails,
      rotation,
      downloads,
      unusable
    )
    // Not awaited: a change that fell due while the app was closed must not hold up the window.
    void rotation.start()
    return service
  }

  /** Why the library folder cannot be used, or null when it can. */
  libraryProblem(): GalleryErrorInfo | null {
    return this.unusableLibrary?.toJSON() ?? null
  }

  private static thumbnailerFor(options: GalleryServiceOptions, library: Library): Thumbnailer {
    return new Thumbnailer({
      folder: join(options.dataFolder, 'thumbnails'),
      images: library,
      engine: options.imageEngine
    })
  }

  private watchThumbnails(thumbnails: Thumbnailer): void {
    // Without sharp there are no thumbnails (tiles keep their colour): said once, not per tile.
    thumbnails.on('unavailable', (error: ImagingUnavailableError) => {
      if (this.imagingFailureShown) return
      this.imagingFailureShown = true
      this.events.emit('error', toErrorInfo(error))
    })
    // A thumbnail made again (its image was saved anew) reaches the page, which reloads it.
    thumbnails.on('remade', (id) => this.events.queueThumbnail(id))
  }

  on<E extends ApiEvent>(event: E, listener: (payload: GalleryEvents[E]) => void): () => void {
    return this.events.on(event, listener)
  }

  getSettings(): Settings {
    return this.settings.get()
  }

  async getState(): Promise<GalleryState> {
    // A page is (re)loading: its first paint and visible thumbnails go before the backlog.
    this.thumbnails.yieldToPage()
    // An empty library: the page has no thumbnail to ask for, and the next thing is a crawl, whose
    // first thumbnail should not wait for the image engine to load (native sharp holds the event
    // loop ~150 ms): load it now, while the page paints its empty state.
    if (this.library.size === 0) setImmediate(() => this.thumbnails.warm())
    return {
      catalog: this.catalog.columns(),
      library: packLibrary(this.library.list(), (id) => this.catalog.get(id)),
      crawl: this.progress(),
      failures: this.failures,
      settings: this.settings.get(),
      dataFolder: this.options.dataFolder,
      libraryProblem: this.libraryProblem(),
      rotation: this.rotation.state()
    }
  }

  async startCrawl(request: StartCrawlRequest): Promise<CrawlProgress> {
    if (this.crawl) throw new GalleryError('busy', 'A crawl is already running.')
    this.requireLibrary()
    const plan = this.planFor(request)
    const crawl = this.launch(plan, this.settings.get().concurrency, FIRST_TILE_WAVE)
    const planned = plan.kind === 'known' ? this.catalog.knownIds() : plan.ids
    const guard = new UnreachableSourceGuard(
      crawl,
      planned.filter((id) => !this.library.has(id))
    )
    this.crawl = crawl
    this.failures = []
    // The first saved image's thumbnail should not wait for sharp to load.
    this.thumbnails.warm()
    let firstSave = true
    crawl.on('saved', (record) => {
      this.events.queueItem(record)
      this.thumbnails.enqueue(record.id)
      if (!firstSave) return
      firstSave = false
      // Made now, ahead of anything a page asks for; the crawl goes to full speed once a page
      // has been given it (resolveMedia), or if it cannot be made.
      this.firstTile = { id: record.id, crawl }
      this.thumbnails.ensure(record.id).catch(() => this.firstTileShown(record.id))
    })
    this.events.trackProgress(() => crawl.progress())
    void crawl.done.then((result) => {
      const summary = guard.complete(result)
      if (guard.unreachable) {
        this.events.emit('error', {
          code: 'io',
          message: `Cannot reach the Earth View service: ${guard.unreachable}. Check your internet connection, then start the crawl again.`
        })
      }
      this.lastProgress = crawl.progress()
      this.crawl = null
      this.firstTile = null
      this.failures = summary.failed
      this.events.flush()
      this.events.trackProgress(null)
      this.events.emit('crawlProgress', this.lastProgress)
      this.events.emit('crawlFinished', summary)
      this.rotation.refresh()
    })
    return crawl.progress()
  }

  async pauseCrawl(): Promise<CrawlProgress> {
    this.crawl?.pause()
    return this.progress()
  }

  async resumeCrawl(): Promise<CrawlProgress> {
    this.crawl?.resume()
    return this.progress()
  }

  async cancelCrawl(): Promise<CrawlProgress> {
    this.crawl?.cancel()
    return this.progress()
  }

  /**
   * Validates every value, then opens or checks the folders a patch names, and only then saves:
   * a refused patch changes nothing, and a saved library folder is one that opened. Refusals
   * carry the setting's name as `field`.
   */
  async updateSettings(patch: SettingsPatch): Promise<Settings> {
    const before = this.settings.get()
    const next = this.settings.check(patch)
    // The same folder again retries one that could not be opened (e.g. a disk plugged back in).
    const libraryChanges =
      next.libraryFolder !== before.libraryFolder ||
      (patch.libraryFolder !== undefined && this.unusableLibrary !== null)
    if (libraryChanges && this.crawl) {
      throw new GalleryError('busy', 'The library folder cannot change while a crawl is running.', {
        field: 'libraryFolder'
      })
    }
    if (next.downloadFolder !== before.downloadFolder) {
      await this.checkDownloadFolder(next.downloadFolder)
    }
    let library: Library | null = null
    if (libraryChanges) {
      try {
        library = await Library.open(next.libraryFolder)
      } catch (error) {
        throw libraryRefusal(error, next.libraryFolder, 'invalid-argument')
      }
    }
    let after: Settings
    try {
      after = await this.updateWithStartAtLogin(before, patch)
    } catch (error) {
      await library?.close()
      throw error
    }
    if (after.concurrency !== before.concurrency) this.crawl?.setConcurrency(after.concurrency)
    if (library) await this.useLibrary(library)
    return after
  }

  async setFavorite(id: number, favorite: boolean): Promise<Settings> {
    const favorites = new Set(this.settings.get().favorites)
    if (favorite) favorites.add(id)
    else favorites.delete(id)
    return this.settings.update({ favorites: [...favorites].sort((a, b) => a - b) })
  }

  async chooseDownloadFolder(): Promise<Settings | null> {
    return this.chooseFolder('downloadFolder', 'Choose download folder')
  }

  /** The folder picker for the library folder; null when the person cancelled. */
  async chooseLibraryFolder(): Promise<Settings | null> {
    return this.chooseFolder('libraryFolder', 'Choose library folder')
  }

  /** The host's folder picker; the folder chosen is checked (and opened) before it is saved. */
  private async chooseFolder(
    field: 'downloadFolder' | 'libraryFolder',
    title: string
  ): Promise<Settings | null> {
    const folder = await this.options.host.pickFolder({
      title,
      defaultPath: this.settings.get()[field]
    })
    if (folder === null) return null
    return this.updateSettings({ [field]: folder })
  }

  async exportItems(ids: number[]): Promise<ExportResult> {
    this.requireLibrary()
    const settings = this.settings.get()
    const total = ids.length
    const folder = settings.downloadFolder
    if (folder === this.options.defaultDownloadFolder) {
      await mkdir(folder, { recursive: true })
    }
    this.events.queueExportProgress({ total, done: 0, state: 'running', folder })
    try {
      const result = await exportImages({
        ids,
        folder,
        template: settings.filenameTemplate,
        writeExif: settings.writeExif,
        source: this.library,
        describe: (id) => this.catalog.get(id),
        fetchMissing: (missing) => this.fetch(missing),
        onProgress: (done) =>
          this.events.queueExportProgress({ total, done, state: 'running', folder })
      })
      this.events.queueExportProgress({ total, done: total, state: 'finished', folder })
      this.events.flush()
      await this.recordDownloads(ids, result)
      return result
    } catch (error) {
      this.events.queueExportProgress({ total, done: 0, state: 'failed', folder })
      this.events.flush()
      throw error
    }
  }

  async setWallpaper(id: number): Promise<WallpaperResult> {
    const result = await this.applyWallpaper(id)
    if (result.status === 'applied') this.rotation.noteSet(id)
    return result
  }

  async nextWallpaper(): Promise<RotationOutcome> {
    return this.rotation.next()
  }

  /** The host calls this when the machine wakes from sleep: a change due meanwhile happens now. */
  resumeAfterSleep(): Promise<void> {
    return this.rotation.resume()
  }

  /** The verified setter (read-back included), for the gallery and the rotation alike. */
  private async applyWallpaper(id: number): Promise<WallpaperResult> {
    this.requireLibrary()
    // A damaged image is set aside here, and fetched again like a missing one.
    if (this.library.has(id)) await this.library.readVerified(id)
    if (!this.library.has(id)) await this.fetch([id])
    if (!this.library.has(id)) {
      throw new GalleryError(
        'not-found',
        `Image ${id} could not be downloaded, so it cannot be the wallpaper.`
      )
    }
    return setWallpaper(this.library.imagePath(id), { dataFolder: this.options.dataFolder })
  }

  async openInMaps(id: number): Promise<void> {
    const entry = this.catalog.get(id)
    if (!entry) throw new GalleryError('not-found', `There is no image ${id} in the catalog.`)
    const url = googleMapsUrl(entry)
    if (!isAllowedExternalUrl(url)) throw new GalleryError('forbidden', `Refusing to open ${url}.`)
    await this.options.host.openInBrowser(url)
  }

  async showDownloadFolder(): Promise<void> {
    await this.options.host.showFolder(this.settings.get().downloadFolder)
  }

  /**
   * The file behind `earthview://<kind>/<id>` or the bridge's `/media/<kind>/<id>`. Ids are
   * numbers, so the path is built inside the library or thumbnail folder; the check below keeps
   * it there even if that ever changes. `signal`: the request went away (its tile scrolled off);
   * a thumbnail not started yet then waits its turn in the backlog again.
   */
  async resolveMedia(kind: string, id: string, signal?: AbortSignal): Promise<MediaFile | null> {
    if (!/^[1-9]\d{0,4}$/.test(id)) return null
    const numeric = Number(id)
    if (!this.library.has(numeric)) return null
    if (kind === 'image') {
      return this.confined(this.library.folder, this.library.imagePath(numeric), 'image/jpeg')
    }
    if (kind === 'thumb') {
      const path = await this.thumbnails.ensure(numeric, { signal })
      this.firstTileShown(numeric)
      return path
        ? this.confined(this.thumbnails.folder, path, this.thumbnails.contentType())
        : null
    }
    return null
  }

  async close(): Promise<void> {
    await this.rotation.close()
    await this.downloads.flushed()
    this.crawl?.cancel()
    await this.crawl?.done
    this.events.close()
    await this.thumbnails.close()
    await this.library.close()
  }

  private eligibleForRotation(source: WallpaperSource): readonly number[] {
    switch (source) {
      case 'favorites':
        return this.settings.get().favorites
      case 'library':
        return this.library.list().map((record) => record.id)
      case 'downloaded':
        return this.downloads.ids()
    }
  }

  /** Images an export placed (or found identical) count as downloaded, for the rotation. */
  private async recordDownloads(ids: number[], result: ExportResult): Promise<void> {
    const failed = new Set(result.failed.map((failure) => failure.id))
    const added = await this.downloads.add(ids.filter((id) => !failed.has(id))).catch(() => false)
    if (added) this.rotation.refresh()
  }

  /**
   * Saves a patch; a change to "Start at login" is made by the host first, so a refusal leaves
   * the setting unsaved, and undone if the rest of the patch is refused.
   */
  private async updateWithStartAtLogin(before: Settings, patch: SettingsPatch): Promise<Settings> {
    const login = patch.startAtLogin
    if (login === undefined || login === before.startAtLogin) return this.settings.update(patch)
    const setStartAtLogin = this.options.host.setStartAtLogin
    if (!setStartAtLogin) {
      throw new GalleryError(
        'unsupported',
        'Starting at login is set by the desktop app; the browser bridge cannot start itself at login.',
        { field: 'startAtLogin' }
      )
    }
    await setStartAtLogin.call(this.options.host, login)
    try {
      return this.settings.update(patch)
    } catch (error) {
      await setStartAtLogin.call(this.options.host, before.startAtLogin).catch(() => undefined)
      throw error
    }
  }

  private progress(): CrawlProgress {
    return (
      this.crawl?.progress() ?? {
        ...this.lastProgress,
        concurrency: this.settings.get().concurrency
      }
    )
  }

  private planFor(request: StartCrawlRequest): IdPlan {
    if (request.retryFailed) {
      if (this.failures.length === 0)
        throw new GalleryError('invalid-argument', 'No failed images to retry.')
      return { kind: 'list', ids: this.failures.map((failure) => failure.id) }
    }
    const spec = request.ids ?? this.options.crawlDefaults?.ids ?? this.settings.get().idPlan
    try {
      return parseIdSpec(spec)
    } catch (error) {
      if (error instanceof IdSpecError)
        throw new GalleryError('invalid-argument', `Invalid id list: ${error.message}.`)
      throw error
    }
  }

  private launch(plan: IdPlan, concurrency: number, firstWave?: Partial<FirstWave>): Crawl {
    const { firstWaveMaxMs, ...tuning } = this.options.crawlTuning ?? {}
    return startCrawl({
      source: this.options.crawlDefaults?.source ?? this.settings.get().sourceUrl,
      plan,
      library: this.library,
      catalog: this.catalog,
      concurrency,
      firstWave: firstWave && { ...firstWave, maxMs: firstWaveMaxMs ?? firstWave.maxMs },
      ...tuning
    })
  }

  /** Fetches images an action needs (export, wallpaper) that the library lacks. */
  private async fetch(ids: number[]): Promise<void> {
    const missing = ids.filter((id) => !this.library.has(id))
    if (missing.length === 0) return
    const crawl = this.launch(
      { kind: 'list', ids: missing },
      Math.min(this.settings.get().concurrency, missing.length)
    )
    crawl.on('saved', (record) => {
      this.events.queueItem(record)
      this.thumbnails.enqueue(record.id)
    })
    const summary = await crawl.done
    const failure = summary.failed[0]
    if (failure && summary.failed.length === missing.length) {
      this.events.emit(
        'error',
        toErrorInfo(
          new GalleryError('io', `Could not download image ${failure.id}: ${failure.reason}.`)
        )
      )
    }
  }

  private async useLibrary(next: Library): Promise<void> {
    await this.thumbnails.close()
    await this.library.close()
    this.library = next
    this.unusableLibrary = null
    this.watchLibrary(next)
    for (const record of next.list()) if (!this.catalog.has(record.id)) this.catalog.upsert(record)
    this.thumbnails = GalleryService.thumbnailerFor(this.options, next)
    this.watchThumbnails(this.thumbnails)
  }

  /** The first tile of a crawl is on its way to a page (or cannot be): the crawl's full speed. */
  private firstTileShown(id: number): void {
    if (this.firstTile?.id !== id) return
    this.firstTile.crawl.fullSpeed()
    this.firstTile = null
  }

  /** Says on the page when an image was found damaged (by a thumbnail, export or wallpaper). */
  private watchLibrary(library: Library): void {
    library.on('setAside', ({ id }) => {
      this.events.emit('itemsRemoved', [id])
      this.events.emit('error', {
        code: 'io',
        message: `The saved copy of image ${id} was damaged, so it was set aside (in ${library.folder}/.earthview/damaged); downloading it again replaces it.`
      })
    })
  }

  private requireLibrary(): void {
    if (this.unusableLibrary) throw this.unusableLibrary
  }

  /**
   * A download folder must be a full path to a folder that can be written; the default one
   * (Pictures/Earth View) is created, one the person chose must exist.
   */
  private async checkDownloadFolder(folder: string): Promise<void> {
    const refuse = (message: string) =>
      new GalleryError('invalid-argument', message, { field: 'downloadFolder' })
    if (!isAbsolute(folder)) throw refuse(`"${folder}" is not a full folder path.`)
    try {
      if (folder === this.options.defaultDownloadFolder) await mkdir(folder, { recursive: true })
      await checkExportFolder(folder)
    } catch (error) {
      if (error instanceof GalleryError) throw refuse(error.message)
      const code = (error as NodeJS.ErrnoException).code ?? 'unknown error'
      throw refuse(`The download folder "${folder}" cannot be used: ${describeFsError(code)}.`)
    }
  }

  private confined(folder: string, path: string, contentType: string): MediaFile | null {
    const inside = relative(folder, path)
    if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) return null
    return { path, contentType }
  }
}

/** Why a library folder cannot be used, as a refusal about the libraryFolder setting. */
function libraryRefusal(
  error: unknown,
  folder: string,
  code: 'io' | 'invalid-argument'
): GalleryError {
  if (!(error instanceof LibraryFolderError)) {
    const detail = error instanceof Error ? error.message : String(error)
    return new GalleryError(code, `The library folder ${folder} cannot be opened: ${detail}`, {
      field: 'libraryFolder'
    })
  }
  return new GalleryError(code, `${error.message}. Choose another folder for the library.`, {
    field: 'libraryFolder'
  })
}
