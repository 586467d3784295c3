/**
 * A streaming reader for Earth View documents. A document is ~460 KB of JSON, almost all of it the
 * base64 `dataUri`; this decodes that value as the chunks arrive and keeps everything else (a few
 * hundred bytes) in a small buffer that is JSON.parse'd at the end, with the image value replaced
 * by "". So the whole document is never held, and the structure is still fully validated.
 *
 * Only structural bytes matter to the scanner ('"', '\\', braces, ':' and ','), and they are all
 * ASCII, so scanning UTF-8 byte by byte is safe. Inside the dataUri value the scan jumps between
 * quotes and backslashes with indexOf, and whole base64 quanta are decoded straight from the
 * chunk (only a quantum split between chunks is copied), so the common case costs a few native
 * calls per chunk and no copy.
 */

import type { CrawlFailureKind } from '@shared/crawl'
import { freshBuffers, type BufferSource } from './buffer-pool'

const QUOTE = 0x22
const BACKSLASH = 0x5c
const DATA_URI_KEY = 'dataUri'
const MAX_HEADER_CHARS = 256
/**
 * The most base64 characters decoded in one call. Each call goes through a string; below V8's
 * largest regular object (128 KB) it lives and dies in the young generation, whose pages are
 * reused. 192 KB strings went to large-object pages, fresh memory every time: 4.5× the page
 * faults, more system time and ~10 MB more peak RSS (measured on the benchmark jobs).
 */
const DECODE_SLICE_CHARS = 64 * 1024
/** A character that never occurs in base64, standing in for ones that must fail decoding. */
const NEVER_BASE64 = 0x21 // '!'

export class DocumentError extends Error {
  override name = 'DocumentError'
  constructor(
    message: string,
    /** 'too-large' is final; anything else may read differently on a second look. */
    readonly failure: Extract<CrawlFailureKind, 'invalid' | 'too-large'> = 'invalid'
  ) {
    super(message)
  }
}

export interface ExtractedDocument {
  /** Every top-level field except dataUri. */
  fields: Record<string, unknown>
  /** The decoded image (one piece; a view of a buffer the extractor's BufferSource lent). */
  image: Buffer[]
  imageBytes: number
}

export interface ExtractorLimits {
  /** Stop as soon as the decoded image exceeds this. */
  maxImageBytes?: number
  /** Stop when the document apart from the image exceeds this. */
  maxOtherBytes?: number
  /** Where the decoded image goes; fresh buffers by default. */
  buffers?: BufferSource
  /** The document's length when known (Content-Length), to size the image buffer once. */
  documentBytes?: number
}

/** The first image buffer when the document's length is unknown; it doubles as needed. */
const DEFAULT_IMAGE_BUFFER = 64 * 1024

export class DocumentExtractor {
  private readonly maxImageBytes: number
  private readonly maxOtherBytes: number

  // Everything but the image, as raw bytes.
  private rest = Buffer.alloc(1024)
  private restLength = 0

  private mode: 'json' | 'data' = 'json'
  private inString = false
  private escaped = false
  private depth = 0
  private expectKey = false
  private stringStart = 0
  private lastKey: string | undefined
  private valueKey: string | undefined
  private sawDataUri = false

  // Inside the dataUri value.
  private header = ''
  private headerDone = false
  /** Base64 characters of a quantum not complete yet (a chunk or an escape ended mid-way). */
  private readonly quantum = Buffer.alloc(4)
  private quantumLength = 0
  /** A quantum with '=' padding was decoded: the value must end here. */
  private padded = false
  /** undefined, or the escape read so far after a backslash: '' then 'u', 'u0', … */
  private escape: string | undefined
  private readonly buffers: BufferSource
  private readonly documentBytes: number | undefined
  /** The decoded image so far, in [0, imageBytes); lent by `buffers` until `release`. */
  private image: Buffer | undefined
  private imageBytes = 0

  constructor(limits: ExtractorLimits = {}) {
    this.maxImageBytes = limits.maxImageBytes ?? 20 * 1024 * 1024
    this.maxOtherBytes = limits.maxOtherBytes ?? 64 * 1024
    this.buffers = limits.buffers ?? freshBuffers
    const hint = limits.documentBytes
    this.documentBytes = hint !== undefined && Number.isFinite(hint) && hint > 0 ? hint : undefined
  }

  /**
   * Gives the image buffer back to its BufferSource. Call once the image from `finish` is no
   * longer needed (saved), or when the extraction failed; the image must not be used afterwards.
   */
  release(): void {
    const image = this.image
    this.image = undefined
    this.imageBytes = 0
    if (image) this.buffers.give(image)
  }

