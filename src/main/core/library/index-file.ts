/**
 * The library index: one JSON line per saved image, appended as images are saved. Appending
 * survives kill -9 (a torn last line is simply ignored when read back), and the file is compacted
 * (rewritten atomically) when the library is opened.
 */
import type { CatalogEntry, LibraryRecord } from '@shared/catalog'

export interface ParsedIndex {
  /** The last valid record per id. */
  records: Map<number, LibraryRecord>
  /** Lines that were torn, invalid or superseded: the file deserves a rewrite. */
  wasted: number
}

export function parseIndex(text: string): ParsedIndex {
  const records = new Map<number, LibraryRecord>()
  let lines = 0
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue
    lines++
    let value: unknown
    try {
      value = JSON.parse(line)
    } catch {
      continue
    }
    const record = toRecord(value)
    if (record) records.set(record.id, record)
    else if (isSetAside(value)) records.delete(value.id)
  }
  // A torn last line has no newline; the next append would glue onto it, so it must be rewritten.
  const torn = text.length > 0 && !text.endsWith('\n') ? 1 : 0
  return { records, wasted: lines - records.size + torn }
}

/** The line that takes an image out of the index (it was found damaged and set aside). */
export function setAsideLine(id: number, reason: string): string {
  return JSON.stringify({ id, setAside: reason }) + '\n'
}

function isSetAside(value: unknown): value is { id: number; setAside: string } {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Record<string, unknown>
  return Number.isInteger(v.id) && typeof v.setAside === 'string'
}

export function formatIndex(records: Iterable<LibraryRecord>): string {
  let text = ''
  for (const record of records) text += indexLine(record)
  return text
}

export function indexLine(record: LibraryRecord): string {
  return JSON.stringify(record) + '\n'
}

/** Keeps exactly the LibraryRecord fields, so callers' extra properties never reach the index. */
export function makeRecord(
  entry: CatalogEntry,
  saved: { bytes: number; sha256: string; savedAt: string }
): LibraryRecord {
  return {
    id: entry.id,
    country: entry.country,
    region: entry.region,
    lat: entry.lat,
    lng: entry.lng,
    attribution: entry.attribution,
    primaryColor: [entry.primaryColor[0], entry.primaryColor[1], entry.primaryColor[2]],
    hue: entry.hue,
    bytes: saved.bytes,
    sha256: saved.sha256,
    savedAt: saved.savedAt
  }
}

function toRecord(value: unknown): LibraryRecord | undefined {
  if (typeof value !== 'object' || value === null) return undefined
  const v = value as Record<string, unknown>
  const colour = v.primaryColor
  const valid =
    Number.isInteger(v.id) &&
    (v.id as number) > 0 &&
    Number.isInteger(v.bytes) &&
    (v.bytes as number) > 0 &&
    typeof v.sha256 === 'string' &&
    /^[0-9a-f]{64}$/.test(v.sha256) &&
    typeof v.savedAt === 'string' &&
    typeof v.country === 'string' &&
    typeof v.region === 'string' &&
    typeof v.lat === 'number' &&
    typeof v.lng === 'number' &&
    typeof v.attribution === 'string' &&
    typeof v.hue === 'number' &&
    Array.isArray(colour) &&
    colour.length === 3 &&
    colour.every((c) => typeof c === 'number')
  if (!valid) return undefined
  return makeRecord(v as unknown as CatalogEntry, {
    bytes: v.bytes as number,
    sha256: v.sha256 as string,
    savedAt: v.savedAt as string
  })
}
