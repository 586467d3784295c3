import { describe, expect, it } from 'vitest'
import type { CatalogEntry, LibraryRecord } from '@shared/catalog'
import { CATALOG, fakeGallery, record } from '../test/fakeGallery'
import { GalleryController } from './controller'

describe('loading the state', () => {
  it('builds from the compact state the same store the page built from whole records', async () => {
    // A catalog out of order, an entry learnt beyond the bundled one, a record whose place a
    // crawled document changed, and records saved at different times.
    const learnt: CatalogEntry = {
      id: 20_001,
      country: '',
      region: '',
      lat: 0,
      lng: 0,
      attribution: '',
      primaryColor: [128, 128, 128],
      hue: 0
    }
    const catalog = [...CATALOG.slice(4), learnt, ...CATALOG.slice(0, 4)]
    const moved: LibraryRecord = { ...record(CATALOG[1]!), region: 'Elsewhere', lat: -20.5 }
    const library: LibraryRecord[] = [
      { ...record(CATALOG[0]!), savedAt: '2026-02-03T04:05:06.789Z', bytes: 12_345 },
      moved,
      record(learnt),
      { ...record(CATALOG[5]!), sha256: 'cd'.repeat(32) }
    ]
    const fake = fakeGallery({ catalog, library })
    const controller = new GalleryController(fake.client)
    await controller.load()

    // The places the page's store held when getState sent whole records (before columns).
    const state = controller.store.get()
    expect(state.status).toBe('ready')
    expect(state.catalog).toEqual([...catalog].sort((a, b) => a.id - b.id))
    const places = library.map(({ bytes: _b, sha256: _s, savedAt: _t, ...place }) => place)
    expect(state.library).toEqual(new Map(places.map((one) => [one.id, one])))
    expect(state.library.get(moved.id)).toMatchObject({ region: 'Elsewhere', lat: -20.5 })
    expect(state.activeId).toBe(CATALOG[0]!.id)
  })
})

describe("the app's events", () => {
  it('takes set-aside images out of the library, and leaves the rest', async () => {
    const saved = CATALOG.slice(0, 3).map((entry) => record(entry))
    const fake = fakeGallery({ library: saved })
    const controller = new GalleryController(fake.client)
    await controller.start()
    fake.emit('itemsRemoved', [saved[1]!.id, 99_999])
    expect([...controller.store.get().library.keys()]).toEqual([saved[0]!.id, saved[2]!.id])
    controller.stop()
  })
})