  /** Feeds the next chunk; throws DocumentError as soon as the document cannot be valid. */
  push(chunk: Uint8Array): void {
    const bytes = Buffer.isBuffer(chunk)
      ? chunk
      : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)
    let index = 0
    while (index < bytes.length) {
      index = this.mode === 'data' ? this.scanData(bytes, index) : this.scanJson(bytes, index)
    }
  }

  /** Call once the body has ended. */
  finish(): ExtractedDocument {
    if (this.mode === 'data') throw new DocumentError('malformed document (ends inside dataUri)')
    if (this.inString || this.depth !== 0) throw new DocumentError('malformed document (cut short)')
    let fields: unknown
    try {
      fields = JSON.parse(this.rest.toString('utf8', 0, this.restLength))
    } catch {
      throw new DocumentError('malformed document')
    }
    if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) {
      throw new DocumentError('malformed document (not an object)')
    }
    const record = fields as Record<string, unknown>
    if (!this.sawDataUri) {
      throw new DocumentError(
        DATA_URI_KEY in record ? 'dataUri is not a string' : 'no dataUri in the document'
      )
    }
    delete record[DATA_URI_KEY]
    const image = this.image ? [this.image.subarray(0, this.imageBytes)] : []
    return { fields: record, image, imageBytes: this.imageBytes }
  }

  private append(byte: number): void {
    if (this.restLength === this.rest.length) {
      if (this.rest.length >= this.maxOtherBytes) {
        throw new DocumentError('document too large (apart from the image)', 'too-large')
      }
      const grown = Buffer.alloc(Math.min(this.rest.length * 2, this.maxOtherBytes))
      this.rest.copy(grown, 0, 0, this.restLength)
      this.rest = grown
    }
    this.rest[this.restLength++] = byte
  }

  /** Outside the image: copies bytes to `rest`, tracking just enough to spot the dataUri value. */
  private scanJson(bytes: Buffer, start: number): number {
    for (let i = start; i < bytes.length; i++) {
      const c = bytes[i]!
      this.append(c)
      if (this.inString) {
        if (this.escaped) this.escaped = false
        else if (c === BACKSLASH) this.escaped = true
        else if (c === QUOTE) {
          this.inString = false
          if (this.depth === 1 && this.expectKey) {
            this.lastKey = this.rest.toString('utf8', this.stringStart + 1, this.restLength - 1)
            this.expectKey = false
          }
        }
        continue
      }
      if (this.valueKey !== undefined) {
        if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) continue
        const key = this.valueKey
        this.valueKey = undefined
        if (key === DATA_URI_KEY && c === QUOTE) {
          if (this.sawDataUri) throw new DocumentError('malformed document (two dataUri fields)')
          this.sawDataUri = true
          this.mode = 'data'
          return i + 1
        }
      }
      switch (c) {
        case QUOTE:
          this.inString = true
          this.stringStart = this.restLength - 1
          break
        case 0x7b: // {
          this.depth++
          if (this.depth === 1) this.expectKey = true
          break
        case 0x5b: // [
          this.depth++
          break
        case 0x7d: // }
        case 0x5d: // ]
          this.depth--
          if (this.depth < 0) throw new DocumentError('malformed document')
          break
        case 0x2c: // ,
          if (this.depth === 1) this.expectKey = true
          break
        case 0x3a: // :
          if (this.depth === 1) {
            this.valueKey = this.lastKey
            this.lastKey = undefined
          }
          break
      }
    }
    return bytes.length
  }

  /** Inside the dataUri string: unescapes, then hands the characters to the base64 decoder. */
  private scanData(bytes: Buffer, start: number): number {
    let i = start
    let quote = bytes.indexOf(QUOTE, i)
    let backslash = bytes.indexOf(BACKSLASH, i)
    while (i < bytes.length) {
      if (this.escape !== undefined) {
        this.readEscape(bytes[i]!)
        i++
        continue
      }
      if (quote !== -1 && quote < i) quote = bytes.indexOf(QUOTE, i)
      if (backslash !== -1 && backslash < i) backslash = bytes.indexOf(BACKSLASH, i)
      let stop = bytes.length
      if (quote !== -1) stop = quote
      if (backslash !== -1 && backslash < stop) stop = backslash
      if (stop > i) this.takeText(bytes, i, stop)
      if (stop === bytes.length) break
      if (stop === quote) {
        this.endBase64()
        this.mode = 'json'
        this.append(QUOTE) // the value becomes "" in `rest`
        return stop + 1
      }
      this.escape = ''
      i = stop + 1
    }
    return bytes.length
  }

  private readEscape(c: number): void {
    const escape = this.escape!
    if (escape === '') {
      this.escape = undefined
      switch (c) {
        case 0x2f: // \/ — some encoders escape every slash
          this.takeChar(0x2f)
          return
        case 0x6e: // \n, \r, \t: line-wrapped base64; the line breaks carry nothing
        case 0x72:
        case 0x74:
          return
        case 0x75: // \uXXXX
          this.escape = 'u'
          return
        case 0x22:
        case 0x5c:
        case 0x62:
        case 0x66:
          this.takeChar(NEVER_BASE64) // valid JSON, never valid base64: the decoder will say so
          return
        default:
          throw new DocumentError('malformed document (bad escape in dataUri)')
      }
    }
    const hex = escape + String.fromCharCode(c)
    if (!/^u[0-9a-fA-F]*$/.test(hex)) {
      throw new DocumentError('malformed document (bad escape in dataUri)')
    }
    if (hex.length < 5) {
      this.escape = hex
      return
    }
    this.escape = undefined
    const code = parseInt(hex.slice(1), 16)
    if (!/\s/.test(String.fromCharCode(code))) this.takeChar(code)
  }

  /** Takes dataUri characters from bytes[from, to): the header's, then base64 to decode. */
  private takeText(bytes: Buffer, from: number, to: number): void {
    let start = from
    if (!this.headerDone) {
      const comma = bytes.indexOf(0x2c, start)
      const end = comma === -1 || comma >= to ? to : comma
      this.header += bytes.toString('latin1', start, end)
      if (end === to) {
        if (this.header.length > MAX_HEADER_CHARS) {
          throw new DocumentError('dataUri is not a data URI')
        }
        return
      }
      this.endHeader()
      start = end + 1
    }
    // Whole quanta are decoded straight from the chunk; a split one waits in `quantum`.
    let i = start
    while (this.quantumLength > 0 && i < to) this.takeBase64Char(bytes[i++]!)
    const whole = to - ((to - i) % 4)
    while (i < whole) {
      const end = Math.min(whole, i + DECODE_SLICE_CHARS)
      this.decode(bytes, i, end)
      i = end
    }
    while (i < to) this.takeBase64Char(bytes[i++]!)
  }

  /** One character from an escape. */
  private takeChar(code: number): void {
    if (!this.headerDone) {
      if (code === 0x2c) return this.endHeader()
      this.header += String.fromCharCode(code)
      if (this.header.length > MAX_HEADER_CHARS) {
        throw new DocumentError('dataUri is not a data URI')
      }
      return
    }
    // Anything beyond latin1 is not base64 either; the decoder will say so.
    this.takeBase64Char(code > 0xff ? NEVER_BASE64 : code)
  }

  private takeBase64Char(code: number): void {
    this.quantum[this.quantumLength++] = code
    if (this.quantumLength === 4) {
      this.quantumLength = 0
      this.decode(this.quantum, 0, 4)
    }
  }

  private endHeader(): void {
    this.headerDone = true
    if (!/^data:/i.test(this.header)) throw new DocumentError('dataUri is not a data URI')
    if (!/;base64$/i.test(this.header)) throw new DocumentError('dataUri is not base64')
  }

  /** Decodes base64 characters chars[from, to), a whole number of quanta. */
  private decode(chars: Buffer, from: number, to: number): void {
    // Nothing may follow the quantum that carries '=' padding.
    if (this.padded) throw new DocumentError('dataUri is not valid base64')
    let padding = chars.indexOf(0x3d, from) // '='
    if (padding >= to) padding = -1
    if (padding !== -1) {
      const quantumEnd = padding - ((padding - from) % 4) + 4
      if (quantumEnd !== to || padding < to - 2 || !onlyPadding(chars, padding, to)) {
        throw new DocumentError('dataUri is not valid base64')
      }
      this.padded = true
    }
    this.decodeChars(chars, from, to, ((to - from) / 4) * 3 - (padding === -1 ? 0 : to - padding))
  }

  /** At the end of the value: the last quantum may lack its padding, but not half its chars. */
  private endBase64(): void {
    if (!this.headerDone) throw new DocumentError('dataUri is not a data URI')
    const length = this.quantumLength
    if (length === 0) return
    if (this.padded || length === 1 || this.quantum.subarray(0, length).includes(0x3d)) {
      throw new DocumentError('dataUri is not valid base64')
    }
    this.quantumLength = 0
    this.decodeChars(this.quantum, 0, length, length - 1)
  }

  private decodeChars(chars: Buffer, from: number, to: number, expected: number): void {
    const image = this.reserve(expected)
    const start = this.imageBytes
    const written = image.write(chars.toString('latin1', from, to), start, 'base64')
    // Node skips characters outside the alphabet instead of failing; a short result reveals them.
    if (written !== expected) throw new DocumentError('dataUri is not valid base64')
    if (start === 0 && written >= 2 && (image[0] !== 0xff || image[1] !== 0xd8)) {
      throw new DocumentError('not a JPEG') // no need to download the rest
    }
    this.imageBytes += written
    if (this.imageBytes > this.maxImageBytes)
      throw new DocumentError('image too large', 'too-large')
  }

  /** The image buffer, with room for `more` bytes after what is decoded so far. */
  private reserve(more: number): Buffer {
    const needed = this.imageBytes + more
    const current = this.image
    if (current && current.length >= needed) return current
    let size: number
    if (current) size = Math.max(needed, current.length * 2)
    else {
      // Base64 is 4 characters per 3 bytes, so the document's length bounds the image's.
      const fromHint =
        this.documentBytes !== undefined ? Math.ceil((this.documentBytes * 3) / 4) : 0
      size = Math.max(needed, Math.min(fromHint || DEFAULT_IMAGE_BUFFER, this.maxImageBytes + 4))
    }
    const next = this.buffers.take(size)
    if (current) {
      current.copy(next, 0, 0, this.imageBytes)
      this.buffers.give(current)
    }
    this.image = next
    return next
  }
}

function onlyPadding(bytes: Buffer, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (bytes[i] !== 0x3d) return false
  return true
}
