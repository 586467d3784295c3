/**
 * The library: every saved image as `<folder>/<id>.jpg`, plus an append-only index
 * (`<folder>/.earthview/index.jsonl`) of what was saved. Images are written atomically, and
 * opening the library reconciles the index with the files, so a crawl killed at any instant
 * leaves a library that opens cleanly and knows exactly which images are complete.
 *
 * The folder may be one the person also keeps their own files in (`crawl --out ~/Pictures`), so
 * the library only ever removes, moves or replaces files it knows it made: images its index
 * names, and temp files with its own prefix. An image is indexed before it gets its final name,
 * so a `<id>.jpg` the index does not name was never the library's: it is left alone, never
 * adopted, and never overwritten.
 */
import { EventEmitter } from 'node:events'
import { createHash } from 'node:crypto'
import {
  appendFile,
  link,
  mkdir,
  open,
  readdir,
  readFile,
  rename,
  rm,
  stat,
  type FileHandle
} from 'node:fs/promises'
import { isAbsolute, join } from 'node:path'
import pLimit from 'p-limit'
import type { CatalogEntry, LibraryRecord } from '@shared/catalog'
import { isTempName, tempPathFor, writeFileAtomic, writeNewFile } from '../files/atomic-file'
import { checkWritableFolder, describeFsError, FolderError } from '../paths/writable-folder'
import { IndexAppender } from './index-appender'
import { formatIndex, indexLine, makeRecord, parseIndex, setAsideLine } from './index-file'
import { jpegProblem } from './jpeg'

export const META_FOLDER = '.earthview'
export const INDEX_FILE = 'index.jsonl'
/** Where images found damaged are moved (they are ours: the index names them), never deleted. */
export const DAMAGED_FOLDER = 'damaged'
/** One JSON line per image set aside: which, why, when and where it went. */
export const SET_ASIDE_LOG = 'set-aside.jsonl'

const IMAGE_NAME = /^([1-9]\d{0,8})\.jpg$/
/** Images hashed at once by `verifyAll`: enough to keep a disk busy, few enough for memory. */
const VERIFY_CONCURRENCY = 4

/** What `open` found and repaired; useful for logs and tests. */
export interface OpenReport {
  indexed: number
  /** Index entries dropped because their file was missing. */
  dropped: number
  /** Indexed images whose file had another size (cut short): moved to .earthview/damaged/. */
  setAside: number
  tempFilesRemoved: number
  indexRewritten: boolean
  /**
   * Files in the folder that are not the library's (a person's own, or an `<id>.jpg` the index
   * does not name): left exactly as they are. The first few names, for a warning.
   */
  otherFiles: { count: number; names: string[] }
}

export interface VerifyReport {
  checked: number
  /** Ids whose file no longer matched its recorded hash (or was gone); now set aside. */
  damaged: number[]
}

/** The library folder cannot be used; the message says why in words. */
export class LibraryFolderError extends Error {
  override name = 'LibraryFolderError'
}

export interface LibraryEvents {
  /** An image was found damaged and set aside: the next crawl downloads it again. */
  setAside: [{ id: number; reason: string; movedTo: string | null }]
}

const MAX_LISTED_OTHER_FILES = 8

export class Library extends EventEmitter<LibraryEvents> {
  private sorted: LibraryRecord[] | undefined
  private readonly appender: IndexAppender | null
  private closed = false

  private constructor(
    readonly folder: string,
    private readonly records: Map<number, LibraryRecord>,
    private readonly index: FileHandle | null,
    readonly openReport: OpenReport,
    /** `<id>.jpg` files found at open that the index does not name: never replaced. */
    private readonly foreignImages: Set<number>,
    /** Why the library cannot be used, for a stand-in made by `unavailable`. */
    private readonly problem: string | null = null
  ) {
    super()
    this.appender = index ? new IndexAppender(index) : null
  }

  /**
   * Opens (creating it if need be) the library in `folder`, an absolute path. Throws
   * LibraryFolderError, saying why in words, when the folder cannot be used.
   */
  static async open(folder: string): Promise<Library> {
    try {
      return await Library.openChecked(folder)
    } catch (error) {
      if (error instanceof LibraryFolderError) throw error
      if (error instanceof FolderError) throw new LibraryFolderError(capitalise(error.message))
      const code = (error as NodeJS.ErrnoException).code
      if (typeof code === 'string') {
        throw new LibraryFolderError(`Cannot use ${folder}: ${describeFsError(code)}`)
      }
      throw error
    }
  }

  /**
   * An empty library that saves nothing, for an app whose library folder cannot be opened: the
   * app still starts, says why, and lets the person choose another folder.
   */
  static unavailable(folder: string, problem: string): Library {
    const report = emptyReport()
    return new Library(folder, new Map(), null, report, new Set(), problem)
  }

