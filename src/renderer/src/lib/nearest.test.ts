import { describe, expect, it } from 'vitest'
import { EARTH_RADIUS_KM, greatCircleKm, nearestPlaces } from './nearest'

const KM_PER_DEGREE = (Math.PI / 180) * EARTH_RADIUS_KM // 111.195 km along a great circle

const place = (id: number, lat: number, lng: number) => ({ id, lat, lng })

describe('greatCircleKm', () => {
  it('measures a known distance (Paris to London, 343.6 km)', () => {
    expect(greatCircleKm(place(1, 48.8566, 2.3522), place(2, 51.5074, -0.1278))).toBeCloseTo(
      343.56,
      1
    )
  })

  it('is zero for the same point and symmetric', () => {
    const a = place(1, -33.9, 18.4)
    const b = place(2, 35.7, 139.7)
    expect(greatCircleKm(a, a)).toBe(0)
    expect(greatCircleKm(a, b)).toBeCloseTo(greatCircleKm(b, a), 9)
  })

  it('goes the short way across the antimeridian', () => {
    // 1° of longitude on the equator, not 359°.
    expect(greatCircleKm(place(1, 0, 179.5), place(2, 0, -179.5))).toBeCloseTo(KM_PER_DEGREE, 6)
    expect(greatCircleKm(place(1, -17.7, 179.9), place(2, -17.7, -179.9))).toBeLessThan(25)
  })

  it('treats every longitude at a pole as one point, and crosses the pole', () => {
    expect(greatCircleKm(place(1, 90, 0), place(2, 90, 123))).toBeCloseTo(0, 9)
    expect(greatCircleKm(place(1, -90, -45), place(2, -90, 170))).toBeCloseTo(0, 9)
    // 89° N on opposite meridians: 2° of arc over the pole.
    expect(greatCircleKm(place(1, 89, 0), place(2, 89, 180))).toBeCloseTo(2 * KM_PER_DEGREE, 6)
    expect(greatCircleKm(place(1, 90, 0), place(2, -90, 0))).toBeCloseTo(180 * KM_PER_DEGREE, 6)
  })

  it('stays a number for antipodes', () => {
    expect(greatCircleKm(place(1, 10, 20), place(2, -10, -160))).toBeCloseTo(180 * KM_PER_DEGREE, 3)
  })
})

describe('nearestPlaces', () => {
  it('finds the nearest others in order, without the place itself', () => {
    const target = place(1, 0, 0)
    const others = [place(2, 0, 3), place(3, 0, 1), place(4, 2, 0), place(5, 0, -0.5), target]
    const found = nearestPlaces(target, others, 3)
    expect(found.map((near) => near.entry.id)).toEqual([5, 3, 4])
    expect(found[0]!.km).toBeCloseTo(0.5 * KM_PER_DEGREE, 6)
  })

  it('finds neighbours on the other side of the antimeridian (Fiji)', () => {
    const target = place(1, -16.8, 179.9)
    const others = [
      place(2, -16.8, 178.0), // west, same side: ~202 km
      place(3, -16.8, -179.8), // east, across the line: ~32 km
      place(4, -16.8, 170.0) // ~1,054 km
    ]
    const found = nearestPlaces(target, others, 3)
    expect(found.map((near) => near.entry.id)).toEqual([3, 2, 4])
    expect(found[0]!.km).toBeLessThan(40)
  })

  it('finds neighbours across a pole, where longitude means little', () => {
    const target = place(1, 89.5, 0)
    const others = [
      place(2, 88, 0), // 1.5° south along the same meridian: ~167 km
      place(3, 89.5, 180), // over the pole: 1° of arc, ~111 km
      place(4, 89.9, -90) // ~57 km
    ]
    expect(nearestPlaces(target, others, 3).map((near) => near.entry.id)).toEqual([4, 3, 2])
    // At the pole itself, distance is colatitude alone.
    const south = nearestPlaces(place(9, -90, 0), [place(5, -80, 170), place(6, -85, -20)], 2)
    expect(south.map((near) => near.entry.id)).toEqual([6, 5])
    expect(south[0]!.km).toBeCloseTo(5 * KM_PER_DEGREE, 6)
  })

  it('orders equal distances by id and includes places at the same spot', () => {
    const target = place(1, 10, 10)
    const found = nearestPlaces(target, [place(7, 10, 10), place(3, 10, 10), place(2, 11, 10)], 5)
    expect(found.map((near) => [near.entry.id, near.km])).toEqual([
      [3, 0],
      [7, 0],
      [2, expect.closeTo(KM_PER_DEGREE, 6)]
    ])
  })

  it('skips places without usable coordinates and returns what there is', () => {
    const target = place(1, 0, 0)
    const others = [place(2, Number.NaN, 0), place(3, 0, Infinity), place(4, 91, 0), place(5, 1, 1)]
    expect(nearestPlaces(target, others, 5).map((near) => near.entry.id)).toEqual([5])
    expect(nearestPlaces(place(6, Number.NaN, 0), others, 5)).toEqual([])
    expect(nearestPlaces(target, others, 0)).toEqual([])
  })

  it('agrees with sorting every distance, over many random places', () => {
    let seed = 42
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31
    const places = Array.from({ length: 3_000 }, (_, i) =>
      place(i + 1, Math.asin(2 * random() - 1) / (Math.PI / 180), random() * 360 - 180)
    )
    for (const target of places.slice(0, 25)) {
      const expected = places
        .filter((other) => other.id !== target.id)
        .map((other) => ({ id: other.id, km: greatCircleKm(target, other) }))
        .sort((a, b) => a.km - b.km || a.id - b.id)
        .slice(0, 5)
      const found = nearestPlaces(target, places, 5).map((near) => ({
        id: near.entry.id,
        km: near.km
      }))
      expect(found).toEqual(expected)
    }
  })
})
