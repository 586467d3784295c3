import { pathToFileURL } from 'node:url'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { ImageEngine } from './image-engine'
import { ImagingUnavailableError } from './image-engine'
import { NativeSharpEngine } from './native-engine'
import { WasmSharpEngine } from './wasm-engine'

const ANNOUNCING = pathToFileURL(
  join(import.meta.dirname, '../../../../test/support/announcing-sharp.mjs')
)
let engine: ImageEngine | null = null
afterEach(() => engine?.close())

describe('warm()', () => {
  it('loads native sharp before the first request, once', async () => {
    let loads = 0
    const native = new NativeSharpEngine({
      load: () => {
        loads++
        return import('sharp')
      }
    })
    engine = native
    native.warm()
    native.warm()
    expect(loads).toBe(1)
    expect((await native.run({ op: 'versions' })).vips).toBeTruthy()
    expect(loads).toBe(1)
  })

  it('never throws, and leaves a sharp that cannot load to be said by the next request', async () => {
    engine = new NativeSharpEngine({ load: () => import('sharp-is-not-installed' as string) })
    engine.warm()
    await expect(engine.run({ op: 'versions' })).rejects.toBeInstanceOf(ImagingUnavailableError)
  })

  it('starts a WebAssembly worker, which loads sharp before any request and then serves it', async () => {
    const channel = new BroadcastChannel('announcing-sharp')
    const loaded = new Promise((resolve) => (channel.onmessage = resolve))
    try {
      engine = new WasmSharpEngine({ workers: 2, sharp: ANNOUNCING.href })
      engine.warm()
      await loaded
      expect((await engine.run({ op: 'versions' })).emscripten).toBe('stand-in')
    } finally {
      channel.close()
    }
  })
})
