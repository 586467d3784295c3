/**
 * The library: every saved image as `<folder>/<id>.jpg`, plus an append-only index
 * (`<folder>/.earthview/index.jsonl`) of what was saved. Images are written atomically, and
 * opening the library reconciles the index with the files, so a crawl killed at any instant
 * leaves a library that opens cleanly and knows exactly which images are complete.
 */
import { createHash } from 'node:crypto'
import { mkdir, open, readdir, readFile, rename, rm, stat, type FileHandle } from 'node:fs/promises'
import { join } from 'node:path'
import type { CatalogEntry, LibraryRecord } from '@shared/catalog'
import { Catalog } from '../catalog/catalog'
import { isTempName, writeFileAtomic } from '../files/atomic-file'
import { IndexAppender } from './index-appender'
import { formatIndex, indexLine, makeRecord, parseIndex } from './index-file'
import { jpegProblem } from './jpeg'

export const META_FOLDER = '.earthview'
export const INDEX_FILE = 'index.jsonl'
/** Where files named like images but not valid JPEGs are moved at open, rather than deleted. */
export const INVALID_FOLDER = 'invalid'

const IMAGE_NAME = /^([1-9]\d{0,8})\.jpg$/

export interface LibraryOptions {
  /** Metadata for image files found without an index entry; the bundled catalog by default. */
  catalog?: Pick<Catalog, 'get'>
}

/** What `open` found and repaired; useful for logs and tests. */
export interface OpenReport {
  indexed: number
  /** Index entries dropped because their file was missing or had another size. */
  dropped: number
  /** Valid image files that had no index entry (e.g. killed between rename and append). */
  adopted: number
  /** Image-named files that were not valid JPEGs, moved to .earthview/invalid/. */
  setAside: number
  tempFilesRemoved: number
  indexRewritten: boolean
}

export class Library {
  private sorted: LibraryRecord[] | undefined
  private readonly appender: IndexAppender
  private closed = false

  private constructor(
    readonly folder: string,
    private readonly records: Map<number, LibraryRecord>,
    private readonly index: FileHandle,
    readonly openReport: OpenReport
  ) {
    this.appender = new IndexAppender(index)
  }

  static async open(folder: string, options: LibraryOptions = {}): Promise<Library> {
    const meta = join(folder, META_FOLDER)
    await mkdir(meta, { recursive: true })
    const indexPath = join(meta, INDEX_FILE)
    const report: OpenReport = {
      indexed: 0,
      dropped: 0,
      adopted: 0,
      setAside: 0,
      tempFilesRemoved: 0,
      indexRewritten: false
    }

    report.tempFilesRemoved += await removeTempFiles(meta)
    const imageSizes = new Map<number, string>()
    for (const dirent of await readdir(folder, { withFileTypes: true })) {
      if (dirent.isFile() && isTempName(dirent.name)) {
        await rm(join(folder, dirent.name), { force: true })
        report.tempFilesRemoved++
        continue
      }
      const match = IMAGE_NAME.exec(dirent.name)
      if (match && dirent.isFile()) imageSizes.set(Number(match[1]), dirent.name)
    }

    const parsed = parseIndex(await readFile(indexPath, 'utf8').catch(missingAsEmpty))
    const records = parsed.records
    report.indexed = records.size

    // Existence + size only: re-hashing 2,609 images at every start would take seconds.
    const sizes = await Promise.all(
      [...records.keys()].map(async (id) =>
        imageSizes.has(id)
          ? [id, (await stat(join(folder, `${id}.jpg`)).catch(() => undefined))?.size]
          : [id, undefined]
      )
    )
    for (const [id, size] of sizes as [number, number | undefined][]) {
      if (size !== records.get(id)!.bytes) {
        records.delete(id)
        report.dropped++
      }
    }

    let catalog = options.catalog
    for (const id of imageSizes.keys()) {
      if (records.has(id)) continue
      const path = join(folder, `${id}.jpg`)
      const bytes = await readFile(path).catch(() => undefined)
      if (!bytes) continue
      if (jpegProblem(bytes)) {
        await mkdir(join(meta, INVALID_FOLDER), { recursive: true })
        await rename(path, join(meta, INVALID_FOLDER, `${id}-${Date.now()}.jpg`))
        report.setAside++
        continue
      }
      catalog ??= new Catalog()
      const mtime = (await stat(path)).mtime
      records.set(
        id,
        makeRecord(catalog.get(id) ?? placeholderEntry(id), {
          bytes: bytes.length,
          sha256: createHash('sha256').update(bytes).digest('hex'),
          savedAt: mtime.toISOString()
        })
      )
      report.adopted++
    }

    if (parsed.wasted > 0 || report.dropped > 0 || report.adopted > 0) {
      const ordered = [...records.values()].sort((a, b) => a.id - b.id)
      await writeFileAtomic(indexPath, formatIndex(ordered))
      report.indexRewritten = true
    }
    const index = await open(indexPath, 'a')
    return new Library(folder, records, index, report)
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
   * Saves (or replaces) the image for `entry.id`. The file is complete on disk before the index
   * names it. Refuses anything that is not a plausible JPEG.
   */
  async save(entry: CatalogEntry, jpeg: Buffer | readonly Buffer[]): Promise<LibraryRecord> {
    if (this.closed) throw new Error('the library is closed')
    const chunks = Buffer.isBuffer(jpeg) ? [jpeg] : jpeg
    const problem = jpegProblem(chunks)
    if (problem) throw new Error(`refusing to save image ${entry.id}: ${problem}`)
    const hash = createHash('sha256')
    let bytes = 0
    for (const chunk of chunks) {
      hash.update(chunk)
      bytes += chunk.length
    }
    await writeFileAtomic(this.imagePath(entry.id), chunks, { durable: false })
    const record = makeRecord(entry, {
      bytes,
      sha256: hash.digest('hex'),
      savedAt: new Date().toISOString()
    })
    await this.appender.append(indexLine(record))
    this.records.set(record.id, record)
    this.sorted = undefined
    return record
  }

  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    await this.appender.flushed()
    await this.index.close()
  }
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

function missingAsEmpty(error: NodeJS.ErrnoException): string {
  if (error.code === 'ENOENT') return ''
  throw error
}

/** For an image file the catalog does not know: grey, unnamed, until a crawl learns more. */
export function placeholderEntry(id: number): CatalogEntry {
  return {
    id,
    country: '',
    region: '',
    lat: 0,
    lng: 0,
    attribution: '',
    primaryColor: [128, 128, 128],
    hue: 0
  }
}
