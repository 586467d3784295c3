/** Which catalog entries the grid shows, in which order. Pure, so it is memoised and unit-tested. */
import { placeName, type CatalogEntry } from '@shared/catalog'

export type SortKey = 'id' | 'country' | 'colour'

export interface FindOptions {
  query: string
  favoritesOnly: boolean
  savedOnly: boolean
  sort: SortKey
}

export const DEFAULT_FIND: FindOptions = {
  query: '',
  favoritesOnly: false,
  savedOnly: false,
  sort: 'id'
}

export const SORT_LABELS: Record<SortKey, string> = {
  id: 'Id',
  country: 'Country',
  colour: 'Colour'
}

/** Greys have a meaningless hue: they sort after the colours, dark to light. */
function colourKey(entry: CatalogEntry): [number, number] {
  const [r, g, b] = entry.primaryColor
  const chroma = Math.max(r, g, b) - Math.min(r, g, b)
  return chroma < 24 ? [360, r + g + b] : [entry.hue, 0]
}

const byId = (a: CatalogEntry, b: CatalogEntry) => a.id - b.id

const compare: Record<SortKey, (a: CatalogEntry, b: CatalogEntry) => number> = {
  id: byId,
  country: (a, b) =>
    a.country.localeCompare(b.country, 'en') ||
    a.region.localeCompare(b.region, 'en') ||
    byId(a, b),
  colour: (a, b) => {
    const [ah, al] = colourKey(a)
    const [bh, bl] = colourKey(b)
    return ah - bh || al - bl || byId(a, b)
  }
}

function matcher(query: string): ((entry: CatalogEntry) => boolean) | null {
  const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean)
  if (words.length === 0) return null
  return (entry) => {
    const text = `${placeName(entry)} ${entry.id}`.toLowerCase()
    return words.every((word) => text.includes(word))
  }
}

export function findEntries(
  catalog: readonly CatalogEntry[],
  library: ReadonlyMap<number, CatalogEntry>,
  favorites: ReadonlySet<number>,
  options: FindOptions
): CatalogEntry[] {
  const matches = matcher(options.query)
  const shown = catalog.filter(
    (entry) =>
      (!options.favoritesOnly || favorites.has(entry.id)) &&
      (!options.savedOnly || library.has(entry.id)) &&
      (matches === null || matches(entry))
  )
  return shown.sort(compare[options.sort])
}
