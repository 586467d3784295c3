/**
 * Settings that name folders are checked (and the library opened) before they are saved, and a
 * start whose saved library folder has become unusable still opens, says why, and lets the person
 * choose another. Damaged images are set aside and downloaded again instead of being used.
 */
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { GalleryError } from '@shared/errors'
import {
  finished,
  serviceHarness,
  type ServiceHarnessOptions
} from '../../../../test/support/service-harness'

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

const harness = (options: ServiceHarnessOptions) => serviceHarness(options, cleanups)

async function scratch(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'evg-folders-'))
  cleanups.push(() => rm(folder, { recursive: true, force: true }))
  return folder
}

async function refusal(promise: Promise<unknown>): Promise<GalleryError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught
  )
  expect(error).toBeInstanceOf(GalleryError)
  return error as GalleryError
}

async function savedSettings(data: string): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(join(data, 'settings.json'), 'utf8').catch(() => '{}'))
}

describe('folder settings are checked before they are saved', () => {
  it('refuses a library folder that is a file, in words, saves nothing, and the next start works', async () => {
    const root = await scratch()
    const file = join(root, 'not-a-folder')
    await writeFile(file, 'mine')
    const first = await harness({ ids: '1003' })
    const before = first.service.getSettings().libraryFolder

    const error = await refusal(first.service.updateSettings({ libraryFolder: file }))
    expect(error.code).toBe('invalid-argument')
    expect(error.field).toBe('libraryFolder')
    expect(error.message).toMatch(/is a file, not a folder/)
    expect(error.message).not.toMatch(/ENOTDIR|EEXIST/)
    expect((await first.service.getState()).settings.libraryFolder).toBe(before)
    expect((await savedSettings(first.data)).libraryFolder).toBeUndefined()
    expect(await readFile(file, 'utf8')).toBe('mine')

    await first.close()
    const second = await harness({ ids: '1003', data: first.data })
    const state = await second.service.getState()
    expect(state.libraryProblem).toBeNull()
    expect(state.settings.libraryFolder).toBe(before)
    const done = finished(second.service)
    await second.service.startCrawl({})
    expect((await done).saved).toBe(1)
  })

  it.each([
    ['libraryFolder', 'relative/library', /not a full folder path/],
    ['downloadFolder', 'relative/downloads', /not a full folder path/]
  ] as const)('refuses a relative %s', async (field, value, message) => {
    const { service, data } = await harness({ ids: '1003' })
    const error = await refusal(service.updateSettings({ [field]: value }))
    expect(error).toMatchObject({ code: 'invalid-argument', field })
    expect(error.message).toMatch(message)
    expect(service.getSettings()[field]).not.toBe(value)
    expect((await savedSettings(data))[field]).toBeUndefined()
  })

  it('refuses a download folder that is a file or does not exist, and saves one that works', async () => {
    const root = await scratch()
    const file = join(root, 'a-file')
    await writeFile(file, 'x')
    const { service, data } = await harness({ ids: '1003' })
    for (const [folder, message] of [
      [file, /is not a folder/],
      [join(root, 'missing'), /no longer exists/]
    ] as const) {
      const error = await refusal(service.updateSettings({ downloadFolder: folder }))
      expect(error).toMatchObject({ code: 'invalid-argument', field: 'downloadFolder' })
      expect(error.message).toMatch(message)
      expect(error.message).not.toMatch(/ENOTDIR|ENOENT/)
    }
    expect((await savedSettings(data)).downloadFolder).toBeUndefined()
    const good = join(root, 'Downloads')
    await mkdir(good)
    expect((await service.updateSettings({ downloadFolder: good })).downloadFolder).toBe(good)
    expect((await savedSettings(data)).downloadFolder).toBe(good)
  })

  it('refuses a bad value of any other setting with its field, saving nothing', async () => {
    const { service, data } = await harness({ ids: '1003' })
    const error = await refusal(service.updateSettings({ theme: 'dark', concurrency: 0 }))
    expect(error).toMatchObject({ code: 'invalid-argument', field: 'concurrency' })
    expect(service.getSettings().theme).toBe('system')
    expect(await savedSettings(data)).toEqual({})
  })
})

describe('a saved library folder that has become unusable', () => {
  it('starts anyway, says why, refuses to crawl, and lets the person choose another folder', async () => {
    const data = await scratch()
    const root = await scratch()
    // Saved by an earlier start; since then the folder was replaced by a file.
    const broken = join(root, 'library')
    await writeFile(broken, 'a file now')
    await writeFile(join(data, 'settings.json'), JSON.stringify({ libraryFolder: broken }))
    const chosen = join(root, 'new-library')
    const { service } = await harness({ ids: '1003', data, pickFolder: chosen })

    const state = await service.getState()
    expect(state.libraryProblem).toMatchObject({ field: 'libraryFolder' })
    expect(state.libraryProblem!.message).toMatch(/is a file, not a folder.*Choose another folder/)
    expect(state.library.ids).toEqual([])
    expect(await refusal(service.startCrawl({}))).toMatchObject({ field: 'libraryFolder' })

    expect(await service.chooseLibraryFolder()).toMatchObject({ libraryFolder: chosen })
    expect((await service.getState()).libraryProblem).toBeNull()
    expect((await savedSettings(data)).libraryFolder).toBe(chosen)
    const done = finished(service)
    await service.startCrawl({})
    expect((await done).saved).toBe(1)
    expect(await readdir(chosen)).toContain('1003.jpg')
    expect(await readFile(broken, 'utf8')).toBe('a file now')
  })
})

describe('a damaged image', () => {
  async function crawledAndDamaged() {
    const h = await harness({ ids: '1003-1004' })
    const done = finished(h.service)
    await h.service.startCrawl({})
    await done
    // Its thumbnail is made from the intact image first (background work could race the damage).
    expect(await h.service.resolveMedia('thumb', '1003')).not.toBeNull()
    // Same size, other bytes: opening the library cannot tell; only the recorded hash can.
    const path = join(h.service.getSettings().libraryFolder, '1003.jpg')
    const bytes = await readFile(path)
    bytes[bytes.length >> 1]! ^= 0xff
    await writeFile(path, bytes)
    return h
  }

  it('is set aside by a download, fetched again, and the fresh copy exported', async () => {
    const h = await crawledAndDamaged()
    const downloads = await scratch()
    await h.service.updateSettings({ downloadFolder: downloads })
    const result = await h.service.exportItems([1003])
    expect(result.failed).toEqual([])
    expect(result.written).toHaveLength(1)
    expect(h.standin.attempts(1003)).toBe(2)
    const library = h.service.getSettings().libraryFolder
    expect(await readFile(join(library, '1003.jpg'))).toEqual(h.standin.expectedJpeg(1003))
    expect(await readdir(join(library, '.earthview', 'damaged'))).toHaveLength(1)
    expect(h.events.error?.map((e) => e.message)).toEqual([
      expect.stringMatching(/image 1003 was damaged, so it was set aside/)
    ])
  })

  it('is not made into a thumbnail; the next crawl downloads it again', async () => {
    const h = await crawledAndDamaged()
    expect(await h.service.resolveMedia('thumb', '1003')).toBeNull()
    expect((await h.service.getState()).library.ids).toEqual([1004])
    // The page is told, so its tile shows as not downloaded without a reload.
    expect(h.events.itemsRemoved).toEqual([[1003]])
    const done = finished(h.service)
    await h.service.startCrawl({})
    expect(await done).toMatchObject({ saved: 1, skipped: 1 })
    expect(await h.service.resolveMedia('thumb', '1003')).toMatchObject({
      contentType: 'image/webp'
    })
  })
})
