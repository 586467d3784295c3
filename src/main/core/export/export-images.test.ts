import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { chmod, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ExifReader from 'exifreader'
import type { CatalogEntry, LibraryRecord } from '@shared/catalog'
import { GalleryError } from '@shared/errors'
import { DEFAULT_FILENAME_TEMPLATE } from '@shared/settings'
import { makeTestJpeg } from '../../../../test/support/jpeg'
import { checkExportFolder, exportImages, type ExportOptions, type ExportSource } from './index'

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex')

const PLACES: Record<number, Pick<CatalogEntry, 'country' | 'region' | 'lat' | 'lng'>> = {
  1003: { country: 'Australia', region: 'Queensland', lat: -16.920334, lng: 145.770859 },
  1004: { country: 'Australia', region: '', lat: -33.868812, lng: 151.209295 },
  1005: { country: 'Chile', region: 'Atacama', lat: -23.65, lng: -70.4 },
  1006: { country: 'Japan', region: 'Hokkaidō', lat: 43.06, lng: 141.35 }
}

function catalogEntry(id: number): CatalogEntry {
  const place = PLACES[id] ?? { country: 'Nowhere', region: `Place ${id}`, lat: 1, lng: 2 }
  return { id, ...place, attribution: '©2015 Maxar', primaryColor: [1, 2, 3], hue: 120 }
}

/** A library folder of real JPEGs, in the shape the real Library has. */
class TestLibrary implements ExportSource {
  readonly records = new Map<number, LibraryRecord>()
  constructor(readonly folder: string) {}
  get(id: number): LibraryRecord | undefined {
    return this.records.get(id)
  }
  imagePath(id: number): string {
    return join(this.folder, `${id}.jpg`)
  }
  async save(id: number): Promise<Buffer> {
    const bytes = await makeTestJpeg({ width: 480, height: 320, seed: id })
    await writeFile(this.imagePath(id), bytes)
    this.records.set(id, {
      ...catalogEntry(id),
      bytes: bytes.length,
      sha256: sha256(bytes),
      savedAt: new Date().toISOString()
    })
    return bytes
  }
}

let root: string
let out: string
let library: TestLibrary
const mounts: string[] = []

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'evg-export-'))
  out = join(root, 'Downloads')
  await mkdir(out)
  await mkdir(join(root, 'library'))
  library = new TestLibrary(join(root, 'library'))
})

afterEach(async () => {
  for (const target of mounts.splice(0)) execFileSync('umount', [target])
  await rm(root, { recursive: true, force: true })
})

function options(fields: Partial<ExportOptions> = {}): ExportOptions {
  return {
    ids: [1003],
    folder: out,
    template: DEFAULT_FILENAME_TEMPLATE,
    writeExif: true,
    source: library,
    describe: catalogEntry,
    ...fields
  }
}

/** Mounts a tmpfs at `target`; false when this machine does not let us. */
function tryMount(target: string, mountOptions: string): boolean {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', mountOptions, 'tmpfs', target], { stdio: 'pipe' })
    mounts.push(target)
    return true
  } catch {
    return false
  }
}

const isRoot = process.getuid?.() === 0

