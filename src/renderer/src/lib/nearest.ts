/**
 * Great-circle distances between places and the nearest others to one: data in, data out, so the
 * detail view's "Nearby" is unit-tested on its own (antimeridian and poles included).
 */

export interface GeoPoint {
  lat: number
  lng: number
}

export interface Nearby<T> {
  entry: T
  km: number
}

/** The IUGG mean radius: the sphere that best fits the Earth for distances along its surface. */
export const EARTH_RADIUS_KM = 6371.0088

const RADIANS = Math.PI / 180

/**
 * Haversine distance in km. Longitudes are not compared as numbers, so 179.9° E and 179.9° W
 * are 22 km apart, and every longitude at a pole is the same point.
 */
export function greatCircleKm(a: GeoPoint, b: GeoPoint): number {
  const dLat = (b.lat - a.lat) * RADIANS
  const dLng = (b.lng - a.lng) * RADIANS
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(a.lat * RADIANS) * Math.cos(b.lat * RADIANS) * Math.sin(dLng / 2) ** 2
  // Rounding can push h a hair past 1 for antipodes; asin would return NaN.
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.sqrt(Math.min(1, Math.max(0, h))))
}

const usable = (point: GeoPoint) =>
  Number.isFinite(point.lat) &&
  Number.isFinite(point.lng) &&
  Math.abs(point.lat) <= 90 &&
  Math.abs(point.lng) <= 360

/**
 * The `count` places of `candidates` nearest to `target`, nearest first (equal distances by id),
 * leaving out the target itself and any place without usable coordinates. One pass that keeps the
 * best few, so it costs no sort of the whole collection.
 */
export function nearestPlaces<T extends GeoPoint & { id: number }>(
  target: T,
  candidates: readonly T[],
  count = 5
): Nearby<T>[] {
  if (count <= 0 || !usable(target)) return []
  const best: Nearby<T>[] = []
  const before = (a: Nearby<T>, b: Nearby<T>) =>
    a.km < b.km || (a.km === b.km && a.entry.id < b.entry.id)
  for (const entry of candidates) {
    if (entry.id === target.id || !usable(entry)) continue
    const found = { entry, km: greatCircleKm(target, entry) }
    if (best.length === count && !before(found, best[count - 1]!)) continue
    let at = best.length
    while (at > 0 && before(found, best[at - 1]!)) at--
    best.splice(at, 0, found)
    if (best.length > count) best.pop()
  }
  return best
}
