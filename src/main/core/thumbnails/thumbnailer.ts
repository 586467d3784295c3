import { EventEmitter } from 'node:events'
import { mkdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import pLimit, { type LimitFunction } from 'p-limit'
import { GalleryError } from '@shared/errors'
import { ImagingUnavailableError, sharedImageEngine, type ImageEngine } from '../imaging'
import { writeFileAtomic } from '../files/atomic-file'
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
  /** Thumbnails made at once. */
  concurrency?: number
  /** Default: the process's shared engine (native sharp, or its WebAssembly build in workers). */
  engine?: ImageEngine
}

export interface EnsureOptions {
  /** Decode the existing thumbnail too, not just check its header, size and age. */
  verify?: boolean
}

export const DEFAULT_THUMBNAIL_WIDTH = 400
export const DEFAULT_THUMBNAIL_CONCURRENCY = 2
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
  done: Promise<Outcome>
}

/**
 * Makes ~400 px WebP thumbnails of library images, in the background (enqueue) or on demand
 * (ensure). Background work never occupies more than `concurrency` places in the limiter, so an
 * on-demand request waits for at most the images already being made, not for the whole backlog.
 */
export class Thumbnailer extends EventEmitter<Events> {
  readonly folder: string
  private readonly images: ImageSource
  private readonly engine: ImageEngine
  private readonly width: number
  private readonly concurrency: number
  private readonly limit: LimitFunction
  /** Ids enqueued but not started, in order. */
  private readonly backlog = new Set<number>()
  /** Ids being made (or waiting in the limiter). */
  private readonly jobs = new Map<number, Job>()
  /** Jobs handed to the limiter and not yet ended. */
  private inLimiter = 0
  private idleWaiters: (() => void)[] = []
  private folderReady: Promise<unknown> | null = null
  private closed = false
  private unavailableSaid = false

  constructor(options: ThumbnailerOptions) {
    super()
    this.folder = options.folder
    this.images = options.images
    this.engine = options.engine ?? sharedImageEngine()
    this.width = options.width ?? DEFAULT_THUMBNAIL_WIDTH
    this.concurrency = Math.max(1, Math.floor(options.concurrency ?? DEFAULT_THUMBNAIL_CONCURRENCY))
    this.limit = pLimit(this.concurrency)
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
    if (this.closed || this.backlog.has(id)) return
    const job = this.jobs.get(id)
    if (job) {
      job.announce = true
      return
    }
    this.backlog.add(id)
    this.pump()
  }

  /**
   * The path of a valid thumbnail, made (or remade, when missing, corrupt or older than its image)
   * first if need be; null when the image is not in the source. Rejects when the image cannot be
   * read or decoded.
   */
  async ensure(id: number, options: EnsureOptions = {}): Promise<string | null> {
    if (this.closed) throw new GalleryError('cancelled', 'Thumbnails are shut down.')
    if (!this.images.has(id)) return null
    let job = this.jobs.get(id)
    if (!job) {
      let queued = this.backlog.delete(id)
      if (!queued && (await this.isFresh(id, options))) return this.thumbPath(id)
      // Enqueued while we looked: this request makes it, and tells the enqueuer.
      queued = this.backlog.delete(id) || queued
      job = this.jobs.get(id) ?? this.start(id, queued, options)
    }
    const outcome = await job.done
    if (outcome.error) throw outcome.error
    return outcome.path
  }

  /** Resolves when nothing is queued or being made. */
  idle(): Promise<void> {
    if (this.backlog.size === 0 && this.jobs.size === 0) return Promise.resolve()
    return new Promise((resolve) => this.idleWaiters.push(resolve))
  }

  /** Drops the backlog and waits for the thumbnails being made. */
  async close(): Promise<void> {
    this.closed = true
    this.backlog.clear()
    await this.idle()
  }

  private pump(): void {
    while (!this.closed && this.inLimiter < this.concurrency && this.backlog.size > 0) {
      const id = this.backlog.values().next().value as number
      this.backlog.delete(id)
      this.start(id, true, {})
    }
    this.settleIdle()
  }

  private start(id: number, announce: boolean, options: EnsureOptions): Job {
    this.inLimiter++
    const job: Job = { announce, done: Promise.resolve({ path: null }) }
    job.done = this.limit(() => this.produce(id, options)).then(
      (path): Outcome => this.finish(id, job, { path }),
      (error: unknown): Outcome => this.finish(id, job, { error: asError(error) })
    )
    this.jobs.set(id, job)
    return job
  }

  private finish(id: number, job: Job, outcome: Outcome): Outcome {
    this.inLimiter--
    this.jobs.delete(id)
    if (outcome.error instanceof ImagingUnavailableError) {
      this.reportUnavailable(outcome.error)
    } else if (job.announce) {
      if (outcome.error) this.report(id, outcome.error)
      else if (outcome.path !== null) this.safeEmit('ready', id)
    }
    this.pump()
    return outcome
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
    if (this.backlog.size > 0 || this.jobs.size > 0) return
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
