/**
 * JPEGs for the stand-in. Encoding 2,609 full-size images would take minutes, so each process
 * encodes one base image per hue bucket (tinted with the bucket's average catalog colour) and
 * makes every id's bytes unique by inserting a JPEG comment (COM) segment carrying the id right
 * after SOI. The comment segment is padded so SOI + COM is a multiple of 3 bytes: the base64 of
 * the rest of the base image then never changes, so it is encoded once and shared by every id.
 */
import sharp from 'sharp'
import type { CatalogEntry } from '@shared/catalog'

export type ImageSize = 'small' | 'real'

const DIMENSIONS: Record<ImageSize, { width: number; height: number; blur: number }> = {
  // ≈ 15–25 KB: small enough for fast tests, large enough to pass a crawler's size check.
  small: { width: 320, height: 213, blur: 0 },
  // The real service serves 1800×1200 JPEGs of ≈ 340 KB.
  real: { width: 1800, height: 1200, blur: 0.7 }
}

export const HUE_BUCKETS = 12
const GREY: [number, number, number] = [128, 128, 128]

export interface BaseImage {
  /** The base JPEG without its leading SOI marker. */
  afterSoi: Buffer
  /** base64 of `afterSoi`; valid to append to the base64 of a 3-byte-aligned prefix. */
  afterSoiBase64: string
  /** The same characters as bytes, so serving a document copies nothing. */
  afterSoiBase64Bytes: Buffer
  /** How many '/' `afterSoiBase64` holds, for Content-Length when slashes are escaped. */
  afterSoiSlashes: number
}

export function hueBucket(entry: Pick<CatalogEntry, 'hue'> | undefined): number {
  if (!entry) return HUE_BUCKETS // the grey bucket, for ids the catalog does not know
  return Math.floor((((entry.hue % 360) + 360) % 360) / (360 / HUE_BUCKETS))
}

/** The average primary colour of the catalog entries in each hue bucket. */
export function bucketColours(entries: readonly CatalogEntry[]): [number, number, number][] {
  const sums = Array.from({ length: HUE_BUCKETS + 1 }, () => [0, 0, 0, 0])
  for (const entry of entries) {
    const sum = sums[hueBucket(entry)]!
    for (let i = 0; i < 3; i++) sum[i]! += entry.primaryColor[i]!
    sum[3]! += 1
  }
  return sums.map((sum, bucket) =>
    bucket === HUE_BUCKETS || sum[3] === 0
      ? GREY
      : ([0, 1, 2].map((i) => Math.round(sum[i]! / sum[3]!)) as [number, number, number])
  )
}

const cache = new Map<string, Promise<BaseImage>>()

export function baseImage(
  size: ImageSize,
  bucket: number,
  colour: [number, number, number]
): Promise<BaseImage> {
  const key = `${size}:${bucket}:${colour.join(',')}`
  let image = cache.get(key)
  if (!image) {
    image = encodeBase(size, bucket, colour)
    cache.set(key, image)
  }
  return image
}

async function encodeBase(
  size: ImageSize,
  bucket: number,
  [r, g, b]: [number, number, number]
): Promise<BaseImage> {
  const { width, height, blur } = DIMENSIONS[size]
  const pixels = Buffer.alloc(width * height * 3)
  // A diagonal gradient with gentle waves and grain, so JPEG sizes resemble aerial photographs.
  let seed = (bucket + 1) * 2_654_435_761
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0
      const grain = (((seed >>> 16) & 255) / 255 - 0.5) * 48
      const shade =
        0.55 +
        0.6 * ((x / width + y / height) / 2) +
        0.15 * Math.sin(x / 37 + bucket) * Math.cos(y / 53)
      const i = (y * width + x) * 3
      pixels[i] = clamp(r * shade + grain)
      pixels[i + 1] = clamp(g * shade + grain)
      pixels[i + 2] = clamp(b * shade + grain)
    }
  }
  let image = sharp(pixels, { raw: { width, height, channels: 3 } })
  if (blur > 0) image = image.blur(blur)
  const jpeg = await image.jpeg({ quality: 82 }).toBuffer()
  const afterSoi = jpeg.subarray(2)
  const afterSoiBase64 = afterSoi.toString('base64')
  return {
    afterSoi,
    afterSoiBase64,
    afterSoiBase64Bytes: Buffer.from(afterSoiBase64, 'latin1'),
    afterSoiSlashes: countSlashes(afterSoiBase64)
  }
}

function clamp(value: number): number {
  return value < 0 ? 0 : value > 255 ? 255 : Math.round(value)
}

export function countSlashes(text: string): number {
  let count = 0
  for (let i = text.indexOf('/'); i !== -1; i = text.indexOf('/', i + 1)) count++
  return count
}

/** SOI followed by a COM segment naming the id, padded to a multiple of 3 bytes. */
export function uniquePrefix(id: number): Buffer {
  let text = `earthview-standin id=${id}`
  // SOI (2) + marker (2) + length (2) + text must be divisible by 3.
  while ((6 + text.length) % 3 !== 0) text += ' '
  const prefix = Buffer.alloc(6 + text.length)
  prefix[0] = 0xff
  prefix[1] = 0xd8
  prefix[2] = 0xff
  prefix[3] = 0xfe
  prefix.writeUInt16BE(2 + text.length, 4) // the length counts itself, not the marker
  prefix.write(text, 6, 'latin1')
  return prefix
}
