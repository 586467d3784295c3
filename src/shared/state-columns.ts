/**
 * The catalog and the library as `getState` sends them to the page: in columns. As records the
 * first state was 1.30 MB of JSON for the whole collection (every saved image repeated its
 * catalog entry, with its hash, size and time, which the page never shows); in columns it is
 * 0.18 MB, and cheaper to write and read than its size says: a few arrays of numbers and strings
 * instead of some five thousand objects.
 *
 * - The catalog: one array per field; every distinct country, region and attribution once.
 * - The library: the ids of the saved images. The page needs to know which places are saved, not
 *   how (hashes, sizes and times stay in the main process). The rare saved image whose place
 *   differs from its catalog entry (a crawled document said otherwise) carries its own.
 *
 * No Node, no DOM: the service packs, the page unpacks.
 */
import type { CatalogEntry, LibraryRecord } from './catalog'

export interface CatalogColumns {
  ids: number[]
  /** Each distinct country, region and attribution once; the three columns below index it. */
  strings: string[]
  country: number[]
  region: number[]
  attribution: number[]
  lat: number[]
  lng: number[]
  /** `primaryColor`, three numbers per entry. */
  colour: number[]
  hue: number[]
}

export interface LibraryColumns {
  /** Saved images, by id. */
  ids: number[]
  /** The saved places that are not their catalog entry (normally none). */
  own: CatalogColumns
}

export function packCatalog(entries: readonly CatalogEntry[]): CatalogColumns {
  const columns: CatalogColumns = {
    ids: [],
    strings: [],
    country: [],
    region: [],
    attribution: [],
    lat: [],
    lng: [],
    colour: [],
    hue: []
  }
  const indexOf = new Map<string, number>()
  const intern = (text: string) => {
    let index = indexOf.get(text)
    if (index === undefined) {
      index = columns.strings.push(text) - 1
      indexOf.set(text, index)
    }
    return index
  }
  for (const entry of entries) {
    columns.ids.push(entry.id)
    columns.country.push(intern(entry.country))
    columns.region.push(intern(entry.region))
    columns.attribution.push(intern(entry.attribution))
    columns.lat.push(entry.lat)
    columns.lng.push(entry.lng)
    columns.colour.push(entry.primaryColor[0], entry.primaryColor[1], entry.primaryColor[2])
    columns.hue.push(entry.hue)
  }
  return columns
}

export function unpackCatalog(columns: CatalogColumns): CatalogEntry[] {
  const { strings, colour } = columns
  return columns.ids.map((id, i) => ({
    id,
    country: strings[columns.country[i]!]!,
    region: strings[columns.region[i]!]!,
    lat: columns.lat[i]!,
    lng: columns.lng[i]!,
    attribution: strings[columns.attribution[i]!]!,
    primaryColor: [colour[i * 3]!, colour[i * 3 + 1]!, colour[i * 3 + 2]!],
    hue: columns.hue[i]!
  }))
}

/** Whether a record says the same about its place as the catalog entry. */
function samePlace(record: CatalogEntry, entry: CatalogEntry | undefined): boolean {
  return (
    entry !== undefined &&
    record.country === entry.country &&
    record.region === entry.region &&
    record.lat === entry.lat &&
    record.lng === entry.lng &&
    record.attribution === entry.attribution &&
    record.hue === entry.hue &&
    record.primaryColor[0] === entry.primaryColor[0] &&
    record.primaryColor[1] === entry.primaryColor[1] &&
    record.primaryColor[2] === entry.primaryColor[2]
  )
}

/** `catalog`: the entries the page will have, by id (what `unpackCatalog` gives it). */
export function packLibrary(
  records: readonly LibraryRecord[],
  catalog: (id: number) => CatalogEntry | undefined
): LibraryColumns {
  const own: CatalogEntry[] = []
  const ids: number[] = []
  for (const record of records) {
    ids.push(record.id)
    if (!samePlace(record, catalog(record.id))) own.push(record)
  }
  return { ids, own: packCatalog(own) }
}

/**
 * The saved places by id: the catalog's own entries (the same objects), or the place a saved
 * image carries when it differs. Throws when an id has neither, which `packLibrary` never produces.
 */
export function unpackLibrary(
  columns: LibraryColumns,
  catalog: ReadonlyMap<number, CatalogEntry>
): Map<number, CatalogEntry> {
  const own = new Map(unpackCatalog(columns.own).map((entry) => [entry.id, entry]))
  const places = new Map<number, CatalogEntry>()
  for (const id of columns.ids) {
    const place = own.get(id) ?? catalog.get(id)
    if (!place) throw new Error(`The app's state names saved image ${id} without its place.`)
    places.set(id, place)
  }
  return places
}
