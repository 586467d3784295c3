import { describe, expect, it } from 'vitest'
import ExifReader from 'exifreader'
import sharp from 'sharp'
import type { CatalogEntry } from '@shared/catalog'
import { makeTestJpeg } from '../../../../test/support/jpeg'
import { addEarthViewExif, earthViewExif, jpegSize, withExif } from './jpeg-exif'

function entry(fields: Partial<CatalogEntry> = {}): CatalogEntry {
  return {
    id: 1003,
    country: 'Côte d’Ivoire',
    region: 'Région des Lagunes',
    lat: -16.920334,
    lng: 145.770859,
    attribution: '©2014 DigitalGlobe, Cnes/Spot Image',
    primaryColor: [10, 20, 30],
    hue: 200,
    ...fields
  }
}

/** Where the APP1 Exif segments are, found by walking the markers independently of the code. */
function exifSegments(jpeg: Buffer): { start: number; length: number }[] {
  const found: { start: number; length: number }[] = []
  let pos = 2
  while (pos + 4 <= jpeg.length && jpeg[pos] === 0xff && jpeg[pos + 1] !== 0xda) {
    const length = 2 + jpeg.readUInt16BE(pos + 2)
    if (jpeg[pos + 1] === 0xe1 && jpeg.toString('latin1', pos + 4, pos + 10) === 'Exif\0\0') {
      found.push({ start: pos, length })
    }
    pos += length
  }
  return found
}

function startOfScan(jpeg: Buffer): number {
  let pos = 2
  while (jpeg[pos + 1] !== 0xda) pos += 2 + jpeg.readUInt16BE(pos + 2)
  return pos
}