describe('exportImages', () => {
  it('writes each image under its template name with GPS, place and attribution', async () => {
    await library.save(1003)
    await library.save(1004)
    const progress: [number, number][] = []
    const result = await exportImages(
      options({ ids: [1003, 1004], onProgress: (done, total) => progress.push([done, total]) })
    )
    expect(result).toEqual({
      folder: out,
      written: [join(out, 'Australia - Queensland (1003).jpg'), join(out, 'Australia (1004).jpg')],
      skipped: 0,
      fetched: 0,
      failed: []
    })
    expect(progress[0]).toEqual([0, 2])
    expect(progress.at(-1)).toEqual([2, 2])
    expect(progress.map(([done]) => done)).toEqual([...progress.map(([done]) => done)].sort())
    const tags = ExifReader.load(await readFile(result.written[1]!), { expanded: true })
    expect(tags.gps?.Latitude).toBeCloseTo(-33.868812, 6)
    expect(tags.gps?.Longitude).toBeCloseTo(151.209295, 6)
    expect(tags.exif?.ImageDescription?.description).toBe('Australia')
    expect(tags.exif?.Artist?.description).toBe('©2015 Maxar')
    expect((await readdir(out)).sort()).toEqual(
      ['Australia (1004).jpg', 'Australia - Queensland (1003).jpg'].sort()
    )
  })

  it('without EXIF, writes a byte-exact copy of the library file', async () => {
    const bytes = await library.save(1003)
    const result = await exportImages(options({ writeExif: false }))
    expect((await readFile(result.written[0]!)).equals(bytes)).toBe(true)
  })

  it('skips a file that is already there and identical', async () => {
    await library.save(1003)
    await library.save(1005)
    const first = await exportImages(options({ ids: [1003, 1005] }))
    const second = await exportImages(options({ ids: [1005, 1003, 1005] }))
    expect(first.written).toHaveLength(2)
    expect(second).toMatchObject({ written: [], skipped: 2, failed: [] })
    expect(await readdir(out)).toHaveLength(2)
  })

  it('never overwrites a different file with the same name: it adds " (2)", " (3)"', async () => {
    await library.save(1003)
    const name = 'Australia - Queensland (1003).jpg'
    await writeFile(join(out, name), 'a different picture')
    await writeFile(join(out, 'Australia - Queensland (1003) (2).jpg'), 'another one')
    const result = await exportImages(options())
    expect(result.written).toEqual([join(out, 'Australia - Queensland (1003) (3).jpg')])
    expect(await readFile(join(out, name), 'utf8')).toBe('a different picture')
    // The EXIF-less export of the same image differs, so it gets a number of its own.
    const plain = await exportImages(options({ writeExif: false }))
    expect(plain.written).toEqual([join(out, 'Australia - Queensland (1003) (4).jpg')])
    // And both are recognised next time.
    expect(await exportImages(options())).toMatchObject({ written: [], skipped: 1 })
    expect(await exportImages(options({ writeExif: false }))).toMatchObject({ skipped: 1 })
  })

  it('exports of the same images running at once write each file exactly once', async () => {
    const ids = [1003, 1004, 1005, 1006]
    for (const id of ids) await library.save(id)
    const [a, b, c] = await Promise.all([
      exportImages(options({ ids })),
      exportImages(options({ ids: [...ids].reverse() })),
      exportImages(options({ ids: [1005, 1003, 1006, 1004] }))
    ])
    const files = await readdir(out)
    expect(files.sort()).toEqual(
      [
        'Australia - Queensland (1003).jpg',
        'Australia (1004).jpg',
        'Chile - Atacama (1005).jpg',
        'Japan - Hokkaidō (1006).jpg'
      ].sort()
    )
    const written = [...a.written, ...b.written, ...c.written]
    expect(written).toHaveLength(4)
    expect(new Set(written).size).toBe(4)
    expect(a.skipped + b.skipped + c.skipped).toBe(8)
  })

  it('fetches missing images first and reports those it still lacks', async () => {
    await library.save(1003)
    const asked: number[][] = []
    const result = await exportImages(
      options({
        ids: [1003, 1005, 9999],
        fetchMissing: async (ids) => {
          asked.push(ids)
          // The crawl finds 1005; 9999 does not exist.
          await library.save(1005)
        }
      })
    )
    expect(asked).toEqual([[1005, 9999]])
    expect(result.fetched).toBe(1)
    expect(result.written).toHaveLength(2)
    expect(result.failed).toEqual([
      { id: 9999, reason: expect.stringMatching(/not in the library/) }
    ])
  })

  it('reports why when fetching fails, and when it cannot fetch at all', async () => {
    const failing = await exportImages(
      options({
        fetchMissing: () => Promise.reject(new Error('the network is down'))
      })
    )
    expect(failing.failed).toEqual([
      { id: 1003, reason: expect.stringMatching(/could not be downloaded.*network is down/) }
    ])
    const unable = await exportImages(options())
    expect(unable.failed).toEqual([
      { id: 1003, reason: expect.stringMatching(/not in the library/) }
    ])
    expect(await readdir(out)).toEqual([])
  })

  it('fails an image whose library file is damaged or gone, and exports the rest', async () => {
    await library.save(1003)
    await library.save(1004)
    await library.save(1005)
    await writeFile(library.imagePath(1003), 'scrambled')
    await rm(library.imagePath(1005))
    const result = await exportImages(options({ ids: [1003, 1004, 1005] }))
    expect(result.written).toEqual([join(out, 'Australia (1004).jpg')])
    expect(result.failed).toEqual([
      { id: 1003, reason: expect.stringMatching(/damaged/) },
      { id: 1005, reason: expect.stringMatching(/could not be read/) }
    ])
  })

  it('stops before writing when cancelled', async () => {
    await library.save(1003)
    const controller = new AbortController()
    controller.abort()
    await expect(exportImages(options({ signal: controller.signal }))).rejects.toMatchObject({
      code: 'cancelled'
    })
    expect(await readdir(out)).toEqual([])
  })
})

