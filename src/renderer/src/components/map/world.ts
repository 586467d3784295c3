/**
 * The map's fixed coordinate space and what is drawn in it. Places and land are projected once
 * (Equal Earth: the whole world, areas true, so a dense region looks as dense as it is) into a
 * space WORLD_WIDTH units wide; fitting to the window and zooming are one transform on top.
 *
 * The land is Natural Earth's 1:110m countries from world-atlas, bundled (nothing is fetched):
 * 108 KB of TopoJSON that projects in ~6 ms. The 1:50m set is 7x the data (756 KB) and took
 * 150–700 ms to project on the development VM (quiet to loaded), a single country up to 200 ms:
 * half the first-paint budget, or long tasks mid-zoom if done later, for coastlines that only
 * differ at high zoom. Markers are placed by their exact coordinates either way.
 */
import { geoEqualEarth, geoGraticule, geoPath } from 'd3-geo'
import { merge, mesh } from 'topojson-client'
import type { GeometryCollection, MultiPolygon, Polygon, Topology } from 'topojson-specification'
import countries110m from 'world-atlas/countries-110m.json'
import type { CatalogEntry } from '@shared/catalog'

export const WORLD_WIDTH = 1000

const projection = geoEqualEarth()
  .fitWidth(WORLD_WIDTH, { type: 'Sphere' })
  // Resample finely: the paths are drawn up to MAX_ZOOM times larger than they are projected.
  .precision(0.05)

const path = geoPath(projection).digits(2)

export const WORLD_HEIGHT = (() => {
  const [[, top], [, bottom]] = path.bounds({ type: 'Sphere' })
  return bottom - top
})()

export type WorldPoint = readonly [number, number]

/** Where a place is in world units, or null for coordinates that are not on the Earth. */
export function projectPlace(place: Pick<CatalogEntry, 'lat' | 'lng'>): WorldPoint | null {
  if (!Number.isFinite(place.lat) || !Number.isFinite(place.lng) || Math.abs(place.lat) > 90) {
    return null
  }
  const point = projection([place.lng, place.lat])
  return point && Number.isFinite(point[0]) && Number.isFinite(point[1]) ? point : null
}

export interface WorldShapes {
  /** The globe's outline: the ocean. */
  sphere: string
  graticule: string
  land: string
  /** Borders between countries (coastlines are the land's own outline). */
  borders: string
}

let shapes: WorldShapes | null = null

/** Projected once per page, on the first map. */
export function worldShapes(): WorldShapes {
  if (shapes) return shapes
  const topology = countries110m as unknown as Topology<{
    countries: GeometryCollection & { geometries: (Polygon | MultiPolygon)[] }
  }>
  const countries = topology.objects.countries
  shapes = {
    sphere: path({ type: 'Sphere' }) ?? '',
    graticule: path(geoGraticule().step([30, 30])()) ?? '',
    land: path(merge(topology, countries.geometries)) ?? '',
    borders: path(mesh(topology, countries, (a, b) => a !== b)) ?? ''
  }
  return shapes
}
