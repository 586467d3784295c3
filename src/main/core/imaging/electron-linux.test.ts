/**
 * The app's path inside Electron on Linux, emulated in plain Node: thumbnails from sharp's
 * WebAssembly build in worker threads, with native libvips never loaded into the process.
 *
 * Nothing in this file may import sharp: the test JPEGs are written by a child process, and the
 * last test reads this process's own memory map for native libvips.
 */
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Thumbnailer } from '../thumbnails'
import { createImageEngine } from './choose-engine'
import { ImagingUnavailableError, type ImageEngine } from './image-engine'
import { NativeSharpEngine } from './native-engine'
import { watchEventLoop } from '../../../../test/support/event-loop'
import { writeTestJpegsInChild } from '../../../../test/support/jpeg-files'
import { ELECTRON_ON_LINUX } from '../../../../test/support/runtime'

const IDS = Array.from({ length: 12 }, (_, i) => 2001 + i)
/** Generous: a cold WebAssembly sharp on the calling thread blocked it for ~350 ms here. */
const SANITY_BOUND_MS = 200

let root: string
const engines: ImageEngine[] = []

function linuxEngine(): ImageEngine {
  const engine = createImageEngine({ runtime: ELECTRON_ON_LINUX })
  engines.push(engine)
  return engine
}

function thumbnailer(engine: ImageEngine, name: string): Thumbnailer {
  const images = {
    has: (id: number) => IDS.includes(id),
    imagePath: (id: number) => join(root, 'images', `${id}.jpg`)
  }
  return new Thumbnailer({ folder: join(root, name), images, engine })
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'evg-electron-linux-'))
  await mkdir(join(root, 'images'))
  await writeTestJpegsInChild(join(root, 'images'), IDS, { width: 1800, height: 1200 })
}, 120_000)

afterAll(async () => {
  await Promise.all(engines.map((engine) => engine.close()))
  await rm(root, { recursive: true, force: true })
})

describe('inside Electron on Linux (emulated)', () => {
  it("loads sharp's WebAssembly build in a worker even though the native build is installed", async () => {
    if (process.platform === 'linux' && process.arch === 'x64') {
      // The native build is right there (resolving does not load it): the worker must refuse it.
      expect(createRequire(import.meta.url).resolve('@img/sharp-linux-x64/sharp.node')).toMatch(
        /@img\/sharp-linux-x64\//
      )
    }
    const engine = linuxEngine()
    expect(engine.kind).toBe('wasm')
    const versions = await engine.run({ op: 'versions' })
    expect(versions.emscripten).toMatch(/^\d+\./)
    expect(versions.vips).toMatch(/^\d+\./)
  })

  it('makes real 400 px WebP thumbnails of real 1800×1200 JPEGs', async () => {
    const engine = linuxEngine()
    const thumbs = thumbnailer(engine, 'thumbs-valid')
    const ready: number[] = []
    thumbs.on('ready', (id) => ready.push(id))
    for (const id of IDS.slice(0, 4)) thumbs.enqueue(id)
    await thumbs.idle()
    expect(ready.sort()).toEqual(IDS.slice(0, 4))
    for (const id of ready) {
      const path = thumbs.thumbPath(id)
      const bytes = await readFile(path)
      expect(bytes.toString('latin1', 0, 4)).toBe('RIFF')
      expect(bytes.toString('latin1', 8, 12)).toBe('WEBP')
      expect(await engine.run({ op: 'decodes', input: path })).toBe(true)
      const pixels = await engine.run({ op: 'pixels', input: path })
      expect([pixels.width, pixels.height]).toEqual([400, 267])
    }
    await thumbs.close()
  })

  it(`keeps the event loop free while it works, cold start included (sanity bound ${SANITY_BOUND_MS} ms, not a budget)`, async () => {
    const thumbs = thumbnailer(linuxEngine(), 'thumbs-loop')
    const loop = watchEventLoop()
    let longest: number
    try {
      for (const id of IDS) thumbs.enqueue(id)
      await thumbs.idle()
    } finally {
      longest = loop.stop().wallMs
    }
    expect(longest).toBeLessThan(SANITY_BOUND_MS)
    await thumbs.close()
  })

  it('native sharp refuses to load when told it is inside Electron on Linux', async () => {
    const native = new NativeSharpEngine({ runtime: ELECTRON_ON_LINUX })
    await expect(native.run({ op: 'versions' })).rejects.toBeInstanceOf(ImagingUnavailableError)
    await expect(native.run({ op: 'versions' })).rejects.toMatchObject({ code: 'unsupported' })
  })

  it.runIf(process.platform === 'linux')(
    'after all of the above, no native libvips or sharp addon is mapped into this process',
    async () => {
      const maps = await readFile('/proc/self/maps', 'utf8')
      // The WebAssembly build did run here (its workers share this process)…
      expect(engines.length).toBeGreaterThan(0)
      // …and nothing native came with it.
      expect(maps).not.toMatch(/libvips|@img\/sharp-(?!wasm32)/)
    }
  )
})
