/**
 * A crawl started from the window fills its first tile before it goes to full speed: one request,
 * then nothing more until a page has been given that image's thumbnail.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { startStandin } from '../../../../e2e/standin/server'
import { KNOWN_IDS } from '../catalog/catalog'
import { finished, serviceHarness } from '../../../../test/support/service-harness'
import { NativeSharpEngine } from '../imaging'

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

describe('the first tile of a crawl', () => {
  it('is made and given to the page before the crawl sends a second request', async () => {
    // The image engine loads only when the test lets it: the first thumbnail waits for that.
    let loadEngine: () => void = () => undefined
    const engineMayLoad = new Promise<void>((resolve) => (loadEngine = resolve))
    let thumbnailsAsked = 0
    const engine = new NativeSharpEngine({
      load: async () => {
        thumbnailsAsked++
        await engineMayLoad
        return import('sharp')
      }
    })
    cleanups.push(() => engine.close())
    // Answers slow enough that the crawl is still running once the engine has loaded.
    const standin = await startStandin({ imageSize: 'small', latencyMs: 20 })
    cleanups.push(() => standin.close())
    const ids = KNOWN_IDS.slice(0, 100)
    const h = await serviceHarness(
      { ids: ids.join(','), standin, imageEngine: engine, firstWaveMaxMs: 600_000 },
      cleanups
    )
    const saved = () => (h.events.itemsAdded ?? []).flat().length
    const done = finished(h.service)
    await h.service.startCrawl({})

    // The first image is saved and its thumbnail waits for the engine: the crawl waits too.
    await vi.waitFor(() => expect(saved()).toBe(1), { timeout: 10_000 })
    expect(thumbnailsAsked).toBeGreaterThan(0)
    // Two progress updates later (each a flush interval apart), still nothing more was asked.
    const updates = h.events.crawlProgress?.length ?? 0
    await vi.waitFor(() => expect(h.events.crawlProgress?.length).toBeGreaterThan(updates + 1))
    expect(h.standin.totalRequests()).toBe(1)

    // The engine loads and makes the thumbnail; once a page asks for it, the crawl goes on.
    loadEngine()
    const first = ids[0]!
    expect(await h.service.resolveMedia('thumb', String(first))).toMatchObject({
      contentType: 'image/webp'
    })
    await vi.waitFor(() => expect(h.standin.maxConcurrent()).toBeGreaterThan(1), {
      timeout: 10_000
    })
    expect((await done).saved).toBe(ids.length)
  })
})