describe('export folder problems', () => {
  it('a folder that no longer exists: says so, and does not create it', async () => {
    await library.save(1003)
    const gone = join(root, 'Unplugged')
    const error = await exportImages(options({ folder: gone })).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(GalleryError)
    expect(error).toMatchObject({
      code: 'not-found',
      message: `The download folder "${gone}" no longer exists. Choose another folder.`
    })
    await expect(readdir(gone)).rejects.toMatchObject({ code: 'ENOENT' })
  })

  it('a path that is a file, or inside one', async () => {
    const file = join(root, 'notes.txt')
    await writeFile(file, 'x')
    await expect(checkExportFolder(file)).rejects.toMatchObject({
      code: 'invalid-argument',
      message: expect.stringMatching(/is not a folder/)
    })
    await expect(checkExportFolder(join(file, 'inside'))).rejects.toMatchObject({
      message: expect.stringMatching(/is not a folder/)
    })
  })

  it('a relative path', async () => {
    await expect(checkExportFolder('Downloads')).rejects.toMatchObject({
      code: 'invalid-argument'
    })
  })

  it('a folder it may not write to', async (context) => {
    await library.save(1003)
    const locked = join(root, 'Locked')
    await mkdir(locked)
    if (isRoot) {
      // chmod does not stop root; a read-only mount does.
      if (!tryMount(locked, 'size=1m,ro'))
        context.skip('running as root and mount is not permitted')
    } else {
      await chmod(locked, 0o555)
    }
    const error = await exportImages(options({ folder: locked })).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(GalleryError)
    expect((error as GalleryError).code).toBe('forbidden')
    expect((error as GalleryError).message).toMatch(
      new RegExp(
        `(not allowed to write to|is on a read-only disk).*"${locked}"|"${locked}".*read-only`
      )
    )
    expect(await readdir(locked)).toEqual([])
  })

  it('a full disk: says so and leaves no partial files', async (context) => {
    if (!isRoot) context.skip('mounting a small tmpfs needs root')
    const ids = [1003, 1004, 1005, 1006]
    const sizes: number[] = []
    for (const id of ids) sizes.push((await library.save(id)).length)
    const small = join(root, 'Small')
    await mkdir(small)
    // Room for about one image: the export runs out of space part-way.
    const room = Math.ceil((Math.max(...sizes) * 1.5) / 4096) * 4096
    if (!tryMount(small, `size=${room}`)) context.skip('mount is not permitted here')
    const error = await exportImages(options({ ids, folder: small })).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(GalleryError)
    expect(error).toMatchObject({
      code: 'io',
      message: expect.stringMatching(new RegExp(`The disk holding "${small}" is full`))
    })
    const left = await readdir(small)
    expect(left.filter((name) => !name.endsWith('.jpg'))).toEqual([])
    expect(left.length).toBeLessThan(ids.length)
    // Whatever is there is a whole image with EXIF, not a fragment.
    for (const name of left) {
      const bytes = await readFile(join(small, name))
      expect(ExifReader.load(bytes, { expanded: true }).gps?.Latitude).toBeDefined()
      expect(bytes.subarray(-2).toString('hex')).toBe('ffd9')
    }
  })
})
