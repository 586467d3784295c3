import { createHash } from 'node:crypto'
import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises'
import { basename, extname, join } from 'node:path'
import { isTempName, writeFileAtomic } from '../files/atomic-file'

/** Files we make in <dataFolder>/wallpaper all start with this, so pruning never touches others. */
const PREFIX = 'earthview-'
const EXTENSIONS = ['.png', '.webp', '.bmp', '.gif', '.tif', '.tiff']
/** Exactly the names stableName gives: only these (and our own temp files) are pruned. */
const OUR_COPY = /^earthview-[A-Za-z0-9_-]{1,40}-[0-9a-f]{12}\.(jpg|png|webp|bmp|gif|tif|tiff)$/
/** Remembers the copy a desktop last confirmed, so a failed attempt never deletes it. */
const APPLIED_MARKER = '.applied'

export function wallpaperFolder(dataFolder: string): string {
  return join(dataFolder, 'wallpaper')
}

/** "earthview-1003-3fa2b1c4d5e6.jpg": the id (or a clean basename) plus a short content hash. */
export function stableName(imagePath: string, bytes: Buffer): string {
  const sha = createHash('sha256').update(bytes).digest('hex').slice(0, 12)
  const extension = extname(imagePath).toLowerCase()
  const stem = basename(imagePath, extname(imagePath))
  const id = /^(?:earthview[-_ ]?)?(\d+)$/i.exec(stem)?.[1]
  const label =
    id ??
    (stem
      .replace(/[^A-Za-z0-9_-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) ||
      'image')
  const suffix = EXTENSIONS.includes(extension) ? extension : '.jpg'
  return `${PREFIX}${label}-${sha}${suffix}`
}

/**
 * Copies the image into the wallpaper folder under a name that changes with its content (desktops
 * that cache by path then notice a new picture). Written to a temp file and renamed, so a desktop
 * never reads half a file.
 */
export async function makeStableCopy(imagePath: string, dataFolder: string): Promise<string> {
  const bytes = await readFile(imagePath)
  const folder = wallpaperFolder(dataFolder)
  await mkdir(folder, { recursive: true })
  const target = join(folder, stableName(imagePath, bytes))
  const existing = await stat(target).catch(() => undefined)
  if (existing?.isFile() && existing.size === bytes.length) return target
  await writeFileAtomic(target, bytes, { durable: false })
  return target
}

/**
 * Removes our older copies. After a confirmed change only the current file stays; after a failure
 * the copy the desktop last confirmed stays too, because the desktop may still be showing it.
 */
export async function pruneCopies(
  current: string,
  folder: string,
  applied: boolean
): Promise<void> {
  const markerPath = join(folder, APPLIED_MARKER)
  const keep = new Set([basename(current)])
  if (applied) {
    // Whole or not at all: a marker cut short would name no copy, and the shown one would go.
    await writeFileAtomic(markerPath, `${basename(current)}\n`, { durable: false })
  } else {
    const previous = (await readFile(markerPath, 'utf8').catch(() => '')).trim()
    if (previous) keep.add(previous)
  }
  const names = await readdir(folder).catch(() => [] as string[])
  await Promise.all(
    names
      .filter((name) => !keep.has(name))
      .filter((name) => OUR_COPY.test(name) || isTempName(name))
      .map((name) => rm(join(folder, name), { force: true }))
  )
}
