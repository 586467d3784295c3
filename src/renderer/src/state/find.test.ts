import { describe, expect, it } from 'vitest'
import type { CatalogEntry, LibraryRecord } from '@shared/catalog'
import { DEFAULT_FIND, findEntries } from './find'

const entry = (
  id: number,
  country: string,
  region: string,
  primaryColor: [number, number, number],
  hue: number
): CatalogEntry => ({ id, country, region, lat: 0, lng: 0, attribution: '', primaryColor, hue })

const catalog = [
  entry(3, 'Chile', 'Atacama', [200, 120, 60], 25),
  entry(1, 'Australia', '', [20, 150, 220], 200),
  entry(2, 'Chile', 'Tamarugal', [120, 120, 124], 240),
  entry(4, 'Brazil', 'Pará', [40, 160, 60], 130)
]
const library = new Map([[2, { id: 2 } as LibraryRecord]])
const ids = (entries: CatalogEntry[]) => entries.map((e) => e.id)

describe('findEntries', () => {
  it('sorts by id by default without mutating the catalog', () => {
    expect(ids(findEntries(catalog, library, new Set(), DEFAULT_FIND))).toEqual([1, 2, 3, 4])
    expect(ids(catalog)).toEqual([3, 1, 2, 4])
  })

  it('matches every word of the query against region, country and id, ignoring case', () => {
    const find = (query: string) =>
      ids(findEntries(catalog, library, new Set(), { ...DEFAULT_FIND, query }))
    expect(find('chile')).toEqual([2, 3])
    expect(find('  CHILE  tama ')).toEqual([2])
    expect(find('4')).toEqual([4])
    expect(find('atlantis')).toEqual([])
  })

  it('keeps favorites or downloaded items only', () => {
    expect(
      ids(findEntries(catalog, library, new Set([3, 4]), { ...DEFAULT_FIND, favoritesOnly: true }))
    ).toEqual([3, 4])
    expect(
      ids(findEntries(catalog, library, new Set(), { ...DEFAULT_FIND, savedOnly: true }))
    ).toEqual([2])
  })

  it('sorts by country then region, and by hue with greys last', () => {
    const sorted = (sort: 'country' | 'colour') =>
      ids(findEntries(catalog, library, new Set(), { ...DEFAULT_FIND, sort }))
    expect(sorted('country')).toEqual([1, 4, 3, 2])
    expect(sorted('colour')).toEqual([3, 4, 1, 2])
  })
})
