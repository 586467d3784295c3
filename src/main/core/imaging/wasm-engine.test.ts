import { pathToFileURL } from 'node:url'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ImagingUnavailableError } from './image-engine'
import { WasmSharpEngine } from './wasm-engine'

const CRASHING = pathToFileURL(
  join(import.meta.dirname, '../../../../test/support/crashing-sharp.mjs')
)
let engine: WasmSharpEngine | null = null
afterEach(() => engine?.close())

describe('WasmSharpEngine', () => {
  it('fails only the request whose worker died, and starts another worker for the next', async () => {
    engine = new WasmSharpEngine({ workers: 1, sharp: CRASHING.href })
    expect((await engine.run({ op: 'versions' })).emscripten).toBe('stand-in')
    const dying = engine.run({
      op: 'thumbnail',
      input: new Uint8Array([0xff, 0xd8, 0xff]),
      width: 400,
      webp: { quality: 78, effort: 2 }
    })
    await expect(dying).rejects.toMatchObject({ code: 'internal' })
    await expect(dying).rejects.toThrow(/worker stopped \(it exited with code 3\)/)
    expect((await engine.run({ op: 'versions' })).emscripten).toBe('stand-in')
  })

  it('is unavailable for good when its workers cannot load sharp', async () => {
    engine = new WasmSharpEngine({ sharp: 'sharp-is-not-installed' })
    const first = engine.run({ op: 'versions' })
    await expect(first).rejects.toBeInstanceOf(ImagingUnavailableError)
    await expect(first).rejects.toThrow(/sharp-is-not-installed/)
    // Said once: later requests fail at once with the same error, without starting a worker.
    await expect(engine.run({ op: 'versions' })).rejects.toBe(await first.catch((error) => error))
  })

  it('cancels what is queued when closed', async () => {
    engine = new WasmSharpEngine({ workers: 1 })
    const queued = expect(engine.run({ op: 'versions' })).rejects.toMatchObject({
      code: 'cancelled'
    })
    await engine.close()
    await queued
    await expect(engine.run({ op: 'versions' })).rejects.toMatchObject({ code: 'cancelled' })
  })
})
