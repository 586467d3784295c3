/**
 * The rotation as the service wires it: where the eligible images come from, the state and
 * events the page gets, and "Start at login" applied by the host before it is saved.
 */
import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { RotationState } from '@shared/rotation'
import { startStandin } from '../../../../e2e/standin/server'
import { DOWNLOADS_FILE } from '../export/download-ledger'
import { openNodeSettings } from '../settings'
import { GalleryService, type Host } from './gallery-service'

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

const baseHost: Host = {
  pickFolder: async () => null,
  openInBrowser: async () => undefined,
  showFolder: async () => undefined
}

async function open(data: string, host: Host = baseHost) {
  const standin = await startStandin({ imageSize: 'small' })
  const service = await GalleryService.create({
    dataFolder: data,
    settingsBackend: (await openNodeSettings(data)).backend,
    host,
    crawlDefaults: { source: standin.url, ids: '1003' },
    defaultDownloadFolder: join(data, 'Earth View'),
    crawlTuning: { retryBaseDelayMs: 5 }
  })
  const rotations: RotationState[] = []
  service.on('rotationChanged', (state) => rotations.push(state))
  let closed = false
  const close = async () => {
    if (closed) return
    closed = true
    await service.close()
    await standin.close()
  }
  cleanups.push(close)
  return { service, rotations, close }
}

const tempData = () => mkdtemp(join(tmpdir(), 'evg-rotation-service-'))

describe('GalleryService rotation', () => {
  it('"Downloaded images" are the ones downloaded with Download, kept across restarts', async () => {
    const data = await tempData()
    const first = await open(data)
    await first.service.updateSettings({ wallpaperSource: 'downloaded' })
    const empty = await first.service.nextWallpaper()
    expect(empty).toMatchObject({ status: 'empty', id: null, trigger: 'manual' })
    expect(empty.message).toMatch(/not downloaded any images yet/)

    expect(await first.service.exportItems([1003, 1004])).toMatchObject({ failed: [] })
    expect(first.rotations.at(-1)).toMatchObject({ source: 'downloaded', eligible: 2 })
    await first.close()
    expect(JSON.parse(await readFile(join(data, DOWNLOADS_FILE), 'utf8')).ids).toEqual([1003, 1004])

    const second = await open(data)
    expect((await second.service.getState()).rotation).toMatchObject({
      source: 'downloaded',
      eligible: 2,
      last: { status: 'empty' }
    })
  })

  it('tells the page the rotation state when the choices change', async () => {
    const { service, rotations } = await open(await tempData())
    const before = Date.now()
    expect((await service.getState()).rotation).toMatchObject({
      interval: 'never',
      source: 'favorites',
      eligible: 0,
      nextChangeAt: null
    })
    await service.setFavorite(1003, true)
    await service.updateSettings({ wallpaperInterval: 'day' })
    const state = rotations.at(-1)!
    expect(state).toMatchObject({ interval: 'day', eligible: 1, changing: false })
    expect(state.nextChangeAt).toBeGreaterThanOrEqual(before + 24 * 3_600_000)
    expect(state.nextChangeAt).toBeLessThanOrEqual(Date.now() + 24 * 3_600_000)
  })

  it('"Start at login" is refused where the host cannot start the app, and stays off', async () => {
    const { service } = await open(await tempData())
    await expect(service.updateSettings({ startAtLogin: true })).rejects.toMatchObject({
      code: 'unsupported',
      field: 'startAtLogin'
    })
    expect(service.getSettings().startAtLogin).toBe(false)
  })

  it('"Start at login" is applied by the host before it is saved, and not saved if refused', async () => {
    const calls: boolean[] = []
    let refuse = false
    const host: Host = {
      ...baseHost,
      setStartAtLogin: async (enabled) => {
        if (refuse) throw new Error('the autostart folder is read-only')
        calls.push(enabled)
      }
    }
    const { service } = await open(await tempData(), host)
    expect(await service.updateSettings({ startAtLogin: true })).toMatchObject({
      startAtLogin: true
    })
    expect(calls).toEqual([true])
    // A patch refused for another setting is refused before the login item is touched.
    await expect(
      service.updateSettings({ startAtLogin: false, concurrency: 0 })
    ).rejects.toMatchObject({ code: 'invalid-argument', field: 'concurrency' })
    expect(calls).toEqual([true])
    expect(service.getSettings().startAtLogin).toBe(true)

    refuse = true
    await expect(service.updateSettings({ startAtLogin: false })).rejects.toThrow(/read-only/)
    expect(service.getSettings().startAtLogin).toBe(true)
  })
})
