import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { pictureFormatOf } from './image-format'
import { setWallpaper } from './set-wallpaper'

let root: string
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'evg-picture-format-'))
})
afterAll(() => rm(root, { recursive: true, force: true }))

async function file(name: string, bytes: Buffer | string): Promise<string> {
  const path = join(root, name)
  await writeFile(path, bytes)
  return path
}

const picture = sharp({ create: { width: 8, height: 8, channels: 3, background: '#3a6' } })

describe('pictureFormatOf', () => {
  it.each([
    ['jpeg', () => picture.clone().jpeg().toBuffer()],
    ['png', () => picture.clone().png().toBuffer()],
    ['webp', () => picture.clone().webp().toBuffer()]
  ] as const)('knows a real %s by its first bytes', async (format, encode) => {
    expect(await pictureFormatOf(await file(`real.${format}`, await encode()))).toBe(format)
  })

  it.each([
    ['text', 'not a picture at all, just words'],
    ['html', '<!doctype html><title>404</title>'],
    ['short', Buffer.from([0xff, 0xd8])],
    ['empty', '']
  ])('refuses %s', async (name, bytes) => {
    expect(await pictureFormatOf(await file(`${name}.jpg`, bytes))).toBeNull()
  })
})

describe('setWallpaper', () => {
  it('refuses a file that is not a picture before touching the desktop', async () => {
    const path = await file('page.jpg', '<!doctype html><title>Service unavailable</title>')
    await expect(
      setWallpaper(path, { dataFolder: join(root, 'data'), env: { PATH: '' }, platform: 'linux' })
    ).rejects.toMatchObject({ code: 'invalid-argument' })
  })
})
