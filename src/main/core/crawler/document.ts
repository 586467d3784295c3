/** What a crawled document says about its image, whichever of the two shapes it has. */
import type { CatalogEntry } from '@shared/catalog'
import { DocumentError } from './document-extractor'

export const UNKNOWN_COLOUR: [number, number, number] = [128, 128, 128]

export interface DocumentMeta {
  country: string
  region: string
  lat: number
  lng: number
  attribution: string
}

/**
 * Reads the metadata of a v3 document: flat (`country`, `region`) or with a `geocode` object keyed
 * by geocoder types. Throws DocumentError when the document is about another id.
 */
export function documentMeta(id: number, fields: Record<string, unknown>): DocumentMeta {
  if (fields.id !== undefined && String(fields.id).trim() !== String(id)) {
    throw new DocumentError(`document is for id ${String(fields.id).slice(0, 20)}`)
  }
  const geocode =
    typeof fields.geocode === 'object' && fields.geocode !== null
      ? (fields.geocode as Record<string, unknown>)
      : {}
  return {
    country: firstText(fields.country, geocode.country),
    region: firstText(
      fields.region,
      geocode.administrative_area_level_1,
      geocode.locality,
      geocode.administrative_area_level_2,
      geocode.colloquial_area,
      geocode.natural_feature
    ),
    lat: finite(fields.lat),
    lng: finite(fields.lng),
    attribution: firstText(fields.attribution)
  }
}

/**
 * The catalog's entry for a known id (it has the colour and hue the document lacks), or a new
 * entry built from the document for an id beyond the catalog.
 */
export function entryFor(
  id: number,
  meta: DocumentMeta,
  known: CatalogEntry | undefined
): CatalogEntry {
  if (known) return known
  return { id, ...meta, primaryColor: [...UNKNOWN_COLOUR], hue: 0 }
}

function firstText(...values: unknown[]): string {
  for (const value of values) {
    if (typeof value === 'string' && value.trim() !== '') return value.trim()
  }
  return ''
}

function finite(value: unknown): number {
  const number = typeof value === 'string' ? Number(value) : value
  return typeof number === 'number' && Number.isFinite(number) ? number : 0
}
