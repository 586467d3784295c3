import { describe, expect, it } from 'vitest'
import type { CatalogEntry } from '@shared/catalog'
import { catalogEntry } from '../../../../scripts/import-catalog.mjs'
import sample from '../../../../test/fixtures/earth-views-sample.json' with { type: 'json' }
import { Catalog, KNOWN_IDS } from './catalog'

/** Ids further apart than this start a new block. */
const BLOCK_GAP = 300

function blocks(ids: readonly number[]): { first: number; last: number; count: number }[] {
  const found: { first: number; last: number; count: number }[] = []
  for (const id of ids) {
    const current = found.at(-1)
    if (current && id - current.last <= BLOCK_GAP) {
      current.last = id
      current.count++
    } else found.push({ first: id, last: id, count: 1 })
  }
  return found
}

const FIELDS = ['attribution', 'country', 'hue', 'id', 'lat', 'lng', 'primaryColor', 'region']

/** What is wrong with an entry's fields, if anything (checked one by one, 2,609 times, fast). */
function problems(entry: CatalogEntry): string[] {
  const found: string[] = []
  const check = (ok: boolean, what: string) => ok || found.push(`${entry.id}: ${what}`)
  check(Object.keys(entry).sort().join() === FIELDS.join(), `fields ${Object.keys(entry)}`)
  check(Number.isInteger(entry.id) && entry.id > 0 && entry.id <= 99_999, 'id')
  for (const text of [entry.country, entry.region]) {
    check(typeof text === 'string' && text === text.trim(), `untrimmed place "${text}"`)
  }
  // Every image has a place to show: a country, a region, or both.
  check(entry.country + entry.region !== '', 'no place')
  check(typeof entry.attribution === 'string' && entry.attribution.length > 0, 'attribution')
  check(Number.isFinite(entry.lat) && Math.abs(entry.lat) <= 90, 'latitude')
  check(Number.isFinite(entry.lng) && Math.abs(entry.lng) <= 180, 'longitude')
  check(
    Array.isArray(entry.primaryColor) &&
      entry.primaryColor.length === 3 &&
      entry.primaryColor.every((c) => Number.isInteger(c) && c >= 0 && c <= 255),
    'primaryColor'
  )
  check(Number.isInteger(entry.hue) && entry.hue >= 0 && entry.hue <= 360, 'hue')
  return found
}

describe('bundled catalog', () => {
  const catalog = new Catalog()
  const entries = catalog.entries()

  it('holds the 2,609 known ids, each once, in order', () => {
    expect(catalog.size).toBe(2609)
    expect(KNOWN_IDS).toHaveLength(2609)
    expect(new Set(KNOWN_IDS).size).toBe(2609)
    expect(KNOWN_IDS).toEqual([...KNOWN_IDS].sort((a, b) => a - b))
    expect(catalog.knownIds()).toEqual(KNOWN_IDS)
  })

  it('falls into the four id blocks of the Earth View collection', () => {
    expect(blocks(KNOWN_IDS)).toEqual([
      { first: 1003, last: 2448, count: 954 },
      { first: 5003, last: 6607, count: 546 },
      { first: 7001, last: 7023, count: 22 },
      { first: 11566, last: 14793, count: 1087 }
    ])
  })

  it('gives every entry every field, with the right type and range', () => {
    expect(entries.flatMap(problems)).toEqual([])
    // The check itself catches a bad entry.
    const bad = { ...entries[0]!, country: ' Chile', hue: 400, primaryColor: [1, 2] }
    expect(problems(bad as CatalogEntry)).toHaveLength(3)
  })

  it('matches the data set it was imported from, for a sample kept in the repository', () => {
    // Rows copied from the Earth View data set: the first and last id of each block, a country
    // with a trailing space, an entry without a country and one without a region.
    expect(sample.length).toBeGreaterThanOrEqual(10)
    for (const row of sample) {
      expect(catalog.get(Number(row.id)), row.id).toEqual(catalogEntry(row))
    }
    expect(catalog.get(7002)?.country).toBe('Egypt')
    expect(catalog.get(13192)).toMatchObject({ country: '', region: 'Mijek Hill' })
    expect(catalog.get(14085)).toMatchObject({ country: 'Northwest Africa', region: '' })
  })

  it('learns entries beyond the bundled list', () => {
    const learning = new Catalog([])
    const entry = {
      id: 99,
      country: 'X',
      region: '',
      lat: 0,
      lng: 0,
      attribution: '',
      primaryColor: [1, 2, 3] as [number, number, number],
      hue: 0
    }
    expect(learning.upsert(entry)).toBe(true)
    expect(learning.upsert(entry)).toBe(false)
    expect(learning.knownIds()).toEqual([99])
  })

  it('packs its columns for the page once, and again when an entry changes', () => {
    const learning = new Catalog(catalog.entries().slice(0, 3))
    const first = learning.columns()
    expect(learning.columns()).toBe(first)
    expect(first.ids).toEqual(KNOWN_IDS.slice(0, 3))
    const beyond = { ...catalog.entries()[0]!, id: 20_001, country: 'Somewhere new' }
    learning.upsert(beyond)
    const second = learning.columns()
    expect(second).not.toBe(first)
    expect(second.ids).toEqual([...KNOWN_IDS.slice(0, 3), 20_001])
    expect(second.strings).toContain('Somewhere new')
  })
})
