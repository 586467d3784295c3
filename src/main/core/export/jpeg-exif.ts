/**
 * Puts an Exif block into a JPEG without touching the picture: the APP1 "Exif" segment is
 * inserted (or replaces the old one) and every other byte is copied as it is.
 *
 * Written here rather than with a library. Of the maintained writers, exiftool-vendored needs a
 * Perl interpreter on macOS/Linux, a long-lived child process and ~30 MB in the app, and the
 * WebAssembly ExifTool (@uswriting/exiftool) took 1–2 s and ~300 MB of memory per image here;
 * piexifjs has had no release since 2019 and piexif-ts is a small port of it. What we write is
 * small (GPS, place, attribution), and the tests read it back with exifreader; ExifTool 13.59's
 * -validate reports no warnings on it.
 */
import { googleMapsUrl, placeName, type CatalogEntry } from '@shared/catalog'
import {
  ascii,
  bytes,
  encodeTiff,
  long,
  rationals,
  short,
  ucs2,
  undefinedBytes,
  type Tag
} from './tiff-ifd'

const SOI = 0xd8
const EOI = 0xd9
const SOS = 0xda
const APP0 = 0xe0
const APP1 = 0xe1
/** TEM and RSTn carry no length. */
const STANDALONE = (marker: number): boolean =>
  marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)
const EXIF_HEADER = Buffer.from('Exif\0\0', 'latin1')
/** A segment's length field counts itself, and holds at most 0xffff. */
const MAX_SEGMENT_PAYLOAD = 0xffff - 2
/** Keeps the block well inside one segment whatever the catalog says. */
const MAX_TEXT = 1000

const TAG = {
  imageDescription: 0x010e,
  artist: 0x013b,
  copyright: 0x8298,
  xpTitle: 0x9c9b,
  xpComment: 0x9c9c,
  xpKeywords: 0x9c9e,
  yCbCrPositioning: 0x0213,
  exifVersion: 0x9000,
  componentsConfiguration: 0x9101,
  colorSpace: 0xa001,
  pixelXDimension: 0xa002,
  pixelYDimension: 0xa003,
  userComment: 0x9286,
  gpsVersionId: 0x0000,
  gpsLatitudeRef: 0x0001,
  gpsLatitude: 0x0002,
  gpsLongitudeRef: 0x0003,
  gpsLongitude: 0x0004,
  gpsMapDatum: 0x0012
} as const

export class JpegStructureError extends Error {
  override name = 'JpegStructureError'
}

/** The TIFF/Exif block for an Earth View image: where it is, what it shows, whose it is. */
export function earthViewExif(entry: CatalogEntry, size?: ImageSize): Buffer {
  const place = clip(placeName(entry))
  const attribution = clip(entry.attribution.trim())
  const label = `Google Earth View ${entry.id}`
  const keywords = ['Earth View', entry.country.trim(), entry.region.trim()].filter(Boolean)
  const located = validCoordinate(entry.lat, 90) && validCoordinate(entry.lng, 180)

  const ifd0: Tag[] = [
    short(TAG.yCbCrPositioning, 1),
    ascii(TAG.imageDescription, place),
    ucs2(TAG.xpTitle, place),
    ucs2(TAG.xpComment, label),
    ucs2(TAG.xpKeywords, clip(keywords.join(';')))
  ]
  if (attribution) ifd0.push(ascii(TAG.artist, attribution), ascii(TAG.copyright, attribution))
  // The Maps link lets a person find the place from the file alone.
  const comment = located ? `${label} - ${googleMapsUrl(entry)}` : label
  const exif: Tag[] = [
    undefinedBytes(TAG.exifVersion, Buffer.from('0232', 'latin1')),
    undefinedBytes(TAG.componentsConfiguration, Buffer.from([1, 2, 3, 0])),
    short(TAG.colorSpace, 1),
    undefinedBytes(
      TAG.userComment,
      Buffer.concat([Buffer.from('ASCII\0\0\0', 'latin1'), Buffer.from(toAscii(comment), 'latin1')])
    )
  ]
  if (size) exif.push(long(TAG.pixelXDimension, size.width), long(TAG.pixelYDimension, size.height))
  const gps: Tag[] = located
    ? [
        bytes(TAG.gpsVersionId, [2, 3, 0, 0]),
        ascii(TAG.gpsLatitudeRef, entry.lat < 0 ? 'S' : 'N'),
        rationals(TAG.gpsLatitude, degreesMinutesSeconds(entry.lat)),
        ascii(TAG.gpsLongitudeRef, entry.lng < 0 ? 'W' : 'E'),
        rationals(TAG.gpsLongitude, degreesMinutesSeconds(entry.lng)),
        ascii(TAG.gpsMapDatum, 'WGS-84')
      ]
    : []
  return encodeTiff({ ifd0, exif, gps })
}

export interface ImageSize {
  width: number
  height: number
}

/** `jpeg` with the Earth View Exif block for `entry`; see withExif. */
export function addEarthViewExif(jpeg: Buffer, entry: CatalogEntry): Buffer {
  return withExif(jpeg, earthViewExif(entry, jpegSize(jpeg) ?? undefined))
}

