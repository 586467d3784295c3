/**
 * The catalog and the library as `getState` sends them to the page: in columns. As records the
 * first state was 1.30 MB of JSON for the whole collection (every saved image repeated its
 * catalog entry); in columns it is 0.45 MB, and cheaper to write and read than its size says:
 * a few arrays of numbers and strings instead of some ten thousand objects.
 *
 * - The catalog: one array per field; every distinct country, region and attribution once.
 * - The library: a saved image is its id plus what saving it added (size, hash, time). The rare
 *   record whose place differs from its catalog entry (a crawled document said otherwise) carries
 *   its own, so nothing is lost: unpacking gives back exactly the records that were packed.
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
  bytes: number[]
  sha256: string[]
  savedAt: string[]
  /** The records whose place fields are not their catalog entry's (normally none). */
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
  const own: LibraryRecord[] = []
  const columns: Omit<LibraryColumns, 'own'> = { ids: [], bytes: [], sha256: [], savedAt: [] }
  for (const record of records) {
    columns.ids.push(record.id)
    columns.bytes.push(record.bytes)
    columns.sha256.push(record.sha256)
    columns.savedAt.push(record.savedAt)
    if (!samePlace(record, catalog(record.id))) own.push(record)
  }
  return { ...columns, own: packCatalog(own) }
}

/**
 * The library's records by id. Throws when a record has no place at all (neither its own nor a
 * catalog entry), which `packLibrary` never produces.
 */
export function unpackLibrary(
  columns: LibraryColumns,
  catalog: ReadonlyMap<number, CatalogEntry>
): Map<number, LibraryRecord> {
  const own = new Map(unpackCatalog(columns.own).map((entry) => [entry.id, entry]))
  const records = new Map<number, LibraryRecord>()
  columns.ids.forEach((id, i) => {
    const place = own.get(id) ?? catalog.get(id)
    if (!place) throw new Error(`The app's state names saved image ${id} without its place.`)
    records.set(id, {
      id,
      country: place.country,
      region: place.region,
      lat: place.lat,
      lng: place.lng,
      attribution: place.attribution,
      primaryColor: [place.primaryColor[0], place.primaryColor[1], place.primaryColor[2]],
      hue: place.hue,
      bytes: columns.bytes[i]!,
      sha256: columns.sha256[i]!,
      savedAt: columns.savedAt[i]!
    })
  })
  return records
}
