import { open } from 'node:fs/promises'

export type PictureFormat = 'jpeg' | 'png' | 'webp'

const SIGNATURES: { format: PictureFormat; matches: (head: Buffer) => boolean }[] = [
  { format: 'jpeg', matches: (head) => head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff },
  {
    format: 'png',
    matches: (head) => head.subarray(0, 8).equals(Buffer.from('89504e470d0a1a0a', 'hex'))
  },
  {
    format: 'webp',
    matches: (head) =>
      head.toString('latin1', 0, 4) === 'RIFF' && head.toString('latin1', 8, 12) === 'WEBP'
  }
]

/**
 * The picture format of a file by its first bytes, or null: enough to refuse a file that is not a
 * picture before a desktop is asked to show it, without loading an image library (sharp may not
 * run in this process, and a wallpaper must not depend on it).
 */
export async function pictureFormatOf(path: string): Promise<PictureFormat | null> {
  const handle = await open(path, 'r')
  try {
    const head = Buffer.alloc(12)
    const { bytesRead } = await handle.read(head, 0, head.length, 0)
    if (bytesRead < head.length) return null
    return SIGNATURES.find((signature) => signature.matches(head))?.format ?? null
  } finally {
    await handle.close()
  }
}
