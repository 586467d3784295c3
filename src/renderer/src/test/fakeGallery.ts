/**
 * A typed stand-in for the app behind `gallery()`: every GalleryApi method is a vi.fn() with a
 * plausible answer, and `emit` plays the app's events into the page. The components under test
 * are real; only the far side of the contract is fake.
 */
import { vi } from 'vitest'
import type { ApiEvent, GalleryEvents, GalleryState, WallpaperResult } from '@shared/api'
import type { CatalogEntry, LibraryRecord } from '@shared/catalog'
import type { GalleryClient, Listener } from '@shared/client'
import { idleProgress, type CrawlProgress } from '@shared/crawl'
import type { RotationOutcome, RotationState } from '@shared/rotation'
import type { Settings } from '@shared/settings'
import { packCatalog, packLibrary } from '@shared/state-columns'

export const CATALOG: CatalogEntry[] = [
  entry(1003, 'Australia', '', -10.040181, 143.560709, [4, 184, 244], 195),
  entry(1004, 'Chile', 'Tamarugal', -19.140249, -68.683995, [206, 149, 48], 38),
  entry(1006, 'China', 'Ngari', 30.109104, 84.817876, [51, 102, 107], 185),
  entry(1007, 'Bolivia', 'Potosí', -22.5, -67.8, [120, 80, 160], 270),
  entry(1008, 'United States', 'Utah', 38.5, -110.2, [200, 60, 40], 8),
  entry(1009, 'Iceland', 'Suðurland', 63.9, -19.1, [128, 128, 130], 240),
  entry(1010, 'Chile', 'Atacama', -24.1, -69.2, [180, 120, 90], 20),
  entry(1011, 'Brazil', 'Pará', -3.4, -52.1, [40, 140, 60], 130)
]

function entry(
  id: number,
  country: string,
  region: string,
  lat: number,
  lng: number,
  primaryColor: [number, number, number],
  hue: number
): CatalogEntry {
  return { id, country, region, lat, lng, attribution: `©2014 Maxar (${id})`, primaryColor, hue }
}

export function record(entry: CatalogEntry): LibraryRecord {
  return { ...entry, bytes: 340_000, sha256: 'ab'.repeat(32), savedAt: '2026-01-01T00:00:00Z' }
}

export function settings(patch: Partial<Settings> = {}): Settings {
  return {
    libraryFolder: '/data/library',
    downloadFolder: '/home/ada/Pictures/Earth View',
    concurrency: 24,
    idPlan: 'known',
    sourceUrl: 'https://example.test/{id}.json',
    filenameTemplate: '{id}.jpg',
    theme: 'system',
    thumbnailSize: 220,
    view: 'grid',
    writeExif: true,
    favorites: [],
    windowBounds: null,
    wallpaperInterval: 'never',
    wallpaperSource: 'favorites',
    startAtLogin: false,
    trayNoticeShown: false,
    ...patch
  }
}

export function progress(patch: Partial<CrawlProgress>): CrawlProgress {
  return { ...idleProgress(24), ...patch }
}

export function rotation(patch: Partial<RotationState> = {}): RotationState {
  return {
    interval: 'never',
    source: 'favorites',
    eligible: 0,
    current: null,
    nextChangeAt: null,
    changing: false,
    last: null,
    ...patch
  }
}

/** The app's state as tests write it: whole records, which `getState` packs as the service does. */
export type FakeState = Omit<GalleryState, 'catalog' | 'library'> & {
  catalog: CatalogEntry[]
  library: LibraryRecord[]
}

export function fakeGallery(initial: Partial<FakeState> = {}) {
  const state: FakeState = {
    catalog: CATALOG,
    library: [],
    crawl: idleProgress(24),
    failures: [],
    settings: settings(),
    dataFolder: '/data',
    rotation: rotation(),
    ...initial
  }
  const listeners = new Map<ApiEvent, Set<(payload: never) => void>>()
  let favorites = [...state.settings.favorites]

  const client = {
    getState: vi.fn(async (): Promise<GalleryState> =>
      structuredClone({
        ...state,
        catalog: packCatalog(state.catalog),
        library: packLibrary(state.library, (id) => state.catalog.find((one) => one.id === id))
      })
    ),
    startCrawl: vi.fn(async () => progress({ state: 'running', requested: state.catalog.length })),
    pauseCrawl: vi.fn(async () => progress({ state: 'paused' })),
    resumeCrawl: vi.fn(async () => progress({ state: 'running' })),
    cancelCrawl: vi.fn(async () => progress({ state: 'cancelled' })),
    updateSettings: vi.fn(async (patch) => ({ ...state.settings, ...patch, favorites })),
    setFavorite: vi.fn(async (id: number, favorite: boolean) => {
      favorites = favorite ? [...favorites, id] : favorites.filter((other) => other !== id)
      return { ...state.settings, favorites }
    }),
    chooseDownloadFolder: vi.fn(async () => ({ ...state.settings, downloadFolder: '/elsewhere' })),
    chooseLibraryFolder: vi.fn(async () => {
      state.settings = { ...state.settings, libraryFolder: '/elsewhere/library' }
      state.libraryProblem = null
      return state.settings
    }),
    exportItems: vi.fn(async (ids: number[]) => ({
      folder: state.settings.downloadFolder,
      written: ids.map((id) => `${state.settings.downloadFolder}/${id}.jpg`),
      skipped: 0,
      fetched: 0,
      failed: []
    })),
    setWallpaper: vi.fn(async (): Promise<WallpaperResult> => ({
      status: 'applied',
      message: 'The wallpaper is set on GNOME.',
      desktop: 'GNOME'
    })),
    openInMaps: vi.fn(async () => undefined),
    showDownloadFolder: vi.fn(async () => undefined),
    nextWallpaper: vi.fn(async (): Promise<RotationOutcome> => ({
      status: 'applied',
      message: 'The wallpaper is set on GNOME.',
      id: 1004,
      trigger: 'manual',
      at: Date.now(),
      failuresInARow: 0
    })),
    on: vi.fn(<E extends ApiEvent>(event: E, listener: Listener<E>) => {
      const set = listeners.get(event) ?? new Set()
      listeners.set(event, set)
      set.add(listener as (payload: never) => void)
      return () => set.delete(listener as (payload: never) => void)
    })
  } satisfies GalleryClient

  return {
    client,
    state,
    emit<E extends ApiEvent>(event: E, payload: GalleryEvents[E]) {
      for (const listener of listeners.get(event) ?? []) {
        ;(listener as Listener<E>)(payload)
      }
    },
    listenerCount: (event: ApiEvent) => listeners.get(event)?.size ?? 0
  }
}
