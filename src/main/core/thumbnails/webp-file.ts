import { open } from 'node:fs/promises'

/** The RIFF header of a WebP file: "RIFF", the size of what follows, "WEBP". */
const HEADER_BYTES = 12
/** Smaller than any image libwebp can write. */
export const MIN_WEBP_BYTES = 26

/**
 * Whether the file at `path`, `size` bytes long, looks like a whole WebP file, from its first 12
 * bytes only: the RIFF size field says how long the file must be, so a truncated write or a file
 * of garbage is caught without decoding anything.
 */
export async function looksLikeWholeWebp(path: string, size: number): Promise<boolean> {
  if (size < MIN_WEBP_BYTES) return false
  const handle = await open(path, 'r')
  try {
    const header = Buffer.alloc(HEADER_BYTES)
    const { bytesRead } = await handle.read(header, 0, HEADER_BYTES, 0)
    if (bytesRead < HEADER_BYTES) return false
    return (
      header.toString('latin1', 0, 4) === 'RIFF' &&
      header.toString('latin1', 8, 12) === 'WEBP' &&
      header.readUInt32LE(4) + 8 === size
    )
  } finally {
    await handle.close()
  }
}
