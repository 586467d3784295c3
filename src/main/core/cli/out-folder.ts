/**
 * Checks that the crawl's output folder can be used before anything is created: it exists and is
 * a writable folder, or the nearest existing folder above it is writable so it can be created.
 * The write probe removes what it writes, so a refused run leaves no trace.
 */
import { randomBytes } from 'node:crypto'
import { constants } from 'node:fs'
import { open, stat, unlink } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'

export interface OutFolderCheck {
  /** The absolute folder. */
  folder: string
  /** Whether it exists already (a new one is created by opening the library). */
  exists: boolean
}

export class OutFolderError extends Error {
  override name = 'OutFolderError'
}

export async function checkOutFolder(path: string): Promise<OutFolderCheck> {
  const folder = resolve(path)
  let probeIn = folder
  let exists = true
  for (;;) {
    const info = await statOrCode(probeIn)
    if (typeof info === 'string') {
      if (info !== 'ENOENT') throw new OutFolderError(`cannot use ${folder}: ${describe(info)}`)
      exists = false
      const parent = dirname(probeIn)
      if (parent === probeIn) throw new OutFolderError(`cannot create ${folder}`)
      probeIn = parent
      continue
    }
    if (!info.isDirectory()) {
      throw new OutFolderError(
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
    throw new OutFolderError(
      exists
        ? `cannot write to ${folder}: ${describe(code)}`
        : `cannot create ${folder}: ${directory} is not writable (${describe(code)})`
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
  ENOSPC: 'no space left on the device',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'the name is too long'
}

function describe(code: string): string {
  return REASONS[code] ?? code
}