describe('withExif / addEarthViewExif', () => {
  it('inserts one Exif segment and leaves every other byte as it was', async () => {
    const source = await makeTestJpeg({ width: 640, height: 400 })
    expect(exifSegments(source)).toEqual([])
    const out = addEarthViewExif(source, entry())
    const [segment, ...others] = exifSegments(out)
    expect(others).toEqual([])
    const { start, length } = segment!
    expect(out.subarray(0, start)).toEqual(source.subarray(0, start))
    expect(out.subarray(start + length)).toEqual(source.subarray(start))
    expect(out.length).toBe(source.length + length)
  })

  it('goes after the JFIF APP0 segment, as JFIF readers expect', async () => {
    const plain = await makeTestJpeg({ width: 640, height: 400 })
    const jfif = Buffer.from('ffe000104a46494600010100000100010000', 'hex')
    const source = Buffer.concat([plain.subarray(0, 2), jfif, plain.subarray(2)])
    const out = addEarthViewExif(source, entry())
    expect(exifSegments(out)[0]!.start).toBe(2 + jfif.length)
    expect(out.subarray(0, 2 + jfif.length)).toEqual(source.subarray(0, 2 + jfif.length))
    // Without APP0 it comes straight after SOI.
    expect(exifSegments(addEarthViewExif(plain, entry()))[0]!.start).toBe(2)
  })

  it('decodes to exactly the same pixels', async () => {
    const source = await makeTestJpeg({ width: 640, height: 400 })
    const out = addEarthViewExif(source, entry())
    const [a, b] = await Promise.all([
      sharp(source, { failOn: 'warning' }).raw().toBuffer(),
      sharp(out, { failOn: 'warning' }).raw().toBuffer()
    ])
    expect(b.equals(a)).toBe(true)
  })

  it('round-trips the position to 1e-6 degrees, with place and attribution', async () => {
    const source = await makeTestJpeg({ width: 500, height: 300 })
    const places: [number, number][] = [
      [-16.920334, 145.770859],
      [51.507351, -0.127758],
      [0, 0],
      [-89.999999, -179.999999],
      [90, 180],
      [37.0000005, -122.9999995]
    ]
    for (const [lat, lng] of places) {
      const tags = ExifReader.load(addEarthViewExif(source, entry({ lat, lng })), {
        expanded: true
      })
      expect(tags.gps?.Latitude).toBeCloseTo(lat, 6)
      expect(tags.gps?.Longitude).toBeCloseTo(lng, 6)
      expect(tags.exif?.GPSLatitudeRef?.value).toEqual([lat < 0 ? 'S' : 'N'])
      expect(tags.exif?.GPSLongitudeRef?.value).toEqual([lng < 0 ? 'W' : 'E'])
    }
    const tags = ExifReader.load(addEarthViewExif(source, entry()), { expanded: true })
    expect(tags.exif?.ImageDescription?.description).toBe('Région des Lagunes, Côte d’Ivoire')
    expect(tags.exif?.Artist?.description).toBe('©2014 DigitalGlobe, Cnes/Spot Image')
    expect(tags.exif?.Copyright?.description).toBe('©2014 DigitalGlobe, Cnes/Spot Image')
    // exifreader's types leave out the Windows XP tags and type UserComment as unknown.
    const loose = tags.exif as Record<string, { description?: unknown } | undefined>
    expect(loose.XPTitle?.description).toBe('Région des Lagunes, Côte d’Ivoire')
    expect(loose.XPKeywords?.description).toBe('Earth View;Côte d’Ivoire;Région des Lagunes')
    expect(loose.UserComment?.description).toContain('Google Earth View 1003')
    expect(tags.exif?.PixelXDimension?.value).toBe(500)
    expect(tags.exif?.PixelYDimension?.value).toBe(300)
  })

  it('leaves out GPS for an entry without a valid position, and attribution when empty', async () => {
    const source = await makeTestJpeg({ width: 500, height: 300 })
    const tags = ExifReader.load(
      addEarthViewExif(source, entry({ lat: Number.NaN, attribution: '' })),
      { expanded: true }
    )
    expect(tags.gps).toBeUndefined()
    expect(tags.exif?.GPSLatitude).toBeUndefined()
    expect(tags.exif?.Artist).toBeUndefined()
    expect(tags.exif?.ImageDescription?.description).toBe('Région des Lagunes, Côte d’Ivoire')
  })

  it('replaces an existing Exif block and keeps the other segments and the image data', async () => {
    const plain = await makeTestJpeg({ width: 500, height: 300 })
    const source = await sharp(plain)
      .withExif({ IFD0: { ImageDescription: 'old description', Software: 'old' } })
      .jpeg()
      .toBuffer()
    expect(exifSegments(source)).toHaveLength(1)
    const out = addEarthViewExif(source, entry())
    expect(exifSegments(out)).toHaveLength(1)
    const tags = ExifReader.load(out, { expanded: true })
    expect(tags.exif?.ImageDescription?.description).toBe('Région des Lagunes, Côte d’Ivoire')
    expect(tags.exif?.Software).toBeUndefined()
    // The same bytes once the Exif segments are cut out of both.
    const withoutExif = (jpeg: Buffer): Buffer => {
      const [segment] = exifSegments(jpeg)
      return Buffer.concat([
        jpeg.subarray(0, segment!.start),
        jpeg.subarray(segment!.start + segment!.length)
      ])
    }
    expect(withoutExif(out).equals(withoutExif(source))).toBe(true)
    expect(out.subarray(startOfScan(out)).equals(source.subarray(startOfScan(source)))).toBe(true)
  })

  it('is deterministic, so a second export finds an identical file', async () => {
    const source = await makeTestJpeg({ width: 300, height: 200 })
    expect(addEarthViewExif(source, entry()).equals(addEarthViewExif(source, entry()))).toBe(true)
  })

  it('rejects what is not a JPEG, and a JPEG cut short inside its headers', async () => {
    const tiff = earthViewExif(entry())
    expect(() => withExif(Buffer.from('GIF89a........'), tiff)).toThrow(/not a JPEG/)
    const source = await makeTestJpeg({ width: 300, height: 200 })
    expect(() => withExif(source.subarray(0, 30), tiff)).toThrow(/past the end|ends/)
  })

  it('reads the pixel size from the frame header', async () => {
    expect(jpegSize(await makeTestJpeg({ width: 321, height: 123 }))).toEqual({
      width: 321,
      height: 123
    })
  })
})
