import { EventEmitter } from 'node:events'
import { mkdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { GalleryError } from '@shared/errors'
import { ImagingUnavailableError, sharedImageEngine, type ImageEngine } from '../imaging'
import { writeFileAtomic } from '../files/atomic-file'
import { LaneScheduler } from './lane-scheduler'
import { looksLikeWholeWebp } from './webp-file'

/** Where the saved full-size images are; the real Library satisfies this. */
export interface ImageSource {
  imagePath(id: number): string
  has(id: number): boolean
  /**
   * The image's bytes, checked against the hash recorded when it was saved; null when it is
   * damaged (the Library then sets it aside, so no thumbnail is made of a damaged file).
   */
  readVerified?(id: number): Promise<Buffer | null>
}

export interface ThumbnailerOptions {
  /** `<data>/thumbnails` */
  folder: string
  images: ImageSource
  /** Thumbnail width in pixels; never enlarged beyond the source. */
  width?: number
  /** Thumbnails made at once, requests and backlog together. */
  concurrency?: number
  /**
   * Of those, how many the background backlog may take. Default: one fewer (but at least one), so
   * a request never waits for the backlog and, on two cores, the backlog leaves one to the page.
   */
  backgroundConcurrency?: number
  /** Default: the process's shared engine (native sharp, or its WebAssembly build in workers). */
  engine?: ImageEngine
}

export interface EnsureOptions {
  /** Decode the existing thumbnail too, not just check its header, size and age. */
  verify?: boolean
  /**
   * The request went away (its tile scrolled off screen): if its thumbnail has not started yet,
   * it goes back to the backlog (or is forgotten, when only requests wanted it) and ensure()
   * rejects with 'cancelled'. One that has started is finished all the same.
   */
  signal?: AbortSignal
}

export const DEFAULT_THUMBNAIL_WIDTH = 400
export const DEFAULT_THUMBNAIL_CONCURRENCY = 2
/**
 * Requests started in a row, while the backlog waited, before one backlog image goes first: so
 * that a person scrolling for minutes does not hold the backlog back for good.
 */
const FAIRNESS = 8
/**
 * How long the backlog waits while a page loads. Measured through the bridge on two cores with a
 * thumbnail backlog, the backlog's one image at a time put 200-250 ms on the page's first paint.
 */
export const PAGE_LOAD_QUIET_MS = 1_500
/** Small enough for a grid of thousands; effort 2 is ~30 % faster than the default 4 and the
 * files come out within 2 % of the same size. */
const WEBP = { quality: 78, effort: 2 } as const

type Events = {
  ready: [number]
  error: [number, Error]
  /** sharp cannot be loaded: no thumbnail will be made. Emitted once; no per-image 'error' follows. */
  unavailable: [ImagingUnavailableError]
  /** A thumbnail was written over an older or damaged one: a page may be showing the old one. */
  remade: [number]
}

type Outcome = { path: string | null; error?: undefined } | { path?: undefined; error: Error }

interface Job {
  /** Emit 'ready' / 'error' when it ends: someone enqueued this id. */
  announce: boolean
  /** ensure() calls waiting for it. */
  waiters: number
  verify: boolean
  done: Promise<Outcome>
  settle(outcome: Outcome): void
}

/**
 * Makes ~400 px WebP thumbnails of library images, in the background (enqueue) or on demand
 * (ensure). What the page asks for goes ahead of the backlog, and the backlog never takes every
 * place (./lane-scheduler.ts): a request for a tile on screen waits for no background image, and
 * the image engine never holds more than `concurrency` images, so nothing queues behind the
 * backlog there either.
 */
export class Thumbnailer extends EventEmitter<Events> {
  readonly folder: string
  private readonly images: ImageSource
  private readonly engine: ImageEngine
  private readonly width: number
  private readonly scheduler: LaneScheduler
  /** Ids queued or being made. */
  private readonly jobs = new Map<number, Job>()
  private idleWaiters: (() => void)[] = []
  private folderReady: Promise<unknown> | null = null
  private closed = false
  private quiet: NodeJS.Timeout | null = null
  private unavailableSaid = false

  constructor(options: ThumbnailerOptions) {
    super()
    this.folder = options.folder
    this.images = options.images
    this.engine = options.engine ?? sharedImageEngine()
    this.width = options.width ?? DEFAULT_THUMBNAIL_WIDTH
    const concurrency = Math.max(
      1,
      Math.floor(options.concurrency ?? DEFAULT_THUMBNAIL_CONCURRENCY)
    )
    this.scheduler = new LaneScheduler(
      {
        slots: concurrency,
        backgroundSlots: options.backgroundConcurrency ?? concurrency - 1,
        fairness: FAIRNESS
      },
      (id) => this.begin(id)
    )
  }

  thumbPath(id: number): string {
    return join(this.folder, `${id}.webp`)
  }

  contentType(): 'image/webp' {
    return 'image/webp'
  }

  /**
   * Makes the thumbnail in the background unless a valid one exists; emits 'ready' once it can
   * be loaded (also when it already could), or 'error'. An id already queued or being made is not
   * queued twice.
   */
  enqueue(id: number): void {
    if (this.closed) return
    const job = this.jobs.get(id)
    if (job) {
      job.announce = true
      return
    }
    this.jobs.set(id, newJob(true))
    this.scheduler.add(id, 'background')
  }

  /**
   * The path of a valid thumbnail, made (or remade, when missing, corrupt or older than its image)
   * first if need be, ahead of the backlog; null when the image is not in the source. Rejects when
   * the image cannot be read or decoded, or with 'cancelled' when `signal` aborts first.
   */
  async ensure(id: number, options: EnsureOptions = {}): Promise<string | null> {
    if (this.closed) throw new GalleryError('cancelled', 'Thumbnails are shut down.')
    if (!this.images.has(id)) return null
    let job = this.jobs.get(id)
    if (!job) {
      if (await this.isFresh(id, options)) return this.thumbPath(id)
      if (this.closed) throw new GalleryError('cancelled', 'Thumbnails are shut down.')
      if (options.signal?.aborted) throw cancelledBy(options.signal)
      // Queued while we looked: this request joins it.
      job = this.jobs.get(id)
      if (!job) {
        job = newJob(false)
        this.jobs.set(id, job)
      }
    }
    if (options.verify) job.verify = true
    const outcome = await this.waitFor(id, job, options.signal)
    if (outcome.error) throw outcome.error
    return outcome.path
  }

  /** Images are about to arrive (a crawl starts): load the image engine now, not at the first. */
  warm(): void {
    if (!this.closed) this.engine.warm()
  }

  /** Resolves when nothing is queued or being made. */
  idle(): Promise<void> {
    if (this.jobs.size === 0) return Promise.resolve()
    return new Promise((resolve) => this.idleWaiters.push(resolve))
  }

  /**
   * A page is loading (it asked for the app's state): for `ms` only what a page asks for is made,
   * and the backlog waits, so the first paint and the thumbnails on screen have the cores.
   */
  yieldToPage(ms = PAGE_LOAD_QUIET_MS): void {
    if (this.closed) return
    if (this.quiet) clearTimeout(this.quiet)
    this.scheduler.holdBackground(true)
    this.quiet = setTimeout(() => {
      this.quiet = null
      this.scheduler.holdBackground(false)
    }, ms)
    this.quiet.unref()
  }

  /** Drops what is queued (a request waiting for it is told 'cancelled'), waits for the rest. */
  async close(): Promise<void> {
    this.closed = true
    if (this.quiet) clearTimeout(this.quiet)
    this.quiet = null
    this.scheduler.clear()
    for (const [id, job] of this.jobs) {
      if (this.scheduler.isRunning(id)) continue
      this.jobs.delete(id)
      job.settle({ error: new GalleryError('cancelled', 'Thumbnails are shut down.') })
    }
    this.settleIdle()
    await this.idle()
  }

  /**
   * Moves the job up to the demand lane (unless it runs already) and waits for it, or the signal.
   * A job this request made is new, with a signal not aborted: it never stays behind unqueued.
   */
  private waitFor(id: number, job: Job, signal: AbortSignal | undefined): Promise<Outcome> {
    if (signal?.aborted) return Promise.reject(cancelledBy(signal))
    job.waiters++
    this.scheduler.add(id, 'demand')
    if (!signal) return job.done
    return new Promise<Outcome>((resolve, reject) => {
      const onAbort = () => {
        this.withdraw(id, job)
        reject(cancelledBy(signal))
      }
      signal.addEventListener('abort', onAbort, { once: true })
      void job.done.then((outcome) => {
        signal.removeEventListener('abort', onAbort)
        resolve(outcome)
      })
    })
  }

  /** A waiting request went away: a job nobody else waits for, not started yet, leaves the demand lane. */
  private withdraw(id: number, job: Job): void {
    job.waiters--
    if (job.waiters > 0 || this.scheduler.laneOf(id) !== 'demand') return
    this.scheduler.remove(id)
    if (job.announce) {
      // Someone queued it: back to the backlog, first in line (it was near the screen).
      this.scheduler.add(id, 'background', { front: true })
      return
    }
    this.jobs.delete(id)
    job.settle({ path: null })
    this.settleIdle()
  }

  /** The scheduler gave this id a place: make it. */
  private begin(id: number): void {
    const job = this.jobs.get(id)
    if (!job) {
      this.scheduler.finished(id)
      return
    }
    void this.produce(id, { verify: job.verify }).then(
      (path) => this.finish(id, job, { path }),
      (error: unknown) => this.finish(id, job, { error: asError(error) })
    )
  }

  private finish(id: number, job: Job, outcome: Outcome): void {
    this.jobs.delete(id)
    if (outcome.error instanceof ImagingUnavailableError) {
      this.reportUnavailable(outcome.error)
    } else if (job.announce) {
      if (outcome.error) this.report(id, outcome.error)
      else if (outcome.path !== null) this.safeEmit('ready', id)
    }
    job.settle(outcome)
    this.scheduler.finished(id)
    this.settleIdle()
  }

  private report(id: number, error: Error): void {
    // EventEmitter throws on an 'error' nobody listens to; a failed thumbnail is not worth that.
    if (this.listenerCount('error') > 0) this.safeEmit('error', id, error)
  }

  private reportUnavailable(error: ImagingUnavailableError): void {
    if (this.unavailableSaid) return
    this.unavailableSaid = true
    this.safeEmit('unavailable', error)
  }

  private safeEmit(
    ...args:
      | ['ready' | 'remade', number]
      | ['error', number, Error]
      | ['unavailable', ImagingUnavailableError]
  ): void {
    try {
      if (args[0] === 'error') this.emit('error', args[1], args[2])
      else if (args[0] === 'unavailable') this.emit('unavailable', args[1])
      else this.emit(args[0], args[1])
    } catch (error) {
      // A listener's bug must not wedge the queue; surface it the way a throwing listener would.
      process.nextTick(() => {
        throw error
      })
    }
  }

  private settleIdle(): void {
    if (this.jobs.size > 0) return
    const waiters = this.idleWaiters
    this.idleWaiters = []
    for (const resolve of waiters) resolve()
  }

  private async produce(id: number, options: EnsureOptions): Promise<string | null> {
    if (!this.images.has(id)) return null
    const source = this.images.imagePath(id)
    const target = this.thumbPath(id)
    if (await this.isFresh(id, options, source)) return target
    const input = this.images.readVerified ? await this.images.readVerified(id) : source
    if (input === null) return null
    // A first thumbnail goes to whoever asked for it; a replaced one may be on screen already.
    const replacing = (await statOrNull(target)) !== null
    await this.render(id, input, target)
    if (replacing) this.safeEmit('remade', id)
    return target
  }

  /**
   * Cheap validity: the thumbnail exists, is a whole WebP by its header, and is not older than its
   * image. `verify` decodes it as well.
   */
  private async isFresh(
    id: number,
    options: EnsureOptions,
    source = this.images.imagePath(id)
  ): Promise<boolean> {
    const target = this.thumbPath(id)
    const [thumb, image] = await Promise.all([statOrNull(target), statOrNull(source)])
    if (!thumb || !image || !thumb.isFile()) return false
    if (thumb.mtimeMs < image.mtimeMs) return false
    if (!(await looksLikeWholeWebp(target, thumb.size))) return false
    if (!options.verify) return true
    try {
      return await this.engine.run({ op: 'decodes', input: target })
    } catch (error) {
      // Without sharp it cannot be decoded, but it is whole and newer than its image: serve it.
      return error instanceof ImagingUnavailableError
    }
  }

  private async render(id: number, source: string | Buffer, target: string): Promise<void> {
    this.folderReady ??= mkdir(this.folder, { recursive: true })
    await this.folderReady
    try {
      const webp = await this.engine.run({
        op: 'thumbnail',
        input: source,
        width: this.width,
        webp: WEBP
      })
      await writeFileAtomic(target, webp)
    } catch (error) {
      if (error instanceof ImagingUnavailableError) throw error
      throw new GalleryError('io', `Could not make the thumbnail of image ${id}: ${message(error)}`)
    }
  }
}

function newJob(announce: boolean): Job {
  let settle: (outcome: Outcome) => void = () => undefined
  const done = new Promise<Outcome>((resolve) => (settle = resolve))
  return { announce, waiters: 0, verify: false, done, settle }
}

function cancelledBy(signal: AbortSignal): GalleryError {
  const reason = signal.reason instanceof Error ? ` (${signal.reason.message})` : ''
  return new GalleryError('cancelled', `The thumbnail was no longer wanted${reason}.`)
}

async function statOrNull(path: string) {
  try {
    return await stat(path)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw error
  }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error))
}

function message(error: unknown): string {
  return error instanceof Error ? error.message.trim() : String(error)
}
