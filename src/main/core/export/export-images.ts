import { readFile } from 'node:fs/promises'
import pLimit from 'p-limit'
import type { ExportResult } from '@shared/api'
import type { CatalogEntry, LibraryRecord } from '@shared/catalog'
import { GalleryError } from '@shared/errors'
import { DEFAULT_FILENAME_TEMPLATE } from '@shared/defaults'
import { checkExportFolder, folderError } from './export-folder'
import { fileNameFor } from '@shared/file-name'
import { addEarthViewExif } from './jpeg-exif'
import { placeFile, sha256Of, type Placement } from './place-file'

/** Where the saved images are; the real Library satisfies this. */
export interface ExportSource {
  get(id: number): LibraryRecord | undefined
  imagePath(id: number): string
  /** Takes a damaged image out of the library, so that it can be downloaded again. */
  setAside?(id: number, reason: string): Promise<unknown>
}

export interface ExportOptions {
  ids: number[]
  folder: string
  /** File name template; DEFAULT_FILENAME_TEMPLATE when empty. */
  template: string
  writeExif: boolean
  source: ExportSource
  /** Catalog metadata for naming and EXIF; the library record is used when absent. */
  describe: (id: number) => CatalogEntry | undefined
  /** Crawls these ids into the library; called once, before anything is written. */
  fetchMissing?: (ids: number[]) => Promise<void>
  /** Called with (0, total) at the start and again each time an item ends. */
  onProgress?: (done: number, total: number) => void
  signal?: AbortSignal
}

/**
 * Files written at once. Each item is a read, an in-memory splice and a write, so a few at a time
 * keep the disk busy without holding many images in memory.
 */
const EXPORT_CONCURRENCY = 3

type Outcome = { placement: Placement } | { failure: string } | { damaged: true }

const DAMAGED = 'its content no longer matches the hash recorded when it was saved'

/**
 * Copies library images into `folder` under names from the template, with GPS, place and
 * attribution in their EXIF (without re-encoding) when `writeExif`. Never overwrites: an
 * identical file is skipped, a different one gets the next " (n)". Per-image problems end up in
 * `failed`; a problem with the folder itself (gone, not writable, disk full) stops the export
 * and rejects with a GalleryError saying what to do. Files already written stay, and are whole.
 */
export async function exportImages(options: ExportOptions): Promise<ExportResult> {
  const { folder, source, signal } = options
  const template = options.template.trim() || DEFAULT_FILENAME_TEMPLATE
  throwIfCancelled(signal)
  await checkExportFolder(folder)

  const ids = [...new Set(options.ids)]
  const total = ids.length
  const outcomes = new Map<number, Outcome>()
  let done = 0
  const progress = (): void => options.onProgress?.(done, total)
  progress()

  const missing = ids.filter((id) => !source.get(id))
  let fetchProblem: string | null = null
  if (missing.length > 0 && options.fetchMissing) {
    try {
      await options.fetchMissing(missing)
    } catch (error) {
      fetchProblem = messageOf(error)
    }
    throwIfCancelled(signal)
  }
  const fetched = missing.filter((id) => source.get(id)).length
  for (const id of missing) {
    if (source.get(id)) continue
    outcomes.set(id, { failure: notInLibrary(Boolean(options.fetchMissing), fetchProblem) })
    done++
  }
  if (done > 0) progress()

  let stop: GalleryError | null = null
  const limit = pLimit(EXPORT_CONCURRENCY)
  const exportAll = (batch: number[]) =>
    Promise.all(
      batch.map((id) =>
        limit(async () => {
          if (stop || signal?.aborted) return
          try {
            const outcome = await exportOne(id, template, options)
            outcomes.set(id, outcome)
            if ('damaged' in outcome) return // counted once it is fetched again, below
          } catch (error) {
            const problem = folderError(error, folder)
            if (problem) {
              stop ??= problem
              return
            }
            outcomes.set(id, { failure: messageOf(error) })
          }
          done++
          progress()
        })
      )
    )
  await exportAll(ids.filter((id) => !outcomes.has(id)))

  // A damaged image was set aside: download a fresh copy and export that.
  const damaged = ids.filter((id) => {
    const outcome = outcomes.get(id)
    return outcome !== undefined && 'damaged' in outcome
  })
  let refetched = 0
  if (damaged.length > 0 && !stop && !signal?.aborted) {
    let problem: string | null = null
    if (options.fetchMissing) {
      await options.fetchMissing(damaged).catch((error: unknown) => (problem = messageOf(error)))
    }
    const again = damaged.filter((id) => source.get(id))
    refetched = again.length
    for (const id of damaged) {
      if (again.includes(id)) continue
      outcomes.set(id, { failure: damagedFailure(Boolean(options.fetchMissing), problem) })
      done++
    }
    progress()
    await exportAll(again)
    for (const id of again) {
      // Damaged again straight after a fresh download: not worth a loop.
      if ('damaged' in outcomes.get(id)!) outcomes.set(id, { failure: damagedFailure(false, null) })
    }
  }

  const result = collect(ids, outcomes, folder, fetched + refetched)
  if (stop) throw withProgress(stop, result)
  throwIfCancelled(signal)
  return result
}

