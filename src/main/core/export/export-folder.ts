import { randomUUID } from 'node:crypto'
import { open, rm, stat } from 'node:fs/promises'
import { isAbsolute, join } from 'node:path'
import { GalleryError } from '@shared/errors'

/**
 * Throws a GalleryError a person can act on unless files can be written into `folder`. The folder
 * is not created: the person picked it, so a missing one means it was moved or unplugged, and
 * silently recreating it would hide the files somewhere they do not look.
 */
export async function checkExportFolder(folder: string): Promise<void> {
  if (!isAbsolute(folder)) {
    throw new GalleryError('invalid-argument', `"${folder}" is not a full folder path.`)
  }
  let info
  try {
    info = await stat(folder)
  } catch (error) {
    throw folderError(error, folder) ?? error
  }
  if (!info.isDirectory()) throw notAFolder(folder)
  // access(W_OK) says yes to root on a read-only share and ignores ACLs; writing is the test.
  const probe = join(folder, `.earthview-write-check-${randomUUID()}`)
  try {
    const handle = await open(probe, 'wx')
    await handle.close()
  } catch (error) {
    throw folderError(error, folder) ?? error
  } finally {
    await rm(probe, { force: true }).catch(() => undefined)
  }
}

/** The folder-level meaning of a file-system error met while writing into `folder`, if any. */
export function folderError(error: unknown, folder: string): GalleryError | null {
  switch ((error as NodeJS.ErrnoException | undefined)?.code) {
    case 'ENOENT':
      return new GalleryError(
        'not-found',
        `The download folder "${folder}" no longer exists. Choose another folder.`
      )
    case 'ENOTDIR':
      return notAFolder(folder)
    case 'EACCES':
    case 'EPERM':
      return new GalleryError(
        'forbidden',
        `Earth View Gallery is not allowed to write to "${folder}". Choose another folder, or allow writing to it.`
      )
    case 'EROFS':
      return new GalleryError(
        'forbidden',
        `The download folder "${folder}" is on a read-only disk. Choose another folder.`
      )
    case 'ENOSPC':
    case 'EDQUOT':
      return new GalleryError(
        'io',
        `The disk holding "${folder}" is full. Free some space, or choose a folder on another disk.`
      )
    default:
      return null
  }
}

function notAFolder(folder: string): GalleryError {
  return new GalleryError(
    'invalid-argument',
    `The download folder "${folder}" is not a folder. Choose another folder.`
  )
}
