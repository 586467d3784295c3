/** The checks that make a byte sequence count as an Earth View image. */

export const MIN_JPEG_BYTES = 1024
export const MAX_JPEG_BYTES = 20 * 1024 * 1024

/**
 * Why `chunks` is not a plausible JPEG, or null when it is: it must start with SOI (FF D8), end
 * with EOI (FF D9) and have a plausible size. Works on the chunk list a streaming decoder yields,
 * so the image is never joined into one buffer just to be checked.
 */
export function jpegProblem(chunks: Buffer | readonly Buffer[]): string | null {
  const list = Buffer.isBuffer(chunks) ? [chunks] : chunks
  let size = 0
  for (const chunk of list) size += chunk.length
  if (size < MIN_JPEG_BYTES) return size === 0 ? 'empty image' : 'image too small to be a photo'
  if (size > MAX_JPEG_BYTES) return 'image too large'
  if (byteAt(list, 0) !== 0xff || byteAt(list, 1) !== 0xd8) return 'not a JPEG'
  if (byteAt(list, size - 2) !== 0xff || byteAt(list, size - 1) !== 0xd9) {
    return 'JPEG is cut short (no end marker)'
  }
  return null
}

function byteAt(list: readonly Buffer[], index: number): number | undefined {
  let offset = index
  for (const chunk of list) {
    if (offset < chunk.length) return chunk[offset]
    offset -= chunk.length
  }
  return undefined
}