async function exportOne(id: number, template: string, options: ExportOptions): Promise<Outcome> {
  const record = options.source.get(id)
  if (!record) return { failure: 'It is no longer in the library.' }
  const entry = options.describe(id) ?? record
  let data: Buffer
  try {
    data = await readFile(options.source.imagePath(id))
  } catch (error) {
    return { failure: `The saved image could not be read (${messageOf(error)}).` }
  }
  if (sha256Of(data) !== record.sha256) {
    if (!options.source.setAside) return { failure: 'The saved image is damaged.' }
    await options.source.setAside(id, DAMAGED)
    return { damaged: true }
  }
  let bytes = data
  if (options.writeExif) {
    try {
      bytes = addEarthViewExif(data, entry)
    } catch (error) {
      return { failure: `The saved image is not a usable JPEG (${messageOf(error)}).` }
    }
  }
  const name = fileNameFor(template, entry)
  return { placement: await placeFile(options.folder, name, bytes, sha256Of(bytes)) }
}

function collect(
  ids: number[],
  outcomes: Map<number, Outcome>,
  folder: string,
  fetched: number
): ExportResult {
  const result: ExportResult = { folder, written: [], skipped: 0, fetched, failed: [] }
  for (const id of ids) {
    const outcome = outcomes.get(id)
    if (!outcome) continue
    if ('damaged' in outcome) continue
    if ('failure' in outcome) result.failed.push({ id, reason: outcome.failure })
    else if (outcome.placement.kind === 'written') result.written.push(outcome.placement.path)
    else result.skipped++
  }
  return result
}

function damagedFailure(couldFetch: boolean, problem: string | null): string {
  if (!couldFetch) {
    return 'The saved image is damaged, so it was set aside: crawl again to download a fresh copy.'
  }
  return `The saved image is damaged, so it was set aside, and a fresh copy could not be downloaded${problem ? ` (${problem})` : ''}: crawl again to try once more.`
}

function notInLibrary(couldFetch: boolean, problem: string | null): string {
  if (!couldFetch) return 'It is not in the library yet.'
  return problem
    ? `It is not in the library and could not be downloaded (${problem}).`
    : 'It is not in the library and could not be downloaded.'
}

function withProgress(error: GalleryError, result: ExportResult): GalleryError {
  const saved = result.written.length + result.skipped
  if (saved === 0) return error
  const images = saved === 1 ? '1 image was' : `${saved} images were`
  return new GalleryError(error.code, `${error.message} (${images} saved before that.)`, {
    field: error.field
  })
}

function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new GalleryError('cancelled', 'The download was cancelled.')
}

function messageOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error)
  return text.trim().replace(/\.$/, '') || 'unknown error'
}