/** The pixel size from the JPEG's frame header (SOFn), or null when there is none before SOS. */
export function jpegSize(jpeg: Buffer): ImageSize | null {
  for (const { marker, start, end } of readSegments(jpeg).segments) {
    const isFrame = marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)
    let at = start
    while (jpeg[at + 1] === 0xff) at++
    if (isFrame && at + 9 <= end) {
      return { height: jpeg.readUInt16BE(at + 5), width: jpeg.readUInt16BE(at + 7) }
    }
  }
  return null
}

/**
 * `jpeg` with `tiff` as its only Exif block: after SOI and any leading APP0 (JFIF), replacing
 * existing Exif APP1 segments. Every other segment and the compressed image data are copied
 * byte for byte.
 */
export function withExif(jpeg: Buffer, tiff: Buffer): Buffer {
  const payload = Buffer.concat([EXIF_HEADER, tiff])
  if (payload.length > MAX_SEGMENT_PAYLOAD) throw new Error('Exif block too large for a JPEG')
  const segment = Buffer.alloc(4 + payload.length)
  segment[0] = 0xff
  segment[1] = APP1
  segment.writeUInt16BE(payload.length + 2, 2)
  payload.copy(segment, 4)

  const parts: Buffer[] = [jpeg.subarray(0, 2)]
  let inserted = false
  const { segments, dataStart } = readSegments(jpeg)
  for (const { marker, start, end } of segments) {
    if (!inserted && marker !== APP0) {
      parts.push(segment)
      inserted = true
    }
    if (!isExifSegment(jpeg, marker, start)) parts.push(jpeg.subarray(start, end))
  }
  if (!inserted) parts.push(segment)
  parts.push(jpeg.subarray(dataStart))
  return Buffer.concat(parts)
}

interface Segment {
  marker: number
  start: number
  end: number
}

/** The marker segments between SOI and the first SOS (or EOI), and where that starts. */
export function readSegments(jpeg: Buffer): { segments: Segment[]; dataStart: number } {
  if (jpeg.length < 4 || jpeg[0] !== 0xff || jpeg[1] !== SOI) {
    throw new JpegStructureError('not a JPEG')
  }
  const segments: Segment[] = []
  let pos = 2
  for (;;) {
    if (pos + 1 >= jpeg.length) throw new JpegStructureError('JPEG ends before its image data')
    if (jpeg[pos] !== 0xff) throw new JpegStructureError(`no marker at byte ${pos}`)
    // Any number of 0xff fill bytes may precede a marker.
    let markerAt = pos
    while (jpeg[markerAt + 1] === 0xff && markerAt + 2 < jpeg.length) markerAt++
    const marker = jpeg[markerAt + 1]!
    if (marker === SOS || marker === EOI) return { segments, dataStart: pos }
    if (STANDALONE(marker)) {
      segments.push({ marker, start: pos, end: markerAt + 2 })
      pos = markerAt + 2
      continue
    }
    if (markerAt + 3 >= jpeg.length) throw new JpegStructureError('JPEG ends inside a marker')
    const end = markerAt + 2 + jpeg.readUInt16BE(markerAt + 2)
    if (end > jpeg.length) throw new JpegStructureError(`segment at byte ${pos} runs past the end`)
    segments.push({ marker, start: pos, end })
    pos = end
  }
}

function isExifSegment(jpeg: Buffer, marker: number, start: number): boolean {
  if (marker !== APP1) return false
  let at = start
  while (jpeg[at + 1] === 0xff) at++
  return jpeg.subarray(at + 4, at + 4 + EXIF_HEADER.length).equals(EXIF_HEADER)
}

/**
 * |value| as whole degrees, whole minutes and seconds in millionths: ~3e-10° resolution, far
 * below the 1e-6° the catalog gives. Integer arithmetic on micro-arcseconds keeps the three
 * parts consistent (no 60-second carry).
 */
export function degreesMinutesSeconds(value: number): [number, number][] {
  const MICRO_PER_DEGREE = 3_600_000_000
  const MICRO_PER_MINUTE = 60_000_000
  const micro = Math.round(Math.abs(value) * MICRO_PER_DEGREE)
  const degrees = Math.floor(micro / MICRO_PER_DEGREE)
  const rest = micro - degrees * MICRO_PER_DEGREE
  const minutes = Math.floor(rest / MICRO_PER_MINUTE)
  const seconds = rest - minutes * MICRO_PER_MINUTE
  return [
    [degrees, 1],
    [minutes, 1],
    [seconds, 1_000_000]
  ]
}

function validCoordinate(value: number, limit: number): boolean {
  return Number.isFinite(value) && Math.abs(value) <= limit
}

function clip(text: string): string {
  return text.length > MAX_TEXT ? text.slice(0, MAX_TEXT) : text
}

function toAscii(text: string): string {
  return text.normalize('NFKD').replace(/[^\x20-\x7e]/g, '')
}
