import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { defaultSettings } from '@shared/settings'
import { GalleryError } from '@shared/errors'
import { openNodeSettings, SettingsStore } from './index'

const defaults = defaultSettings({
  libraryFolder: '/data/library',
  downloadFolder: '/pictures/Earth View'
})

async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'evg-settings-'))
}

describe('SettingsStore over conf', () => {
  it('persists valid changes to the settings file and reads them back', async () => {
    const dir = await tempDir()
    const store = new SettingsStore((await openNodeSettings(dir)).backend, defaults)
    const changed: number[] = []
    store.on('changed', (settings) => changed.push(settings.concurrency))
    store.update({ concurrency: 8, favorites: [1003], theme: 'dark' })
    expect(changed).toEqual([8])
    const onDisk = JSON.parse(await readFile(join(dir, 'settings.json'), 'utf8'))
    expect(onDisk).toMatchObject({ concurrency: 8, favorites: [1003], theme: 'dark' })
    const reopened = new SettingsStore((await openNodeSettings(dir)).backend, defaults)
    expect(reopened.get()).toMatchObject({ concurrency: 8, favorites: [1003], theme: 'dark' })
  })

  it.each([
    [{ concurrency: 0 }, 'concurrency', /^Too small: expected number to be >=1\.$/],
    [{ concurrency: 65 }, 'concurrency', /^Too big: expected number to be <=64\.$/],
    [{ sourceUrl: 'ftp://x/{id}' }, 'sourceUrl', /^The source URL must start with http/],
    [{ sourceUrl: 'https://example.com/doc.json' }, 'sourceUrl', /must contain \{id\}/],
    [{ idPlan: '10-5' }, 'idPlan', /low to high/],
    [{ filenameTemplate: 'photo.jpg' }, 'filenameTemplate', /must contain \{id\}/],
    [{ theme: 'purple' }, 'theme', /"system"\|"light"\|"dark"/]
  ])(
    'rejects %o naming the setting (%s) with a clear message, and keeps the old value',
    async (patch, field, message) => {
      const store = new SettingsStore((await openNodeSettings(await tempDir())).backend, defaults)
      let error: unknown
      try {
        store.update(patch as never)
      } catch (caught) {
        error = caught
      }
      expect(error).toBeInstanceOf(GalleryError)
      expect(error).toMatchObject({ code: 'invalid-argument', field })
      // Said for the place beside the field: a sentence that does not repeat the setting's key.
      expect((error as GalleryError).message).toMatch(message)
      expect((error as GalleryError).toJSON()).toEqual({
        code: 'invalid-argument',
        field,
        message: (error as GalleryError).message
      })
      expect(store.get()).toEqual(defaults)
    }
  )

  it('sets a corrupted file aside and starts from defaults', async () => {
    const dir = await tempDir()
    await writeFile(join(dir, 'settings.json'), '{"concurrency": 8, "favo')
    const { backend, setAside } = await openNodeSettings(dir)
    expect(setAside).toMatch(/settings\.json\.corrupt-/)
    expect(await readFile(setAside!, 'utf8')).toBe('{"concurrency": 8, "favo')
    expect(new SettingsStore(backend, defaults).get()).toEqual(defaults)
    // conf writes the file on the first change; until then only the set-aside copy is there
    expect(await readdir(dir)).toEqual([setAside!.split('/').pop()])
  })

  it('drops a stored value that no longer fits the schema, keeping the rest', async () => {
    const dir = await tempDir()
    await writeFile(join(dir, 'settings.json'), JSON.stringify({ concurrency: 999, theme: 'dark' }))
    const store = new SettingsStore((await openNodeSettings(dir)).backend, defaults)
    expect(store.get().concurrency).toBe(defaults.concurrency)
    expect(store.get().theme).toBe('dark')
  })
})
