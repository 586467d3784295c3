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

  it('never adopts, moves or removes a file it did not save, and warns of them', async () => {
    const folder = await tempFolder()
    await (await openLibrary(folder)).close()
    // A person's own files, some named like images or temp files.
    const theirs: Record<string, Buffer | string> = {
      '1004.jpg': jpegB,
      '7.jpg': 'not an image',
      '42.jpg': jpegA,
      '.thesis.part': 'chapter one',
      'notes.txt': 'mine',
      'holiday.jpg': jpegA
    }
    for (const [name, bytes] of Object.entries(theirs)) await writeFile(join(folder, name), bytes)
    const library = await openLibrary(folder)
    expect(library.list()).toEqual([])
    expect(library.has(1004)).toBe(false)
    expect(library.openReport.otherFiles).toEqual({
      count: 6,
      names: ['.thesis.part', '1004.jpg', '42.jpg', '7.jpg', 'holiday.jpg', 'notes.txt']
    })
    // Crawling one of those ids refuses to replace the person's file.
    await expect(library.save(entry(1004), jpegA)).rejects.toThrow(
      /1004\.jpg .* not one this library saved/
    )
    for (const [name, bytes] of Object.entries(theirs)) {
      expect(await readFile(join(folder, name)), name).toEqual(Buffer.from(bytes))
    }
    await library.close()
    expect(await readFile(indexPath(folder), 'utf8')).toBe('')
    // And they stay untouched on the next open too.
    expect((await openLibrary(folder)).list()).toEqual([])
    expect((await readdir(folder)).sort()).toEqual(['.earthview', ...Object.keys(theirs)].sort())
  })

  it('drops index entries whose file is gone; sets a cut-short image of its own aside', async () => {
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
    expect(reopened.openReport).toMatchObject({ dropped: 1, setAside: 1 })
    expect(reopened.list().map((r) => r.id)).toEqual([1006])
    expect(reopened.has(1004)).toBe(false)
    // 1007.jpg is not the library's: it stays where it is.
    expect((await readdir(folder)).filter((n) => n.endsWith('.jpg')).sort()).toEqual([
      '1006.jpg',
      '1007.jpg'
    ])
    const aside = await readdir(join(folder, '.earthview', 'damaged'))
    expect(aside).toHaveLength(1)
    expect(aside[0]).toMatch(/^1004-/)
  })

  it('removes only its own temp files left by a killed write', async () => {
    const folder = await tempFolder()
    await (await openLibrary(folder)).close()
    await writeFile(join(folder, '.evg-tmp-a1b2c3d4e5f6-1003.jpg.part'), jpegA.subarray(0, 100))
    await writeFile(join(folder, '.earthview', '.evg-tmp-d4e5f6a1b2c3-index.jsonl.part'), '{"id":')
    await writeFile(join(folder, 'notes.txt'), 'mine')
    await writeFile(join(folder, '.thesis.part'), 'mine too')
    await writeFile(join(folder, '.1003.jpg.a1b2c3.part'), 'looks like an old temp name')
    const library = await openLibrary(folder)
    expect(library.openReport.tempFilesRemoved).toBe(2)
    expect((await readdir(folder)).sort()).toEqual([
      '.1003.jpg.a1b2c3.part',
      '.earthview',
      '.thesis.part',
      'notes.txt'
    ])
    expect(await readdir(join(folder, '.earthview'))).toEqual(['index.jsonl'])
  })

  it('sets a damaged image aside (kept, logged, out of the index) so it can be saved again', async () => {
    const folder = await tempFolder()
    const library = await openLibrary(folder)
    await library.save(entry(1003), jpegA)
    await library.save(entry(1004), jpegB)
    // Same size, different bytes: open cannot tell, only the hash can.
    const damaged = Buffer.from(jpegA)
    damaged[damaged.length >> 1]! ^= 0xff
    await writeFile(library.imagePath(1003), damaged)
    const events: number[] = []
    library.on('setAside', ({ id }) => events.push(id))

    expect(await library.readVerified(1004)).toEqual(jpegB)
    expect(await library.verifyAll()).toEqual({ checked: 2, damaged: [1003] })
    expect(events).toEqual([1003])
    expect(library.has(1003)).toBe(false)
    const aside = await readdir(join(folder, '.earthview', 'damaged'))
    expect(aside).toHaveLength(1)
    expect(await readFile(join(folder, '.earthview', 'damaged', aside[0]!))).toEqual(damaged)
    const log = (await readFile(join(folder, '.earthview', 'set-aside.jsonl'), 'utf8')).trim()
    expect(JSON.parse(log)).toMatchObject({ id: 1003, reason: expect.stringMatching(/hash/) })

    // The next save replaces it, and a reopened library knows only the fresh copy.
    await library.save(entry(1003), jpegA)
    await library.close()
    const reopened = await openLibrary(folder)
    expect(reopened.get(1003)!.sha256).toBe(sha256(jpegA))
    expect(reopened.openReport.otherFiles.count).toBe(0)
    expect(await readFile(reopened.imagePath(1003))).toEqual(jpegA)
  })

  it('a set-aside image stays out of the index after a reopen', async () => {
    const folder = await tempFolder()
    const library = await openLibrary(folder)
    await library.save(entry(1003), jpegA)
    await library.setAside(1003, 'test')
    await library.close()
    const reopened = await openLibrary(folder)
    expect(reopened.has(1003)).toBe(false)
    expect(reopened.openReport.otherFiles.count).toBe(0)
  })

  it('refuses a folder that is a file or a relative path, in words', async () => {
    const folder = await tempFolder()
    const file = join(folder, 'a-file')
    await writeFile(file, 'x')
    await expect(Library.open(file)).rejects.toThrow(/is a file, not a folder/)
    await expect(Library.open(join(file, 'below'))).rejects.toThrow(/is a file, not a folder/)
    await expect(Library.open('relative/library')).rejects.toThrow(/not a full folder path/)
    expect(await readFile(file, 'utf8')).toBe('x')
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
