/**
 * When the image engine loads: not before it is needed, except for an empty library, whose page
 * has no thumbnail to ask for and whose next step is a crawl (its first thumbnail should not wait
 * the ~150 ms native sharp holds the event loop while it loads).
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setImmediate as nextTurn } from 'node:timers/promises'
import { afterEach, describe, expect, it } from 'vitest'
import { startStandin, type Standin } from '../../../../e2e/standin/server'
import { finished, serviceHarness } from '../../../../test/support/service-harness'
import { NativeSharpEngine } from '../imaging'

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

/** A service on `data` whose native sharp counts its loads. */
async function serviceOn(data: string, standin: Standin) {
  let loaded: () => void = () => undefined
  const loads = { count: 0, first: new Promise<void>((resolve) => (loaded = resolve)) }
  const engine = new NativeSharpEngine({
    load: () => {
      loads.count++
      loaded()
      return import('sharp')
    }
  })
  cleanups.push(() => engine.close())
  const { service, close } = await serviceHarness(
    { ids: '1003-1006', data, standin, imageEngine: engine },
    cleanups
  )
  return { service, close, loads }
}

describe('loading the image engine', () => {
  it('starts when a page asks for the state of an empty library, and not for a full one', async () => {
    const standin = await startStandin({ imageSize: 'small' })
    const data = await mkdtemp(join(tmpdir(), 'evg-warm-'))
    cleanups.push(
      () => rm(data, { recursive: true, force: true }),
      () => standin.close()
    )

    const empty = await serviceOn(data, standin)
    expect(empty.loads.count).toBe(0)
    await empty.service.getState()
    await empty.loads.first
    expect(empty.loads.count).toBe(1)
    const done = finished(empty.service)
    await empty.service.startCrawl({})
    expect((await done).saved).toBeGreaterThan(0)
    await empty.close()

    // The same data folder, now with saved images: the page's state loads nothing.
    const saved = await serviceOn(data, standin)
    await saved.service.getState()
    await nextTurn()
    await nextTurn()
    expect(saved.loads.count).toBe(0)
  })
})
