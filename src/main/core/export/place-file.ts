import { createHash, randomUUID } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { constants, copyFile, link, lstat, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { withCopyNumber } from '@shared/file-name'

export type Placement = { kind: 'written' | 'skipped'; path: string }

/** Copy numbers tried before giving up: "name (2).jpg" … "name (999).jpg". */
const MAX_COPIES = 999
/** A name can vanish between EEXIST and our look at it; try that number again this often. */
const MAX_RETRIES = 5

/** Errors from link() that mean "this file system has no hard links", not "you may not". */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV', 'EMLINK'])

/**
 * Puts `data` into `folder` as `name`, or "name (2).jpg", "name (3).jpg"… when a different file
 * has the name; an identical file (same size and SHA-256) is left alone and reported as skipped.
 *
 * Never overwrites and never leaves a partial file: the bytes go to a temp file in the folder
 * first, which then gets its final name with link() — that fails with EEXIST atomically, so two
 * exports racing for one name cannot both win, and whoever loses compares against a complete
 * file. The temp file is always removed. File systems without hard links (FAT, exFAT) fall back
 * to an exclusive copy, which is just as safe against overwriting but lets a racing export see a
 * half-copied file and pick the next number.
 */
export async function placeFile(
  folder: string,
  name: string,
  data: Buffer,
  sha256: string
): Promise<Placement> {
  const temp = join(folder, `.earthview-${randomUUID()}.part`)
  try {
    await writeFile(temp, data, { flag: 'wx' })
    let hardLinks = true
    let retries = 0
    for (let copy = 1; copy <= MAX_COPIES; copy++) {
      const path = join(folder, withCopyNumber(name, copy))
      try {
        if (hardLinks) await link(temp, path)
        else await copyFile(temp, path, constants.COPYFILE_EXCL)
        return { kind: 'written', path }
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? ''
        if (hardLinks && NO_HARD_LINKS.has(code)) {
          hardLinks = false
          copy--
          continue
        }
        if (code !== 'EEXIST') throw error
      }
      const same = await hasContent(path, data.length, sha256)
      if (same === true) return { kind: 'skipped', path }
      if (same === null && retries++ < MAX_RETRIES) copy--
    }
    throw new Error(`"${name}" and ${MAX_COPIES - 1} numbered copies of it already exist`)
  } finally {
    await rm(temp, { force: true })
  }
}

/** Whether `path` is a regular file with these bytes; null when it has gone. */
async function hasContent(path: string, size: number, sha256: string): Promise<boolean | null> {
  try {
    const info = await lstat(path)
    if (!info.isFile() || info.size !== size) return false
    return (await fileSha256(path)) === sha256
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw error
  }
}

export async function fileSha256(path: string): Promise<string> {
  const hash = createHash('sha256')
  await pipeline(createReadStream(path), hash)
  return hash.digest('hex')
}

export function sha256Of(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex')
}
