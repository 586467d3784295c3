import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { mkdtemp, readFile, rm, stat, truncate, unlink, utimes, writeFile } from 'node:fs/promises'
import { readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import sharp from 'sharp'
import { Thumbnailer, type ImageSource } from './thumbnailer'
import {
  createImageEngine,
  NativeSharpEngine,
  type ImageEngine,
  type ImageRequest,
  type ImageResults
} from '../imaging'
import { makeTestJpeg } from '../../../../test/support/jpeg'
import { ELECTRON_ON_LINUX } from '../../../../test/support/runtime'

/** A folder of real JPEGs named <id>.jpg; records when the Thumbnailer starts on an image. */
class FolderSource implements ImageSource {
  readonly started: number[] = []
  constructor(
    readonly folder: string,
    readonly ids: Set<number>
  ) {}
  has(id: number): boolean {
    return this.ids.has(id)
  }
  imagePath(id: number): string {
    this.started.push(id)
    return join(this.folder, `${id}.jpg`)
  }
}

/**
 * The real engine, watched: which thumbnails it is asked for, in order, how many it holds at once;
 * `hold()` keeps every thumbnail waiting at its door until `release()`.
 */
class WatchedEngine implements ImageEngine {
  readonly kind: ImageEngine['kind']
  readonly order: number[] = []
  most = 0
  private inside = 0
  private gate: Promise<void> | null = null
  private open: () => void = () => undefined
  private readonly arrivals = new Map<number, () => void>()

  constructor(private readonly inner: ImageEngine) {
    this.kind = inner.kind
  }

  hold(): void {
    this.gate = new Promise((resolve) => (this.open = resolve))
  }

  release(): void {
    this.open()
    this.gate = null
  }

  /** Resolves once the engine has been asked for this id's thumbnail. */
  started(id: number): Promise<void> {
    if (this.order.includes(id)) return Promise.resolve()
    return new Promise((resolve) => this.arrivals.set(id, resolve))
  }

  async run<R extends ImageRequest>(request: R): Promise<ImageResults[R['op']]> {
    if (request.op !== 'thumbnail' || typeof request.input !== 'string') {
      return this.inner.run(request)
    }
    const id = Number(basename(request.input, '.jpg'))
    this.order.push(id)
    this.arrivals.get(id)?.()
    this.inside++
    this.most = Math.max(this.most, this.inside)
    try {
      await this.gate
      return await this.inner.run(request)
    } finally {
      this.inside--
    }
  }

  warm(): void {
    this.inner.warm()
  }

  close(): Promise<void> {
    return Promise.resolve()
  }
}

let root: string
let images: FolderSource
let thumbs: Thumbnailer | null = null
let engine: ImageEngine

async function addImages(ids: number[], size = { width: 900, height: 600 }): Promise<void> {
  for (const id of ids) {
    await writeFile(join(root, 'images', `${id}.jpg`), await makeTestJpeg({ ...size, seed: id }))
    images.ids.add(id)
  }
}

function thumbnailer(
  options: { concurrency?: number; width?: number; engine?: ImageEngine } = {}
): Thumbnailer {
  thumbs = new Thumbnailer({ folder: join(root, 'thumbnails'), images, engine, ...options })
  return thumbs
}

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'evg-thumbs-'))
  await import('node:fs/promises').then((fs) => fs.mkdir(join(root, 'images')))
  images = new FolderSource(join(root, 'images'), new Set())
})

afterEach(async () => {
  await thumbs?.close()
  thumbs = null
  await rm(root, { recursive: true, force: true })
})

