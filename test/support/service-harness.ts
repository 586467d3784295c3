/** A GalleryService on a fresh data folder, crawling from a local stand-in (service tests). */
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { GalleryEvents } from '@shared/api'
import { startStandin, type Standin } from '../../e2e/standin/server'
import type { ImageEngine } from '../../src/main/core/imaging'
import { openNodeSettings } from '../../src/main/core/settings'
import { GalleryService, type Host } from '../../src/main/core/service/gallery-service'

export interface ServiceHarness {
  service: GalleryService
  standin: Standin
  data: string
  opened: string[]
  events: { [E in keyof GalleryEvents]?: GalleryEvents[E][] }
  /** Closes the service and the stand-in (also done by `cleanup`). */
  close(): Promise<void>
}

export interface ServiceHarnessOptions {
  ids: string
  pickFolder?: string | null
  defaultDownloadFolder?: string
  /** An existing data folder (a second start); a fresh one by default. */
  data?: string
  /** A stand-in to share with an earlier harness; a fresh one by default. */
  standin?: Standin
  /** The service's image engine; the process's own by default. The caller closes it. */
  imageEngine?: ImageEngine
  /** How long a crawl's first wave may wait for its first thumbnail (the app's own by default). */
  firstWaveMaxMs?: number
}

const RECORDED_EVENTS = [
  'crawlProgress',
  'itemsAdded',
  'itemsRemoved',
  'crawlFinished',
  'settingsChanged',
  'error'
] as const

/** `cleanups` collects what the test file's afterEach must close. */
export async function serviceHarness(
  options: ServiceHarnessOptions,
  cleanups: (() => Promise<void>)[]
): Promise<ServiceHarness> {
  const standin = options.standin ?? (await startStandin({ imageSize: 'small' }))
  const data = options.data ?? (await mkdtemp(join(tmpdir(), 'evg-service-')))
  const opened: string[] = []
  const host: Host = {
    pickFolder: async () => options.pickFolder ?? null,
    openInBrowser: async (url) => void opened.push(url),
    showFolder: async (path) => void opened.push(path)
  }
  const service = await GalleryService.create({
    dataFolder: data,
    settingsBackend: (await openNodeSettings(data)).backend,
    host,
    crawlDefaults: { source: standin.url, ids: options.ids },
    defaultDownloadFolder: options.defaultDownloadFolder,
    crawlTuning: { retryBaseDelayMs: 5, firstWaveMaxMs: options.firstWaveMaxMs },
    imageEngine: options.imageEngine
  })
  const events: ServiceHarness['events'] = {}
  for (const name of RECORDED_EVENTS) {
    service.on(name, (payload) => ((events[name] ??= []) as unknown[]).push(payload))
  }
  let closed = false
  const close = async () => {
    if (closed) return
    closed = true
    await service.close()
    if (!options.standin) await standin.close()
  }
  cleanups.push(close)
  return { service, standin, data, opened, events, close }
}

/** Resolves with the next crawl's summary. */
export function finished(service: GalleryService): Promise<GalleryEvents['crawlFinished']> {
  return new Promise((resolve) => {
    const off = service.on('crawlFinished', (summary) => {
      off()
      resolve(summary)
    })
  })
}
