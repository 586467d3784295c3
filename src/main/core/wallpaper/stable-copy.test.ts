import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { GalleryError } from '@shared/errors'
import { tempPathFor } from '../files/atomic-file'
import { sameNativePath } from './native'
import { setWallpaper } from './set-wallpaper'
import { pruneCopies, stableName } from './stable-copy'
import { removeDir, solidJpeg, tempDir } from '../../../../test/support/desktop'

let root: string
beforeAll(async () => {
  root = await tempDir('copy')
})
afterAll(async () => {
  if (root) await removeDir(root)
})

describe('stable copy', () => {
  it('names the copy after the id (or a clean basename) and the content', () => {
    const bytes = Buffer.from('picture')
    expect(stableName('/x/1003.jpg', bytes)).toMatch(/^earthview-1003-[0-9a-f]{12}\.jpg$/)
    expect(stableName('/x/earthview-2211.jpeg', bytes)).toMatch(
      /^earthview-2211-[0-9a-f]{12}\.jpg$/
    )
    expect(stableName('/x/My Photo (1)!.JPG', bytes)).toMatch(
      /^earthview-My-Photo-1-[0-9a-f]{12}\.jpg$/
    )
    expect(stableName('/x/shot.png', bytes)).toMatch(/^earthview-shot-[0-9a-f]{12}\.png$/)
    expect(stableName('/x/1003.jpg', bytes)).not.toBe(
      stableName('/x/1003.jpg', Buffer.from('other'))
    )
  })

  it('copies the exact bytes even when nothing can be set, and says where the image is', async () => {
    const image = join(root, '1200.jpg')
    const bytes = await solidJpeg(image, [1, 2, 3])
    const dataFolder = join(root, 'data-unsupported')
    const result = await setWallpaper(image, { dataFolder, env: {}, platform: 'linux' })

    expect(result).toMatchObject({ status: 'unsupported', desktop: 'unknown' })
    expect(result.message).toBe(
      `The wallpaper was not changed because no desktop session was found (DISPLAY, WAYLAND_DISPLAY and XDG_CURRENT_DESKTOP are unset); set it from your desktop's settings (the image is at ${result.file}).`
    )
    expect((await readFile(result.file!)).equals(bytes)).toBe(true)
    // Same picture again: same name, no second file, no temp files left behind.
    const again = await setWallpaper(image, { dataFolder, env: {}, platform: 'linux' })
    expect(again.file).toBe(result.file)
    expect(await readdir(join(dataFolder, 'wallpaper'))).toEqual([result.file!.split('/').pop()])
  })

  it('an unknown Wayland compositor is unsupported, naming it', async () => {
    const image = join(root, '1201.jpg')
    await solidJpeg(image, [4, 5, 6])
    const result = await setWallpaper(image, {
      dataFolder: join(root, 'data-wayland'),
      env: { XDG_CURRENT_DESKTOP: 'Hyprland', WAYLAND_DISPLAY: 'wayland-1' },
      platform: 'linux'
    })
    expect(result).toMatchObject({ status: 'unsupported', desktop: 'Wayland' })
    expect(result.message).toContain('Hyprland has no wallpaper command the app knows')
  })

  it('pruning keeps the last confirmed copy after a failure, and only the current after success', async () => {
    const folder = join(root, 'prune')
    await mkdir(folder)
    const names = [
      'earthview-1-aaaaaaaaaaaa.jpg',
      'earthview-2-bbbbbbbbbbbb.jpg',
      'earthview-3-cccccccccccc.jpg'
    ]
    // Files that only look like ours (a person's) are never pruned; our own temp files are.
    const theirs = [
      'notes.txt',
      'earthview-holiday.jpg',
      'earthview-1-aaaaaaaaaaaa.jpg.bak',
      '.earthview-9-x.jpg.123abc.part'
    ]
    const temp = basename(tempPathFor(join(folder, 'earthview-9-dddddddddddd.jpg')))
    for (const name of [...names, ...theirs, temp]) {
      await writeFile(join(folder, name), name)
    }
    await pruneCopies(join(folder, names[0]!), folder, true)
    expect((await readdir(folder)).sort()).toEqual(['.applied', names[0], ...theirs].sort())

    for (const name of names.slice(1)) await writeFile(join(folder, name), name)
    await pruneCopies(join(folder, names[2]!), folder, false)
    expect((await readdir(folder)).sort()).toEqual(
      ['.applied', names[0], names[2], ...theirs].sort()
    )
  })

  it('a data folder that cannot be written is reported, not thrown', async () => {
    const image = join(root, '1202.jpg')
    await solidJpeg(image, [7, 8, 9])
    const notAFolder = join(root, 'a-file')
    await writeFile(notAFolder, 'x')
    const result = await setWallpaper(image, {
      dataFolder: notAFolder,
      env: { DISPLAY: ':5' },
      platform: 'linux'
    })
    expect(result.status).toBe('not-applied')
    expect(result.message).toContain('could not be copied to')
    expect(result.message).toContain('(a part of the path is a file, not a folder)')
    expect(result.message).not.toMatch(/ENOTDIR|EEXIST/)
    expect(result.file).toBeUndefined()
  })
})

describe('bad image paths throw', () => {
  it('a missing file is not-found', async () => {
    const error = await setWallpaper(join(root, 'nope.jpg'), { dataFolder: root }).catch(
      (e: unknown) => e
    )
    expect(error).toBeInstanceOf(GalleryError)
    expect(error).toMatchObject({ code: 'not-found' })
  })

  it('a folder or a file that is not an image is invalid-argument', async () => {
    const text = join(root, 'not-image.jpg')
    await writeFile(text, 'hello')
    for (const path of [root, text]) {
      const error = await setWallpaper(path, { dataFolder: root }).catch((e: unknown) => e)
      expect(error).toMatchObject({ code: 'invalid-argument' })
    }
  })
})

describe('macOS / Windows read-back comparison', () => {
  it.each([
    ['/Users/a/Data/wallpaper/x.jpg', '/Users/a/Data/wallpaper/x.jpg', 'darwin', true],
    ['/Users/a/data/Wallpaper/X.JPG', '/Users/a/Data/wallpaper/x.jpg', 'darwin', true],
    ['/Users/a/Data/wallpaper/../wallpaper/x.jpg', '/Users/a/Data/wallpaper/x.jpg', 'darwin', true],
    [
      '/System/Library/Desktop Pictures/Sonoma.heic',
      '/Users/a/Data/wallpaper/x.jpg',
      'darwin',
      false
    ],
    ['', '/Users/a/Data/wallpaper/x.jpg', 'darwin', false],
    [
      'C:/Users/A/AppData/wallpaper/x.jpg',
      'C:\\Users\\a\\AppData\\wallpaper\\x.jpg',
      'win32',
      true
    ],
    ['C:\\Windows\\Web\\Wallpaper\\Windows\\img0.jpg', 'C:\\Users\\a\\x.jpg', 'win32', false]
  ] as const)('%s vs %s (%s) → %s', (actual, expected, platform, same) => {
    expect(sameNativePath(actual, expected, platform)).toBe(same)
  })
})
