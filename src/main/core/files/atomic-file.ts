/**
 * Atomic file replacement, the one way the app writes a file others may be reading (library
 * images and index, thumbnails, the wallpaper copy): the content goes to a temp file in the same
 * folder, which is then renamed over the target. A crash or kill -9 leaves either the old file or
 * the new one, never a partial one (the rename is atomic and the written pages belong to the
 * kernel once write() returns). Temp names are hidden, never look like a finished image, and carry
 * a prefix of our own plus a random part, so a temp file left by a killed write can be told from a
 * person's own `.something.part` and removed (`isTempName`).
 */
import { randomBytes } from 'node:crypto'
import { open, rename, rm, type FileHandle } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'

export const TEMP_PREFIX = '.evg-tmp-'
export const TEMP_SUFFIX = '.part'
const TEMP_NAME = /^\.evg-tmp-[0-9a-f]{12}-.+\.part$/

export function tempPathFor(target: string): string {
  return join(
    dirname(target),
    `${TEMP_PREFIX}${randomBytes(6).toString('hex')}-${basename(target)}${TEMP_SUFFIX}`
  )
}

/** True only for names `tempPathFor` produces: never for a person's own hidden or .part file. */
export function isTempName(name: string): boolean {
  return TEMP_NAME.test(name)
}

export interface AtomicWriteOptions {
  /**
   * fsync before the rename, so the content also survives a power cut. Library images skip it:
   * it cost 10% of a crawl's time, and an image cut short by a power cut is caught when the
   * library opens (its size no longer matches the index, or it is not a whole JPEG) and fetched
   * again. The index and settings stay durable.
   */
  durable?: boolean
}

/**
 * Replaces `target` with what `write` puts into the temp path it is given (for writers that want
 * a path, such as sharp's toFile). The temp file never outlives a failure.
 */
export async function replaceFile(
  target: string,
  write: (temp: string) => Promise<unknown>
): Promise<void> {
  const temp = tempPathFor(target)
  try {
    await write(temp)
    await renameOver(temp, target)
  } catch (error) {
    await rm(temp, { force: true })
    throw error
  }
}

export async function writeFileAtomic(
  target: string,
  data: string | Buffer | readonly Buffer[],
  options: AtomicWriteOptions = {}
): Promise<void> {
  await replaceFile(target, (temp) => writeNewFile(temp, data, options))
}

/**
 * rename() over an existing file. On Windows it fails while the old file is open (a thumbnail
 * being served to the page, say), so a few quick retries ride that out.
 */
async function renameOver(from: string, to: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await rename(from, to)
      return
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      const transient = code === 'EPERM' || code === 'EACCES' || code === 'EBUSY'
      if (!transient || process.platform !== 'win32' || attempt >= 5) throw error
      await sleep(25 * attempt)
    }
  }
}

/** Writes a file that must not exist yet (O_EXCL), fsynced unless `durable` is false. */
export async function writeNewFile(
  path: string,
  data: string | Buffer | readonly Buffer[],
  options: AtomicWriteOptions = {}
): Promise<void> {
  const handle = await open(path, 'wx')
  try {
    if (typeof data === 'string' || Buffer.isBuffer(data)) await handle.writeFile(data)
    else await writeAll(handle, data)
    if (options.durable ?? true) await handle.sync()
  } finally {
    await handle.close()
  }
}

async function writeAll(handle: FileHandle, chunks: readonly Buffer[]): Promise<void> {
  // writev may write less than asked; loop until every byte is down.
  let pending = chunks.filter((chunk) => chunk.length > 0)
  while (pending.length > 0) {
    const { bytesWritten } = await handle.writev(pending.slice(0, 1024))
    let left = bytesWritten
    let index = 0
    while (index < pending.length && left >= pending[index]!.length)
      left -= pending[index++]!.length
    pending = pending.slice(index)
    if (left > 0 && pending.length > 0) pending[0] = pending[0]!.subarray(left)
  }
}