  private static async openChecked(folder: string): Promise<Library> {
    if (!isAbsolute(folder)) {
      throw new LibraryFolderError(`"${folder}" is not a full folder path`)
    }
    // In words ("is a file, not a folder", "read-only file system"), and before mkdir, whose
    // recursive form says ENOENT for a read-only disk.
    await checkWritableFolder(folder)
    const meta = join(folder, META_FOLDER)
    await mkdir(meta, { recursive: true })
    const indexPath = join(meta, INDEX_FILE)
    const report = emptyReport()

    report.tempFilesRemoved += await removeTempFiles(meta)
    const imageFiles = new Set<number>()
    const others: string[] = []
    for (const dirent of await readdir(folder, { withFileTypes: true })) {
      if (dirent.name === META_FOLDER) continue
      if (dirent.isFile() && isTempName(dirent.name)) {
        await rm(join(folder, dirent.name), { force: true })
        report.tempFilesRemoved++
        continue
      }
      const match = IMAGE_NAME.exec(dirent.name)
      if (match && dirent.isFile()) imageFiles.add(Number(match[1]))
      else others.push(dirent.name)
    }

    const parsed = parseIndex(await readFile(indexPath, 'utf8').catch(missingAsEmpty))
    const records = parsed.records
    report.indexed = records.size
    // Existence + size only: re-hashing 2,609 images at every start would take seconds.
    const sizes = await Promise.all(
      [...records.keys()].map(async (id) =>
        imageFiles.has(id)
          ? [id, (await stat(join(folder, `${id}.jpg`)).catch(() => undefined))?.size]
          : [id, undefined]
      )
    )
    const damaged = new Set<number>()
    for (const [id, size] of sizes as [number, number | undefined][]) {
      if (size === records.get(id)!.bytes) continue
      records.delete(id)
      if (size === undefined) report.dropped++
      else damaged.add(id)
    }
    const foreignImages = new Set<number>()
    for (const id of imageFiles) {
      if (records.has(id) || damaged.has(id)) continue
      foreignImages.add(id)
      others.push(`${id}.jpg`)
    }
    others.sort()
    report.otherFiles = { count: others.length, names: others.slice(0, MAX_LISTED_OTHER_FILES) }

    // A file cut short (a power cut before the kernel wrote it out) is ours, so it is moved
    // aside rather than left to be mistaken for a person's own file.
    for (const id of damaged) {
      await moveAside(folder, id, 'its size no longer matches the index (cut short)')
      report.setAside++
    }

    if (parsed.wasted > 0 || report.dropped > 0 || report.setAside > 0) {
      const ordered = [...records.values()].sort((a, b) => a.id - b.id)
      await writeFileAtomic(indexPath, formatIndex(ordered))
      report.indexRewritten = true
    }
    const index = await open(indexPath, 'a')
    return new Library(folder, records, index, report, foreignImages)
  }

  /** Every saved image, sorted by id. */
  list(): LibraryRecord[] {
    this.sorted ??= [...this.records.values()].sort((a, b) => a.id - b.id)
    return [...this.sorted]
  }

  get size(): number {
    return this.records.size
  }

  get(id: number): LibraryRecord | undefined {
    return this.records.get(id)
  }

  /** Saved, and valid when the library was opened or since. */
  has(id: number): boolean {
    return this.records.has(id)
  }

  imagePath(id: number): string {
    return join(this.folder, `${id}.jpg`)
  }

  /**
   * Saves the image for `entry.id`. Refuses anything that is not a plausible JPEG, and refuses to
   * replace a `<id>.jpg` the library did not save. The index names the image before it gets its
   * final name, so a crash in between leaves an index entry without a file (dropped at the next
   * open), never a file the index does not name.
   */
  async save(entry: CatalogEntry, jpeg: Buffer | readonly Buffer[]): Promise<LibraryRecord> {
    if (this.problem !== null) throw new Error(this.problem)
    if (this.closed) throw new Error('the library is closed')
    const chunks = Buffer.isBuffer(jpeg) ? [jpeg] : jpeg
    const problem = jpegProblem(chunks)
    if (problem) throw new Error(`refusing to save image ${entry.id}: ${problem}`)
    const target = this.imagePath(entry.id)
    if (this.foreignImages.has(entry.id)) {
      if (await pathExists(target)) throw inTheWay(entry.id, this.folder)
      this.foreignImages.delete(entry.id) // the person moved it away
    }
    const hash = createHash('sha256')
    let bytes = 0
    for (const chunk of chunks) {
      hash.update(chunk)
      bytes += chunk.length
    }
    const temp = tempPathFor(target)
    let indexed = false
    try {
      // No fsync (see AtomicWriteOptions.durable): an image cut short is caught at open.
      await writeNewFile(temp, chunks, { durable: false })
      const record = makeRecord(entry, {
        bytes,
        sha256: hash.digest('hex'),
        savedAt: new Date().toISOString()
      })
      await this.appender!.append(indexLine(record))
      indexed = true
      if (this.records.has(entry.id)) await rename(temp, target)
      else await placeWithoutReplacing(temp, target, entry.id, this.folder)
      this.records.set(record.id, record)
      this.sorted = undefined
      return record
    } catch (error) {
      await rm(temp, { force: true })
      // The index must not go on naming a file that is not ours (or not there).
      if (indexed && !this.records.has(entry.id)) {
        await this.appender!.append(setAsideLine(entry.id, 'not saved')).catch(() => undefined)
      }
      throw error
    }
  }

