import { describe, expect, it } from 'vitest'
import { Catalog } from '../main/core/catalog/catalog'
import type { CatalogEntry, LibraryRecord } from './catalog'
import { packCatalog, packLibrary, unpackCatalog, unpackLibrary } from './state-columns'

const bundled = new Catalog().entries()

function saved(entry: CatalogEntry, n = entry.id): LibraryRecord {
  return {
    ...entry,
    primaryColor: [...entry.primaryColor],
    bytes: 300_000 + n,
    sha256: n.toString(16).padStart(64, '0'),
    savedAt: new Date(Date.UTC(2026, 0, 1) + n * 1_000).toISOString()
  }
}

/** A saved image's place: its record without what saving it recorded. */
function placeOf({ bytes: _b, sha256: _s, savedAt: _t, ...place }: LibraryRecord): CatalogEntry {
  return place
}

/** What the page builds from the state: entries in id order, saved places by id. */
function roundTrip(entries: readonly CatalogEntry[], records: readonly LibraryRecord[]) {
  const byId = new Map(entries.map((entry) => [entry.id, entry]))
  // Through JSON, as the bridge sends it (IPC's structured clone keeps at least as much).
  const wire = JSON.parse(
    JSON.stringify({
      catalog: packCatalog(entries),
      library: packLibrary(records, (id) => byId.get(id))
    })
  ) as { catalog: ReturnType<typeof packCatalog>; library: ReturnType<typeof packLibrary> }
  const catalog = unpackCatalog(wire.catalog)
  const pageCatalog = new Map(catalog.map((entry) => [entry.id, entry]))
  const library = unpackLibrary(wire.library, pageCatalog)
  return { catalog, pageCatalog, library, wire }
}

describe('the state in columns', () => {
  it('gives back the whole bundled catalog, and a full library as the same entries', () => {
    const records = bundled.map((entry) => saved(entry))
    const { catalog, pageCatalog, library, wire } = roundTrip(bundled, records)
    expect(catalog).toEqual(bundled)
    expect([...library.keys()]).toEqual(records.map((record) => record.id))
    for (const [id, place] of library) expect(place).toBe(pageCatalog.get(id))
    // Nothing repeated: every record matched its catalog entry.
    expect(wire.library.own.ids).toEqual([])
    expect(new Set(wire.catalog.strings).size).toBe(wire.catalog.strings.length)
  })

  it('keeps the place of a record that says something else, or has no catalog entry', () => {
    const [first, second, third] = bundled
    const moved: LibraryRecord = { ...saved(first!), region: 'Somewhere else', lat: 1.5 }
    const recoloured: LibraryRecord = { ...saved(second!), primaryColor: [1, 2.5, 3] }
    const unknown: LibraryRecord = saved({
      id: 99_999,
      country: 'Ísland',
      region: '',
      lat: -63.5,
      lng: 179.999999,
      attribution: '',
      primaryColor: [0, 0, 0],
      hue: 359
    })
    const plain = saved(third!)
    const records = [moved, recoloured, plain, unknown]
    const { library, wire } = roundTrip(bundled, records)
    expect(library).toEqual(new Map(records.map((record) => [record.id, placeOf(record)])))
    expect(wire.library.own.ids).toEqual([first!.id, second!.id, 99_999])
  })

  it('is about a seventh of the records as JSON for the whole collection', () => {
    const records = bundled.map((entry) => saved(entry))
    const asRecords = JSON.stringify({ catalog: bundled, library: records }).length
    const { wire } = roundTrip(bundled, records)
    const asColumns = JSON.stringify(wire).length
    // 1.30 MB as records, 0.19 MB in columns.
    expect(asColumns / asRecords).toBeLessThan(0.15)
  })

  it('refuses a saved image it cannot place rather than inventing one', () => {
    const packed = packLibrary([saved(bundled[0]!)], () => bundled[0])
    expect(() => unpackLibrary(packed, new Map())).toThrow(/saved image 1003 without its place/)
  })
})
