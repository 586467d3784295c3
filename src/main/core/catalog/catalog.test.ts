import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { Catalog, KNOWN_IDS } from './catalog'

const shared = JSON.parse(
  readFileSync(
    new URL('../../../../../shared/data/earthview/earth-views.json', import.meta.url),
    'utf8'
  )
) as { id: string; country?: string; region?: string; lat: number }[]

describe('bundled catalog', () => {
  it('holds every known id from the shared data set, with its place and position', () => {
    const catalog = new Catalog()
    expect(catalog.size).toBe(shared.length)
    expect(KNOWN_IDS.length).toBe(2609)
    for (const row of shared) {
      const entry = catalog.get(Number(row.id))
      expect(entry, row.id).toBeDefined()
      expect(entry!.country).toBe((row.country ?? '').trim())
      expect(entry!.region).toBe((row.region ?? '').trim())
      expect(entry!.lat).toBe(row.lat)
      expect(entry!.primaryColor).toHaveLength(3)
    }
  })

  it('learns entries beyond the bundled list', () => {
    const catalog = new Catalog([])
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
    expect(catalog.upsert(entry)).toBe(true)
    expect(catalog.upsert(entry)).toBe(false)
    expect(catalog.knownIds()).toEqual([99])
  })
})
