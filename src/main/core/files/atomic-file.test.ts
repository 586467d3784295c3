import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { isTempName, replaceFile, tempPathFor, writeFileAtomic } from './atomic-file'

let folder: string
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'evg-atomic-'))
})
afterEach(async () => {
  await rm(folder, { recursive: true, force: true })
})

describe('atomic file replacement', () => {
  it('writes a new file and replaces an old one, leaving nothing else behind', async () => {
    const target = join(folder, '1003.jpg')
    await writeFileAtomic(target, 'first')
    await writeFileAtomic(target, [Buffer.from('sec'), Buffer.alloc(0), Buffer.from('ond')], {
      durable: false
    })
    expect(await readFile(target, 'utf8')).toBe('second')
    expect(await readdir(folder)).toEqual(['1003.jpg'])
  })

  it('keeps the old file whole, and no temp file, when the writer fails halfway', async () => {
    const target = join(folder, '1003.webp')
    await writeFile(target, 'old thumbnail')
    let temp = ''
    const failing = replaceFile(target, async (path) => {
      temp = path
      await writeFile(path, 'half a thumb')
      throw new Error('decoder gave up')
    })
    await expect(failing).rejects.toThrow('decoder gave up')
    expect(await readFile(target, 'utf8')).toBe('old thumbnail')
    expect(await readdir(folder)).toEqual(['1003.webp'])
    // The writer was given a temp name in the same folder, one the folder's owner can clear.
    expect(join(folder, basename(temp))).toBe(temp)
    expect(isTempName(basename(temp))).toBe(true)
  })

  it('names temp files so they never look like a finished file', () => {
    const temp = basename(tempPathFor('/data/wallpaper/earthview-1003-abc.jpg'))
    expect(temp).toMatch(/^\.evg-tmp-[0-9a-f]{12}-earthview-1003-abc\.jpg\.part$/)
    expect(isTempName(temp)).toBe(true)
    // Nor is a person's own hidden or .part file ever taken for one of ours.
    const theirs = ['.thesis.part', '.earthview-1003-abc.jpg.0123456789ab.part', 'notes.part']
    for (const name of ['1003.jpg', 'earthview-1003-abc.jpg', '.applied', ...theirs]) {
      expect(isTempName(name), name).toBe(false)
    }
  })
})
