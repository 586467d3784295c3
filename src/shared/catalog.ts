/** One Earth View image as the catalog knows it (bundled data, or learnt from a crawled document). */
export interface CatalogEntry {
  id: number
  country: string
  region: string
  lat: number
  lng: number
  attribution: string
  /** [r, g, b] of the image's dominant colour; used as the placeholder before a thumbnail loads. */
  primaryColor: [number, number, number]
  /** 0–359, for sorting by colour. */
  hue: number
}

/** What the library index records for each saved image. */
export interface LibraryRecord extends CatalogEntry {
  bytes: number
  sha256: string
  /** ISO 8601 time the image was saved. */
  savedAt: string
}

/** "Region, Country", or whichever part exists, or "Earth View" when neither does. */
export function placeName(entry: Pick<CatalogEntry, 'country' | 'region'>): string {
  const parts = [entry.region, entry.country].map((part) => part.trim()).filter(Boolean)
  return parts.length > 0 ? parts.join(', ') : 'Earth View'
}

/** The accessible name of a gallery item: "<place> (<id>)". */
export function itemLabel(entry: Pick<CatalogEntry, 'id' | 'country' | 'region'>): string {
  return `${placeName(entry)} (${entry.id})`
}

export function googleMapsUrl(entry: Pick<CatalogEntry, 'lat' | 'lng'>): string {
  return `https://www.google.com/maps/@${entry.lat},${entry.lng},12z/data=!3m1!1e3`
}