  /**
   * The image's bytes if they still match the hash recorded when it was saved; otherwise the
   * image is set aside (so the next crawl downloads it again) and the answer is null.
   */
  async readVerified(id: number): Promise<Buffer | null> {
    const record = this.records.get(id)
    if (!record) return null
    let bytes: Buffer
    try {
      bytes = await readFile(this.imagePath(id))
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      if (code !== 'ENOENT' && code !== 'EISDIR') throw error
      await this.setAside(id, 'its file is gone')
      return null
    }
    if (bytes.length === record.bytes && sha256(bytes) === record.sha256) return bytes
    await this.setAside(id, 'its content no longer matches the hash recorded when it was saved')
    return null
  }

  /** Checks every saved image against its recorded hash; the damaged ones are set aside. */
  async verifyAll(onProgress?: (checked: number, total: number) => void): Promise<VerifyReport> {
    const ids = [...this.records.keys()].sort((a, b) => a - b)
    const damaged: number[] = []
    let checked = 0
    const limit = pLimit(VERIFY_CONCURRENCY)
    await Promise.all(
      ids.map((id) =>
        limit(async () => {
          if ((await this.readVerified(id)) === null) damaged.push(id)
          checked++
          onProgress?.(checked, ids.length)
        })
      )
    )
    return { checked, damaged: damaged.sort((a, b) => a - b) }
  }

  /**
   * Takes a damaged image out of the library without deleting it: the file goes to
   * `.earthview/damaged/`, the index and `set-aside.jsonl` say so, and `has(id)` turns false so
   * the next crawl downloads it again. Only images the index names are touched.
   */
  async setAside(id: number, reason: string): Promise<boolean> {
    if (this.closed || !this.records.has(id) || this.problem !== null) return false
    this.records.delete(id)
    this.sorted = undefined
    const movedTo = await moveAside(this.folder, id, reason)
    await this.appender!.append(setAsideLine(id, reason))
    this.emit('setAside', { id, reason, movedTo })
    return true
  }

  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    await this.appender?.flushed()
    await this.index?.close()
  }
}

/**
 * Moves `<id>.jpg` into `.earthview/damaged/` and logs it; returns where it went, or null when
 * there was no file to move.
 */
async function moveAside(folder: string, id: number, reason: string): Promise<string | null> {
  const meta = join(folder, META_FOLDER)
  const aside = join(meta, DAMAGED_FOLDER)
  await mkdir(aside, { recursive: true })
  const stamp = new Date().toISOString().replaceAll(':', '-')
  let movedTo: string | null = join(aside, `${id}-${stamp}.jpg`)
  try {
    await rename(join(folder, `${id}.jpg`), movedTo)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    movedTo = null
  }
  const line = { id, reason, movedTo, at: new Date().toISOString() }
  await appendFile(join(meta, SET_ASIDE_LOG), `${JSON.stringify(line)}\n`)
  return movedTo
}

async function removeTempFiles(folder: string): Promise<number> {
  let removed = 0
  for (const name of await readdir(folder)) {
    if (!isTempName(name)) continue
    await rm(join(folder, name), { force: true })
    removed++
  }
  return removed
}

function emptyReport(): OpenReport {
  return {
    indexed: 0,
    dropped: 0,
    setAside: 0,
    tempFilesRemoved: 0,
    indexRewritten: false,
    otherFiles: { count: 0, names: [] }
  }
}

/** Errors from link() that mean "this file system has no hard links", not "you may not". */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV', 'EMLINK'])

/**
 * Gives `temp` the name `target` unless something is already there, which is then not ours (the
 * index does not name it) and is left alone. link() fails with EEXIST atomically, so even a file
 * put there a moment ago is never replaced; without hard links (FAT) a look before the rename
 * has to do.
 */
async function placeWithoutReplacing(
  temp: string,
  target: string,
  id: number,
  folder: string
): Promise<void> {
  try {
    await link(temp, target)
    // The image is in place and indexed: a temp name left behind is removed at the next open.
    await rm(temp, { force: true }).catch(() => undefined)
    return
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? ''
    if (code === 'EEXIST') throw inTheWay(id, folder)
    if (!NO_HARD_LINKS.has(code)) throw error
  }
  if (await pathExists(target)) throw inTheWay(id, folder)
  await rename(temp, target)
}

function inTheWay(id: number, folder: string): Error {
  return new Error(
    `${id}.jpg in ${folder} is not one this library saved, so it was left alone ` +
      `(move it away to download image ${id})`
  )
}

async function pathExists(path: string): Promise<boolean> {
  try {
    await stat(path)
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false
    throw error
  }
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex')
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

function missingAsEmpty(error: NodeJS.ErrnoException): string {
  if (error.code === 'ENOENT') return ''
  throw error
}
