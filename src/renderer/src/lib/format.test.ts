import { describe, expect, it } from 'vitest'
import {
  formatBytes,
  formatCoordinates,
  formatDistance,
  formatDuration,
  formatEta,
  formatImages,
  formatRate,
  formatThroughput
} from './format'

describe('format', () => {
  it('writes coordinates with hemispheres and four decimals', () => {
    expect(formatCoordinates(-12.34561, 45.67891)).toBe('12.3456° S, 45.6789° E')
    expect(formatCoordinates(30.109104, -84.817876)).toBe('30.1091° N, 84.8179° W')
    expect(formatCoordinates(0, 0)).toBe('0.0000° N, 0.0000° E')
  })

  it('writes distances in km, with a tenth only close by', () => {
    expect(formatDistance(0)).toBe('< 0.1 km')
    expect(formatDistance(3.44)).toBe('3.4 km')
    expect(formatDistance(12.6)).toBe('13 km')
    expect(formatDistance(1234.4)).toBe('1,234 km')
  })

  it('counts images in English', () => {
    expect(formatImages(1)).toBe('1 image')
    expect(formatImages(2609)).toBe('2,609 images')
    expect(formatImages(0)).toBe('0 images')
  })

  it('writes rates, sizes and times', () => {
    expect(formatRate(41.46)).toBe('41.5 images/s')
    expect(formatThroughput(12_340_000)).toBe('12.3 MB/s')
    expect(formatBytes(999)).toBe('999 B')
    expect(formatBytes(340_000)).toBe('340.0 KB')
    expect(formatBytes(887_000_000)).toBe('887.0 MB')
    expect(formatDuration(45)).toBe('45 s')
    expect(formatDuration(185)).toBe('3 min 05 s')
    expect(formatDuration(3720)).toBe('1 h 02 min')
    expect(formatEta(null)).toBe('estimating…')
    expect(formatEta(65)).toBe('1 min 05 s left')
  })
})
