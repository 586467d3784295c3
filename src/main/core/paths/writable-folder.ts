/**
 * Checks that a folder the person named (the crawl's --out, the bridge's --data) can be used
 * before anything is created: it exists and is a writable folder, or the nearest existing folder
 * above it is writable so it can be created. The write probe removes what it writes, so a refused
 * run leaves no trace. Problems are said in words, never as errno codes.
 */
import { randomBytes } from 'node:crypto'
import { constants } from 'node:fs'
import { open, stat, unlink } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'

export interface FolderCheck {
  /** The absolute folder. */
  folder: string
  /** Whether it exists already (a new one is created by opening the library). */
  exists: boolean
}

export class FolderError extends Error {
  override name = 'FolderError'
}

export async function checkWritableFolder(path: string): Promise<FolderCheck> {
  const folder = resolve(path)
  let probeIn = folder
  let exists = true
  for (;;) {
    const info = await statOrCode(probeIn)
    if (typeof info === 'string') {
      if (info !== 'ENOENT') throw new FolderError(`cannot use ${folder}: ${describeFsError(info)}`)
      exists = false
      const parent = dirname(probeIn)
      if (parent === probeIn) throw new FolderError(`cannot create ${folder}`)
      probeIn = parent
      continue
    }
    if (!info.isDirectory()) {
      throw new FolderError(
        probeIn === folder
          ? `${folder} is a file, not a folder`
          : `cannot create ${folder}: ${probeIn} is a file, not a folder`
      )
    }
    break
  }
  await probeWrite(probeIn, folder, exists)
  return { folder, exists }
}

async function probeWrite(directory: string, folder: string, exists: boolean): Promise<void> {
  const probe = join(
    directory,
    `.earth-view-write-probe-${process.pid}-${randomBytes(6).toString('hex')}`
  )
  try {
    const handle = await open(probe, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY)
    await handle.close()
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error'
    throw new FolderError(
      exists
        ? `cannot write to ${folder}: ${describeFsError(code)}`
        : `cannot create ${folder}: ${directory} is not writable (${describeFsError(code)})`
    )
  }
  await unlink(probe)
}

async function statOrCode(path: string) {
  try {
    return await stat(path)
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? 'unknown error'
  }
}

const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'read-only file system',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'it is a folder, not a file',
  EEXIST: 'something is already there',
  ENOENT: 'it does not exist',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is used up',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'the name is too long',
  EMFILE: 'too many files open',
  EBUSY: 'it is in use',
  EIO: 'the disk reported an input/output error'
}

/** A file-system error code in words ("read-only file system"), or the code when it is rare. */
export function describeFsError(code: string): string {
  return REASONS[code] ?? code
}
