/**
 * A streaming reader for Earth View documents. A document is ~460 KB of JSON, almost all of it the
 * base64 `dataUri`; this decodes that value as the chunks arrive and keeps everything else (a few
 * hundred bytes) in a small buffer that is JSON.parse'd at the end, with the image value replaced
 * by "". So the whole document is never held, and the structure is still fully validated.
 *
 * Only structural bytes matter to the scanner ('"', '\\', braces, ':' and ','), and they are all
 * ASCII, so scanning UTF-8 byte by byte is safe. Inside the dataUri value the scan jumps between
 * quotes and backslashes with indexOf, so the common case costs a few native calls per chunk.
 */

const QUOTE = 0x22
const BACKSLASH = 0x5c
const DATA_URI_KEY = 'dataUri'
const MAX_HEADER_CHARS = 256

export class DocumentError extends Error {
  override name = 'DocumentError'
}

export interface ExtractedDocument {
  /** Every top-level field except dataUri. */
  fields: Record<string, unknown>
  /** The decoded image, in the pieces it arrived in. */
  image: Buffer[]
  imageBytes: number
}

export interface ExtractorLimits {
  /** Stop as soon as the decoded image exceeds this. */
  maxImageBytes?: number
  /** Stop when the document apart from the image exceeds this. */
  maxOtherBytes?: number
}

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
  /** 0–3 base64 characters (a few more when '=' padding is pending) waiting for a full quantum. */
  private carry = ''
  /** undefined, or the escape read so far after a backslash: '' then 'u', 'u0', … */
  private escape: string | undefined
  private readonly image: Buffer[] = []
  private imageBytes = 0

  constructor(limits: ExtractorLimits = {}) {
    this.maxImageBytes = limits.maxImageBytes ?? 20 * 1024 * 1024
    this.maxOtherBytes = limits.maxOtherBytes ?? 64 * 1024
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
    return { fields: record, image: this.image, imageBytes: this.imageBytes }
  }

  private append(byte: number): void {
    if (this.restLength === this.rest.length) {
      if (this.rest.length >= this.maxOtherBytes) {
        throw new DocumentError('document too large (apart from the image)')
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
    const parts: string[] = []
    let i = start
    let quote = bytes.indexOf(QUOTE, i)
    let backslash = bytes.indexOf(BACKSLASH, i)
    while (i < bytes.length) {
      if (this.escape !== undefined) {
        this.readEscape(bytes[i]!, parts)
        i++
        continue
      }
      if (quote !== -1 && quote < i) quote = bytes.indexOf(QUOTE, i)
      if (backslash !== -1 && backslash < i) backslash = bytes.indexOf(BACKSLASH, i)
      let stop = bytes.length
      if (quote !== -1) stop = quote
      if (backslash !== -1 && backslash < stop) stop = backslash
      if (stop > i) parts.push(bytes.toString('latin1', i, stop))
      if (stop === bytes.length) break
      if (stop === quote) {
        this.decode(parts, true)
        this.mode = 'json'
        this.append(QUOTE) // the value becomes "" in `rest`
        return stop + 1
      }
      this.escape = ''
      i = stop + 1
    }
    this.decode(parts, false)
    return bytes.length
  }

  private readEscape(c: number, parts: string[]): void {
    const escape = this.escape!
    if (escape === '') {
      this.escape = undefined
      switch (c) {
        case 0x2f: // \/ — some encoders escape every slash
          parts.push('/')
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
          parts.push('!') // valid JSON, never valid base64: the decoder will say so
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
    const char = String.fromCharCode(parseInt(hex.slice(1), 16))
    if (!/\s/.test(char)) parts.push(char)
  }

  private decode(parts: string[], final: boolean): void {
    let text = parts.length === 1 ? parts[0]! : parts.join('')
    if (!this.headerDone) {
      const comma = text.indexOf(',')
      if (comma === -1) {
        this.header += text
        if (final || this.header.length > MAX_HEADER_CHARS) {
          throw new DocumentError('dataUri is not a data URI')
        }
        return
      }
      this.header += text.slice(0, comma)
      text = text.slice(comma + 1)
      this.headerDone = true
      if (!/^data:/i.test(this.header)) throw new DocumentError('dataUri is not a data URI')
      if (!/;base64$/i.test(this.header)) throw new DocumentError('dataUri is not base64')
    }
    if (this.carry) text = this.carry + text
    let usable = final ? text.length : text.length - (text.length % 4)
    const padding = text.indexOf('=')
    if (padding !== -1) {
      // '=' may only end the value; until the value ends, hold its quantum back.
      if (!final) usable = Math.min(usable, padding - (padding % 4))
      else if (
        text.length % 4 !== 0 ||
        padding < text.length - 2 ||
        !/^=+$/.test(text.slice(padding))
      ) {
        throw new DocumentError('dataUri is not valid base64')
      }
    }
    this.carry = text.slice(usable)
    if (this.carry.length > 8) throw new DocumentError('dataUri is not valid base64')
    if (final && text.length % 4 === 1) throw new DocumentError('dataUri is not valid base64')
    if (usable === 0) return

    const quantum = usable === text.length ? text : text.slice(0, usable)
    const decoded = Buffer.from(quantum, 'base64')
    const pad = padding !== -1 && padding < usable ? usable - padding : 0
    // Node skips characters outside the alphabet instead of failing; a short result reveals them.
    if (decoded.length !== Math.floor((quantum.length * 3) / 4) - pad) {
      throw new DocumentError('dataUri is not valid base64')
    }
    if (
      this.imageBytes === 0 &&
      decoded.length >= 2 &&
      (decoded[0] !== 0xff || decoded[1] !== 0xd8)
    ) {
      throw new DocumentError('not a JPEG') // no need to download the rest
    }
    this.imageBytes += decoded.length
    if (this.imageBytes > this.maxImageBytes) throw new DocumentError('image too large')
    this.image.push(decoded)
  }
}
