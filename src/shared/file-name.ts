import type { CatalogEntry } from './catalog'

/** Longest file name we produce, in UTF-8 bytes (most file systems allow 255). */
export const MAX_NAME_BYTES = 200
const EXTENSION = '.jpg'
const FALLBACK_STEM = 'Earth View'

type Field = 'id' | 'country' | 'region' | 'lat' | 'lng'
const FIELDS: ReadonlySet<string> = new Set<Field>(['id', 'country', 'region', 'lat', 'lng'])

/** Windows refuses these as a name, whatever the extension ("NUL.jpg" too). */
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)$/i
/** Not allowed in a name on Windows (and "/" nowhere); control characters cause trouble too. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g
const OPENERS = '([{'
const CLOSERS = ')]}'

/**
 * A template placeholder with the brackets that belong to it: in "{country} - {region} ({id})"
 * the "(" and ")" go with {id}, and " - " is the separator between {country} and {region}.
 */
interface Slot {
  field: Field
  open: string
  close: string
  /** The text that joins this slot to the previous one; dropped along with an empty slot. */
  separator: string
}

/**
 * A file name for `entry` from `template` ({id} {country} {region} {lat} {lng}). A placeholder
 * whose value is empty disappears together with its brackets and the separator before it (or
 * after it, when it comes first), so "{country} - {region} ({id}).jpg" gives "Australia
 * (1003).jpg" for an empty region. The result is safe on Windows, macOS and Linux: no reserved
 * characters or names, no leading or trailing dots and spaces, at most MAX_NAME_BYTES bytes, and
 * always ending ".jpg".
 */
export function fileNameFor(template: string, entry: CatalogEntry): string {
  const { prefix, slots, suffix } = parseTemplate(stripJpegExtension(template.trim()))
  const values = new Map<Field, string>(
    slots.map((slot) => [slot.field, cleanValue(valueOf(slot.field, entry))])
  )
  const render = (): string => {
    let out = cleanText(prefix)
    let first = true
    for (const slot of slots) {
      const value = values.get(slot.field) ?? ''
      if (value === '') continue
      out += (first ? '' : cleanText(slot.separator)) + slot.open + value + slot.close
      first = false
    }
    return finishStem(out + cleanText(suffix))
  }

  let stem = render()
  // Too long: shorten the longest place name first, so the id (usually at the end) survives.
  while (byteLength(stem + EXTENSION) > MAX_NAME_BYTES) {
    const longest = [...values.entries()]
      .filter(([field]) => field === 'country' || field === 'region')
      .sort((a, b) => b[1].length - a[1].length)[0]
    if (!longest || longest[1].length <= 1) break
    values.set(longest[0], dropLastGrapheme(longest[1]).trimEnd())
    stem = render()
  }
  return fitStem(stem, MAX_NAME_BYTES) + EXTENSION
}

/** "name.jpg" → "name (2).jpg", still within MAX_NAME_BYTES. */
export function withCopyNumber(name: string, copy: number): string {
  if (copy <= 1) return name
  const stem = name.endsWith(EXTENSION) ? name.slice(0, -EXTENSION.length) : name
  const tag = ` (${copy})`
  return fitStem(stem, MAX_NAME_BYTES - byteLength(tag)) + tag + EXTENSION
}

function parseTemplate(template: string): { prefix: string; slots: Slot[]; suffix: string } {
  const pieces = template.split(/\{(\w+)\}/)
  // pieces: text, name, text, name, …, text. Unknown names stay as literal text.
  const texts: string[] = [pieces[0] ?? '']
  const fields: Field[] = []
  for (let i = 1; i < pieces.length; i += 2) {
    const name = (pieces[i] ?? '').toLowerCase()
    const after = pieces[i + 1] ?? ''
    if (FIELDS.has(name)) {
      fields.push(name as Field)
      texts.push(after)
    } else {
      texts[texts.length - 1] += `{${pieces[i]}}${after}`
    }
  }
  if (fields.length === 0) return { prefix: texts[0] ?? '', slots: [], suffix: '' }

  const slots: Slot[] = fields.map((field) => ({ field, open: '', close: '', separator: '' }))
  let prefix = ''
  let suffix = ''
  texts.forEach((text, i) => {
    const before = slots[i - 1]
    const after = slots[i]
    let middle = text
    if (before) {
      const closing = leadingRun(middle, CLOSERS)
      before.close = closing
      middle = middle.slice(closing.length)
    }
    if (after) {
      const opening = trailingRun(middle, OPENERS)
      after.open = opening
      middle = middle.slice(0, middle.length - opening.length)
    }
    if (!before) prefix = middle
    else if (!after) suffix = middle
    else after.separator = middle
  })
  return { prefix, slots, suffix }
}

function valueOf(field: Field, entry: CatalogEntry): string {
  switch (field) {
    case 'id':
      return String(entry.id)
    case 'country':
      return entry.country
    case 'region':
      return entry.region
    case 'lat':
      return Number.isFinite(entry.lat) ? String(entry.lat) : ''
    case 'lng':
      return Number.isFinite(entry.lng) ? String(entry.lng) : ''
  }
}

/** A value's characters made safe; empty when nothing printable is left. */
function cleanValue(value: string): string {
  return cleanText(value).replace(/\s+/g, ' ').trim()
}

function cleanText(text: string): string {
  return text
    .normalize('NFC')
    .replace(CONTROL, '')
    .replace(/["]/g, "'")
    .replace(/[/\\:|]/g, '-')
    .replace(/[<>?*]/g, '')
}

/** Collapses spaces, trims dots and spaces from both ends and avoids reserved names. */
function finishStem(stem: string): string {
  let out = stem.replace(/\s+/g, ' ').replace(/^[\s.]+|[\s.]+$/g, '')
  if (out === '') out = FALLBACK_STEM
  // Windows looks at the part before the first dot ("CON.x.jpg" is reserved too).
  const base = (out.split('.')[0] ?? '').trim()
  if (RESERVED.test(base)) out = `_${out}`
  return out
}

/** Cuts `stem` to `maxBytes` minus the extension, at a grapheme boundary. */
function fitStem(stem: string, maxBytes: number): string {
  let out = stem
  while (byteLength(out + EXTENSION) > maxBytes && out.length > 0) out = dropLastGrapheme(out)
  return finishStem(out)
}

function stripJpegExtension(template: string): string {
  return template.replace(/\.jpe?g$/i, '')
}

function leadingRun(text: string, chars: string): string {
  let end = 0
  while (end < text.length && chars.includes(text[end] ?? '')) end++
  return text.slice(0, end)
}

function trailingRun(text: string, chars: string): string {
  let start = text.length
  while (start > 0 && chars.includes(text[start - 1] ?? '')) start--
  return text.slice(start)
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' })

function dropLastGrapheme(text: string): string {
  let last = 0
  for (const { index } of graphemes.segment(text)) last = index
  return text.slice(0, last)
}

const utf8 = new TextEncoder()

function byteLength(text: string): number {
  return utf8.encode(text).length
}
