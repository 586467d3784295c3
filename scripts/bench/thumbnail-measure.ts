/**
 * One measurement of `npm run bench:thumbnails`, run in a process of its own: the Thumbnailer as
 * the app runs it (two at once) on one backend, from a cold start and then warm, with the longest
 * time this process's event loop went without a turn.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { NativeSharpEngine, WasmSharpEngine, type ImageEngine } from '../../src/main/core/imaging'
import { refuseNativeAddons, type Sharp } from '../../src/main/core/imaging/sharp-ops'
import { Thumbnailer } from '../../src/main/core/thumbnails'
import { watchEventLoop } from '../../test/support/event-loop'

export const SHARP_BACKENDS = {
  /** Plain Node (the bridge, the crawl command): libvips in this process. */
  native: () => new NativeSharpEngine(),
  /** The app inside Electron on Linux, as it ships. */
  'wasm, 2 workers': () => new WasmSharpEngine({ workers: 2 }),
  'wasm, 1 worker': () => new WasmSharpEngine({ workers: 1 }),
  'wasm, 3 workers': () => new WasmSharpEngine({ workers: 3 }),
  /** Tuning check: sharp's WebAssembly build reading the files itself. */
  'wasm, 2 workers, wasm reads files': () => new WasmSharpEngine({ workers: 2, readFirst: false }),
  /** The rejected way: the WebAssembly build on the calling (main) thread. */
  'wasm on the main thread': () =>
    new NativeSharpEngine({
      load: async () => {
        refuseNativeAddons()
        const loaded = (await import('sharp')) as { default: Sharp }
        if (!(loaded.default.versions as Record<string, unknown>).emscripten) {
          throw new Error('expected the WebAssembly build')
        }
        return loaded
      }
    })
} satisfies Record<string, () => ImageEngine>

export type SharpBackend = keyof typeof SHARP_BACKENDS

/** Thumbnails one backend can make at once (the Thumbnailer runs 2; one worker runs 1). */
export function parallelism(backend: SharpBackend): number {
  return backend === 'wasm, 1 worker' ? 1 : 2
}

export interface Measurement {
  /** Thumbnails per second, worker start-up included. */
  coldRate: number
  /** Thumbnails per second once started (a second pass over the same images). */
  warmRate: number
  /** The longest gap between two turns of this process's event loop, over both passes. */
  longestBlockMs: number
  /** The most CPU time the main thread spent between two turns (not inflated by a busy machine). */
  longestCpuBlockMs: number
  /** CPU time of the whole process (every thread) per thumbnail, warm. */
  cpuMsPerThumbnail: number
}

export async function measureSharp(
  backend: SharpBackend,
  images: { folder: string; ids: number[] }
): Promise<Measurement> {
  const source = {
    has: (id: number) => images.ids.includes(id),
    imagePath: (id: number) => join(images.folder, `${id}.jpg`)
  }
  const scratch = await mkdtemp(join(tmpdir(), 'evg-bench-thumbs-'))
  const loop = watchEventLoop()
  const engine = SHARP_BACKENDS[backend]()
  try {
    const pass = async (name: string): Promise<{ rate: number; cpuMs: number }> => {
      const thumbnailer = new Thumbnailer({ folder: join(scratch, name), images: source, engine })
      let failure: Error | undefined
      thumbnailer.on('error', (_id, error) => (failure ??= error))
      thumbnailer.on('unavailable', (error) => (failure ??= error))
      const started = performance.now()
      const cpu = process.cpuUsage()
      for (const id of images.ids) thumbnailer.enqueue(id)
      await thumbnailer.idle()
      const seconds = (performance.now() - started) / 1000
      const used = process.cpuUsage(cpu)
      if (failure) throw failure
      return { rate: images.ids.length / seconds, cpuMs: (used.user + used.system) / 1000 }
    }
    const cold = await pass('cold')
    const warm = await pass('warm')
    const blocks = loop.stop()
    return {
      coldRate: cold.rate,
      warmRate: warm.rate,
      longestBlockMs: blocks.wallMs,
      longestCpuBlockMs: blocks.cpuMs,
      cpuMsPerThumbnail: warm.cpuMs / images.ids.length
    }
  } finally {
    loop.stop()
    await engine.close()
    await rm(scratch, { recursive: true, force: true })
  }
}
