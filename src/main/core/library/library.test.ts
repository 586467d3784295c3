import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createHash } from 'node:crypto'
import { appendFile, mkdtemp, readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import type { CatalogEntry } from '@shared/catalog'
import { Catalog } from '../catalog/catalog'
import { Library } from './library'
import { formatIndex, makeRecord } from './index-file'

const catalog = new Catalog()
const entry = (id: number): CatalogEntry => catalog.get(id)!
let jpegA: Buffer
let jpegB: Buffer
const folders: string[] = []
const open: Library[] = []

beforeAll(async () => {
  const make = (mean: number) =>
    sharp({
      create: {
        width: 96,
        height: 64,
        channels: 3,
        background: { r: mean, g: 90, b: 40 },
        noise: { type: 'gaussian', mean, sigma: 30 }
      }
    })
      .jpeg()
      .toBuffer()
  ;[jpegA, jpegB] = await Promise.all([make(100), make(160)])
})

afterEach(async () => {
  await Promise.all(open.splice(0).map((library) => library.close()))
  await Promise.all(folders.splice(0).map((folder) => rm(folder, { recursive: true, force: true })))
})

async function tempFolder(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'evg-library-'))
  folders.push(folder)
  return folder
}

async function openLibrary(folder: string): Promise<Library> {
  const library = await Library.open(folder)
  open.push(library)
  return library
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex')
const indexPath = (folder: string) => join(folder, '.earthview', 'index.jsonl')

describe('Library', () => {
  it('saves byte-exact images with an index, and reopens without rewriting it', async () => {
    const folder = await tempFolder()
    const library = await openLibrary(folder)
    const half = Math.floor(jpegB.length / 2)
    const [b, a] = await Promise.all([
      library.save(entry(1004), [jpegB.subarray(0, half), jpegB.subarray(half)]),
      library.save({ ...entry(1003), extra: 'dropped' } as CatalogEntry, jpegA)
    ])
    expect(a).toMatchObject({ id: 1003, country: 'Australia', bytes: jpegA.length })
    expect(a).not.toHaveProperty('extra')
    expect(b.sha256).toBe(sha256(jpegB))
    expect(await readFile(library.imagePath(1004))).toEqual(jpegB)
    expect(library.list().map((r) => r.id)).toEqual([1003, 1004])
    expect(library.has(1003)).toBe(true)
    expect(library.has(1006)).toBe(false)
    await library.close()

    const indexBefore = await readFile(indexPath(folder), 'utf8')
    expect(indexBefore.trim().split('\n')).toHaveLength(2)
    const again = await openLibrary(folder)
    expect(again.openReport.indexRewritten).toBe(false)
    expect(again.list()).toEqual([a, b])
    expect((await readdir(folder)).filter((n) => !n.startsWith('.')).sort()).toEqual([
      '1003.jpg',
      '1004.jpg'
    ])
  })

  it('refuses bytes that are not a JPEG and leaves no file behind', async () => {
    const folder = await tempFolder()
    const library = await openLibrary(folder)
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47]), Buffer.alloc(4000)])
    await expect(library.save(entry(1003), png)).rejects.toThrow(/not a JPEG/)
    await expect(library.save(entry(1003), jpegA.subarray(0, -2))).rejects.toThrow(/end marker/)
    expect(await readdir(folder)).toEqual(['.earthview'])
    expect(library.has(1003)).toBe(false)
  })

  it('recovers from a torn index line, keeps appending cleanly after the rewrite', async () => {
    const folder = await tempFolder()
    const library = await openLibrary(folder)
    await library.save(entry(1003), jpegA)
    await library.close()
    // kill -9 while appending: half a line, no newline.
    await appendFile(indexPath(folder), '{"id":1004,"country":"Chi')

    const reopened = await openLibrary(folder)
    expect(reopened.openReport.indexRewritten).toBe(true)
    expect(reopened.list().map((r) => r.id)).toEqual([1003])
    await reopened.save(entry(1006), jpegB)
    await reopened.close()

    const lines = (await readFile(indexPath(folder), 'utf8')).trim().split('\n')
    expect(lines.map((line) => JSON.parse(line).id)).toEqual([1003, 1006])
    expect((await openLibrary(folder)).list().map((r) => r.id)).toEqual([1003, 1006])
  })

  it('adopts a valid image file the index does not name, with catalog metadata', async () => {
    const folder = await tempFolder()
    await (await openLibrary(folder)).close()
    // kill -9 between rename and the index append.
    await writeFile(join(folder, '1004.jpg'), jpegB)
    await writeFile(join(folder, '99999.jpg'), jpegA)
    const library = await openLibrary(folder)
    expect(library.openReport.adopted).toBe(2)
    expect(library.get(1004)).toMatchObject({
      country: 'Chile',
      region: 'Tamarugal',
      bytes: jpegB.length,
      sha256: sha256(jpegB)
    })
    expect(library.get(99999)).toMatchObject({ country: '', primaryColor: [128, 128, 128] })
    await library.close()
    const index = await readFile(indexPath(folder), 'utf8')
    expect(
      index
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line).id)
    ).toEqual([1004, 99999])
  })

  it('drops index entries whose file is gone or has another size; sets invalid files aside', async () => {
    const folder = await tempFolder()
    const library = await openLibrary(folder)
    await library.save(entry(1003), jpegA)
    await library.save(entry(1004), jpegB)
    await library.save(entry(1006), jpegA)
    await library.close()
    await rm(join(folder, '1003.jpg'))
    await truncate(join(folder, '1004.jpg'), 500)
    await writeFile(join(folder, '1007.jpg'), 'not an image')

    const reopened = await openLibrary(folder)
    expect(reopened.openReport).toMatchObject({ dropped: 2, setAside: 2, adopted: 0 })
    expect(reopened.list().map((r) => r.id)).toEqual([1006])
    expect(reopened.has(1004)).toBe(false)
    expect((await readdir(folder)).filter((n) => n.endsWith('.jpg'))).toEqual(['1006.jpg'])
    expect(await readdir(join(folder, '.earthview', 'invalid'))).toHaveLength(2)
  })

  it('removes stale temp files left by a killed write', async () => {
    const folder = await tempFolder()
    await (await openLibrary(folder)).close()
    await writeFile(join(folder, '.1003.jpg.a1b2c3.part'), jpegA.subarray(0, 100))
    await writeFile(join(folder, '.earthview', '.index.jsonl.d4e5f6.part'), '{"id":')
    await writeFile(join(folder, 'notes.txt'), 'mine')
    const library = await openLibrary(folder)
    expect(library.openReport.tempFilesRemoved).toBe(2)
    expect((await readdir(folder)).sort()).toEqual(['.earthview', 'notes.txt'])
    expect(await readdir(join(folder, '.earthview'))).toEqual(['index.jsonl'])
  })

  it('opens 2,609 indexed images quickly, trusting size and existence (no re-hash)', async () => {
    const folder = await tempFolder()
    await (await openLibrary(folder)).close()
    const ids = catalog.knownIds()
    const savedAt = new Date().toISOString()
    await Promise.all(ids.map((id) => writeFile(join(folder, `${id}.jpg`), jpegA)))
    // A deliberately wrong hash: if open re-hashed files it would notice and rewrite the index.
    const records = ids.map((id) =>
      makeRecord(entry(id), { bytes: jpegA.length, sha256: 'f'.repeat(64), savedAt })
    )
    await writeFile(indexPath(folder), formatIndex(records))

    const started = performance.now()
    const library = await openLibrary(folder)
    const ms = performance.now() - started
    expect(library.list()).toHaveLength(2609)
    expect(library.openReport.indexRewritten).toBe(false)
    expect(library.get(1003)!.sha256).toBe('f'.repeat(64))
    expect(ms).toBeLessThan(2000)
  })
})