// Every behaviour with both engines: native sharp (plain Node), and the WebAssembly build in
// worker threads that the app uses inside Electron on Linux.
describe.each([
  { name: 'native sharp', runtime: undefined },
  { name: 'WebAssembly sharp in workers (Electron on Linux)', runtime: ELECTRON_ON_LINUX }
])('with $name', ({ runtime }) => {
  beforeAll(() => {
    engine = createImageEngine({ runtime })
  })
  afterAll(() => engine.close())

  it('runs on the engine the runtime calls for', () => {
    expect(engine.kind).toBe(runtime ? 'wasm' : 'native')
  })

  describe('Thumbnailer.ensure', () => {
    it('makes a 400 px wide WebP of the image, shrunk in proportion', async () => {
      await addImages([1003])
      const t = thumbnailer()
      const path = await t.ensure(1003)
      expect(path).toBe(join(root, 'thumbnails', '1003.webp'))
      expect(t.contentType()).toBe('image/webp')
      const meta = await sharp(path!).metadata()
      expect(meta.format).toBe('webp')
      expect(meta.width).toBe(400)
      expect(meta.height).toBe(267)
      // No temp files left behind.
      expect(readdirSync(join(root, 'thumbnails'))).toEqual(['1003.webp'])
    })

    it('never enlarges a small image', async () => {
      await addImages([7], { width: 300, height: 200 })
      const meta = await sharp((await thumbnailer().ensure(7))!).metadata()
      expect(meta.width).toBe(300)
    })

    it('returns null for an id the source does not have', async () => {
      expect(await thumbnailer().ensure(4242)).toBeNull()
    })

    it('reuses a valid thumbnail without rewriting it', async () => {
      await addImages([1003])
      const t = thumbnailer()
      const path = (await t.ensure(1003))!
      const before = await stat(path)
      expect(await t.ensure(1003)).toBe(path)
      expect((await stat(path)).mtimeMs).toBe(before.mtimeMs)
    })

    it('remakes a deleted thumbnail', async () => {
      await addImages([1003])
      const t = thumbnailer()
      const path = (await t.ensure(1003))!
      await unlink(path)
      expect(await t.ensure(1003)).toBe(path)
      expect((await sharp(path).metadata()).width).toBe(400)
    })

    it('remakes a thumbnail overwritten with garbage bytes', async () => {
      await addImages([1003])
      const t = thumbnailer()
      const path = (await t.ensure(1003))!
      const size = (await stat(path)).size
      await writeFile(path, Buffer.alloc(size, 0x5a))
      expect(await t.ensure(1003)).toBe(path)
      expect((await sharp(path).metadata()).format).toBe('webp')
      await sharp(path, { failOn: 'error' }).raw().toBuffer()
    })

    it('remakes a truncated thumbnail and one that is empty', async () => {
      await addImages([1003, 1004])
      const t = thumbnailer()
      const cut = (await t.ensure(1003))!
      await truncate(cut, (await stat(cut)).size - 100)
      const empty = (await t.ensure(1004))!
      await writeFile(empty, '')
      expect(await t.ensure(1003)).toBe(cut)
      expect(await t.ensure(1004)).toBe(empty)
      await sharp(cut, { failOn: 'error' }).raw().toBuffer()
      await sharp(empty, { failOn: 'error' }).raw().toBuffer()
    })

    it('remakes a thumbnail older than its image', async () => {
      await addImages([1003])
      const t = thumbnailer()
      const path = (await t.ensure(1003))!
      const old = new Date(Date.now() - 60_000)
      await utimes(path, old, old)
      await writeFile(
        join(root, 'images', '1003.jpg'),
        await makeTestJpeg({ width: 800, height: 800 })
      )
      await t.ensure(1003)
      expect((await sharp(path).metadata()).height).toBe(400)
    })

    it("emits 'remade' when it writes over an older or damaged thumbnail, never for a first one", async () => {
      await addImages([1003, 1004])
      const t = thumbnailer()
      const remade: number[] = []
      t.on('remade', (id) => remade.push(id))
      const path = (await t.ensure(1003))!
      await t.ensure(1004)
      t.enqueue(1004)
      await t.idle()
      expect(remade).toEqual([])

      // The image is saved anew (a crawl fetched it again): the thumbnail is remade.
      const old = new Date(Date.now() - 60_000)
      await utimes(path, old, old)
      t.enqueue(1003)
      await t.idle()
      expect(remade).toEqual([1003])

      // A damaged one, found when the page asks for it.
      await writeFile(path, '')
      await t.ensure(1003)
      expect(remade).toEqual([1003, 1003])
    })

    it('with verify, remakes a thumbnail whose header is intact but whose pixels are not', async () => {
      await addImages([1003])
      const t = thumbnailer()
      const path = (await t.ensure(1003))!
      const bytes = await readFile(path)
      bytes.fill(0, 40)
      await writeFile(path, bytes)
      // The cheap check passes (same size, same header)…
      expect(await t.ensure(1003)).toBe(path)
      expect(await readFile(path)).toEqual(bytes)
      // …decoding does not.
      expect(await t.ensure(1003, { verify: true })).toBe(path)
      await sharp(path, { failOn: 'error' }).raw().toBuffer()
    })

    it('rejects when the image cannot be decoded, and leaves no file', async () => {
      await writeFile(join(root, 'images', '9.jpg'), Buffer.from('not a jpeg at all'))
      images.ids.add(9)
      const t = thumbnailer()
      await expect(t.ensure(9)).rejects.toThrow(/thumbnail of image 9/)
      expect(readdirSync(join(root, 'thumbnails'))).toEqual([])
    })
  })

  describe('Thumbnailer.enqueue', () => {
    it("emits 'ready' once per id, de-duplicating repeated enqueues", async () => {
      await addImages([1, 2, 3])
      const t = thumbnailer()
      const ready: number[] = []
      t.on('ready', (id) => ready.push(id))
      for (const id of [1, 2, 1, 3, 2, 1]) t.enqueue(id)
      await t.idle()
      expect(ready.sort()).toEqual([1, 2, 3])
      expect(images.started.sort()).toEqual([1, 2, 3])
      for (const id of [1, 2, 3]) {
        expect((await sharp(t.thumbPath(id)).metadata()).width).toBe(400)
      }
    })

    it("emits 'error' for an image that cannot be decoded and goes on with the rest", async () => {
      await addImages([1, 3])
      await writeFile(join(root, 'images', '2.jpg'), Buffer.alloc(5000, 1))
      images.ids.add(2)
      const t = thumbnailer()
      const ready: number[] = []
      const errors: number[] = []
      t.on('ready', (id) => ready.push(id))
      t.on('error', (id) => errors.push(id))
      for (const id of [1, 2, 3]) t.enqueue(id)
      await t.idle()
      expect(ready.sort()).toEqual([1, 3])
      expect(errors).toEqual([2])
    })

    it('makes the backlog one fewer than `concurrency` at once (at least one)', async () => {
      const ids = [1, 2, 3, 4, 5, 6]
      await addImages(ids)
      for (const [concurrency, backlog] of [
        [1, 1],
        [2, 1],
        [3, 2]
      ] as const) {
        const t = thumbnailer({ concurrency })
        images.started.length = 0
        let finished = 0
        let most = 0
        const track = (): void => {
          most = Math.max(most, images.started.length - finished)
        }
        t.on('ready', () => {
          track()
          finished++
        })
        for (const id of ids) t.enqueue(id)
        await t.idle()
        track()
        expect(finished).toBe(ids.length)
        expect(most).toBe(backlog)
        await t.close()
        await rm(join(root, 'thumbnails'), { recursive: true })
      }
    })

    it('serves ensure() ahead of the background backlog', async () => {
      const ids = [1, 2, 3, 4, 5, 6, 7, 8]
      await addImages(ids)
      const t = thumbnailer({ concurrency: 1 })
      for (const id of ids) t.enqueue(id)
      const ready: number[] = []
      t.on('ready', (id) => ready.push(id))
      await t.ensure(8)
      // The one already running may finish first; the rest of the backlog has not been touched.
      expect(images.started.indexOf(8)).toBeLessThanOrEqual(1)
      await t.idle()
      expect(ready.sort()).toEqual(ids)
    })

    it('starts a request at once beside the backlog, and the engine never holds more than `concurrency`', async () => {
      const ids = [1, 2, 3, 4, 5, 6, 7, 8]
      await addImages(ids)
      const watched = new WatchedEngine(engine)
      const t = thumbnailer({ concurrency: 2, engine: watched })
      watched.hold()
      for (const id of ids) t.enqueue(id)
      // The backlog's one image is held in the engine; the request for the last id still starts.
      const asked = t.ensure(8)
      // Both are in the engine at once (which got there first is a race); the backlog's next
      // image waits for its first.
      await Promise.all([watched.started(1), watched.started(8)])
      // Released before any check, so that a failing one never leaves the engine held.
      watched.release()
      expect(watched.order.slice(0, 2).sort()).toEqual([1, 8])
      expect(await asked).toBe(t.thumbPath(8))
      await t.idle()
      expect(watched.order.sort()).toEqual(ids)
      expect(watched.most).toBe(2)
    })

    it('makes only what is asked for while a page loads, then the backlog', async () => {
      const ids = [1, 2, 3, 4]
      await addImages(ids)
      const watched = new WatchedEngine(engine)
      const t = thumbnailer({ concurrency: 2, engine: watched })
      t.yieldToPage(60_000)
      for (const id of ids) t.enqueue(id)
      expect(await t.ensure(3)).toBe(t.thumbPath(3))
      expect(watched.order).toEqual([3])
      // A page's time that ends (here at once) lets the backlog go on.
      t.yieldToPage(0)
      await t.idle()
      expect([...watched.order].sort()).toEqual(ids)
      expect(watched.order[0]).toBe(3)
    })

    it('puts a request that went away back in the backlog, first in line', async () => {
      await addImages([1, 2, 3, 4])
      const watched = new WatchedEngine(engine)
      const t = thumbnailer({ concurrency: 1, engine: watched })
      const ready: number[] = []
      t.on('ready', (id) => ready.push(id))
      watched.hold()
      for (const id of [1, 2, 3]) t.enqueue(id)
      const tile = new AbortController()
      const asked = t.ensure(3, { signal: tile.signal })
      tile.abort(new Error('scrolled away'))
      await expect(asked).rejects.toMatchObject({ code: 'cancelled' })
      // Asked for by no one else, a request that went away is not made at all.
      const gone = new AbortController()
      const never = t.ensure(4, { signal: gone.signal })
      gone.abort()
      await expect(never).rejects.toMatchObject({ code: 'cancelled' })
      watched.release()
      await t.idle()
      expect(watched.order).toEqual([1, 3, 2])
      expect(ready.sort()).toEqual([1, 2, 3])
      expect(readdirSync(join(root, 'thumbnails')).sort()).toEqual(['1.webp', '2.webp', '3.webp'])
    })

    it('tells a request still waiting when it closes, and finishes what runs', async () => {
      await addImages([1, 2])
      const watched = new WatchedEngine(engine)
      const t = thumbnailer({ concurrency: 1, engine: watched })
      watched.hold()
      t.enqueue(1)
      t.enqueue(2)
      await watched.started(1)
      const waiting = expect(t.ensure(2)).rejects.toMatchObject({ code: 'cancelled' })
      const closed = t.close()
      watched.release()
      await closed
      await waiting
      expect(watched.order).toEqual([1])
      expect(readdirSync(join(root, 'thumbnails'))).toEqual(['1.webp'])
    })

    it('close() drops the backlog and waits for the running ones', async () => {
      await addImages([1, 2, 3, 4])
      const t = thumbnailer({ concurrency: 1 })
      for (const id of [1, 2, 3, 4]) t.enqueue(id)
      await t.close()
      expect(images.started.length).toBeLessThan(4)
      t.enqueue(1)
      await t.idle()
      await expect(t.ensure(1)).rejects.toThrow(/shut down/)
    })
  })
})

describe('Thumbnailer without a loadable sharp', () => {
  it("says 'unavailable' once, not an 'error' per image, and ensure() rejects with the reason", async () => {
    await addImages([1, 2, 3, 4])
    const broken = new NativeSharpEngine({ load: () => import('sharp-is-not-installed' as string) })
    thumbs = new Thumbnailer({ folder: join(root, 'thumbnails'), images, engine: broken })
    const said: Error[] = []
    const errors: number[] = []
    thumbs.on('unavailable', (error) => said.push(error))
    thumbs.on('error', (id) => errors.push(id))
    for (const id of [1, 2, 3, 4]) thumbs.enqueue(id)
    await thumbs.idle()
    await expect(thumbs.ensure(1)).rejects.toMatchObject({ code: 'unsupported' })
    expect(said).toHaveLength(1)
    expect(said[0]!.message).toContain('sharp-is-not-installed')
    expect(errors).toEqual([])
    expect(readdirSync(join(root, 'thumbnails'))).toEqual([])
  })
})
