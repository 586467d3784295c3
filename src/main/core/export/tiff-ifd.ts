/**
 * Just enough TIFF to write an Exif block: big-endian ("MM"), IFD0 with optional GPS and Exif
 * sub-IFDs, values larger than 4 bytes stored after each IFD. Tags are written sorted, as TIFF
 * requires. Output is deterministic: the same tags always give the same bytes.
 */

export const TYPE = {
  BYTE: 1,
  ASCII: 2,
  SHORT: 3,
  LONG: 4,
  RATIONAL: 5,
  UNDEFINED: 7
} as const

export type TagType = (typeof TYPE)[keyof typeof TYPE]

export interface Tag {
  tag: number
  type: TagType
  /** The value's bytes, already in big-endian order. */
  value: Buffer
}

const TYPE_SIZE: Record<TagType, number> = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 7: 1 }

export const POINTER = { exif: 0x8769, gps: 0x8825 } as const

export interface TiffTags {
  ifd0: Tag[]
  exif?: Tag[]
  gps?: Tag[]
}

const HEADER_BYTES = 8

/** A complete TIFF stream (header + IFDs) holding `tags`. */
export function encodeTiff(tags: TiffTags): Buffer {
  const subIfds: { pointer: number; tags: Tag[] }[] = []
  if (tags.exif?.length) subIfds.push({ pointer: POINTER.exif, tags: tags.exif })
  if (tags.gps?.length) subIfds.push({ pointer: POINTER.gps, tags: tags.gps })

  // IFD0 gets a LONG pointer per sub-IFD; their offsets are known once IFD0's size is.
  const ifd0Tags = [
    ...tags.ifd0,
    ...subIfds.map(({ pointer }) => ({ tag: pointer, type: TYPE.LONG, value: Buffer.alloc(4) }))
  ]
  let offset = HEADER_BYTES + ifdSize(ifd0Tags)
  for (const sub of subIfds) {
    const pointerTag = ifd0Tags.find((tag) => tag.tag === sub.pointer)!
    pointerTag.value.writeUInt32BE(offset)
    offset += ifdSize(sub.tags)
  }

  const header = Buffer.from([0x4d, 0x4d, 0x00, 0x2a, 0x00, 0x00, 0x00, HEADER_BYTES])
  const parts = [header, encodeIfd(ifd0Tags, HEADER_BYTES)]
  let at = HEADER_BYTES + ifdSize(ifd0Tags)
  for (const sub of subIfds) {
    parts.push(encodeIfd(sub.tags, at))
    at += ifdSize(sub.tags)
  }
  return Buffer.concat(parts)
}

function ifdSize(tags: readonly Tag[]): number {
  return 2 + tags.length * 12 + 4 + tags.reduce((sum, tag) => sum + outOfLineSize(tag), 0)
}

/** Bytes a value takes after the IFD: none when it fits in the entry, else padded to even. */
function outOfLineSize(tag: Tag): number {
  const size = tag.value.length
  return size <= 4 ? 0 : size + (size % 2)
}

/** One IFD at `start` (offset from the TIFF header), its big values right after it. */
function encodeIfd(unsorted: readonly Tag[], start: number): Buffer {
  const tags = [...unsorted].sort((a, b) => a.tag - b.tag)
  const entries = Buffer.alloc(2 + tags.length * 12 + 4)
  const data: Buffer[] = []
  let dataOffset = start + entries.length
  entries.writeUInt16BE(tags.length, 0)
  tags.forEach((tag, i) => {
    const at = 2 + i * 12
    const size = TYPE_SIZE[tag.type]
    if (tag.value.length % size !== 0) throw new Error(`tag ${tag.tag}: bad value length`)
    entries.writeUInt16BE(tag.tag, at)
    entries.writeUInt16BE(tag.type, at + 2)
    entries.writeUInt32BE(tag.value.length / size, at + 4)
    if (tag.value.length <= 4) {
      tag.value.copy(entries, at + 8)
    } else {
      entries.writeUInt32BE(dataOffset, at + 8)
      const padded = Buffer.alloc(outOfLineSize(tag))
      tag.value.copy(padded)
      data.push(padded)
      dataOffset += padded.length
    }
  })
  // The next-IFD offset stays 0: there is no thumbnail IFD.
  return Buffer.concat([entries, ...data])
}

export function ascii(tag: number, text: string): Tag {
  // Exif's ASCII type is 7-bit by the letter, but UTF-8 is what ExifTool writes and what readers
  // expect today; the UCS-2 "XP" tags carry the same text for Windows.
  return { tag, type: TYPE.ASCII, value: Buffer.concat([Buffer.from(text, 'utf8'), Buffer.of(0)]) }
}

export function bytes(tag: number, values: readonly number[]): Tag {
  return { tag, type: TYPE.BYTE, value: Buffer.from(values) }
}

export function short(tag: number, value: number): Tag {
  const buffer = Buffer.alloc(2)
  buffer.writeUInt16BE(value)
  return { tag, type: TYPE.SHORT, value: buffer }
}

export function long(tag: number, value: number): Tag {
  const buffer = Buffer.alloc(4)
  buffer.writeUInt32BE(value)
  return { tag, type: TYPE.LONG, value: buffer }
}

export function undefinedBytes(tag: number, value: Buffer): Tag {
  return { tag, type: TYPE.UNDEFINED, value }
}

/** Windows' XP* tags: UCS-2 little-endian with a terminating NUL, stored as BYTEs. */
export function ucs2(tag: number, text: string): Tag {
  return { tag, type: TYPE.BYTE, value: Buffer.from(`${text}\0`, 'utf16le') }
}

export function rationals(tag: number, values: readonly [number, number][]): Tag {
  const value = Buffer.alloc(values.length * 8)
  values.forEach(([numerator, denominator], i) => {
    value.writeUInt32BE(numerator, i * 8)
    value.writeUInt32BE(denominator, i * 8 + 4)
  })
  return { tag, type: TYPE.RATIONAL, value }
}
