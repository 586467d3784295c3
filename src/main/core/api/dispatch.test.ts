import { describe, expect, it } from 'vitest'
import type { GalleryApi } from '@shared/api'
import { GalleryError } from '@shared/errors'
import { createDispatcher } from './dispatch'

function fakeApi(calls: unknown[][]): GalleryApi {
  const record =
    (name: string) =>
    async (...args: unknown[]) => {
      calls.push([name, ...args])
      if (name === 'openInMaps') throw new GalleryError('not-found', 'No image 77 in the catalog.')
      return name
    }
  return new Proxy({}, { get: (_t, name) => record(String(name)) }) as GalleryApi
}

describe('createDispatcher', () => {
  it('runs a valid call and wraps the value', async () => {
    const calls: unknown[][] = []
    const dispatch = createDispatcher(fakeApi(calls))
    await expect(dispatch('setFavorite', [1003, true])).resolves.toEqual({
      ok: true,
      value: 'setFavorite'
    })
    expect(calls).toEqual([['setFavorite', 1003, true]])
  })

  it('rejects wrong types before the service runs', async () => {
    const calls: unknown[][] = []
    const dispatch = createDispatcher(fakeApi(calls))
    const result = await dispatch('setFavorite', ['1003', 'yes'])
    expect(result.ok).toBe(false)
    expect(!result.ok && result.error.code).toBe('invalid-argument')
    expect(!result.ok && result.error.message).toMatch(/setFavorite/)
    // A setting of the patch is named as the field, its problem said for the place beside it.
    expect(await dispatch('updateSettings', [{ concurrency: 500 }])).toEqual({
      ok: false,
      error: {
        code: 'invalid-argument',
        field: 'concurrency',
        message: 'Too big: expected number to be <=64.'
      }
    })
    const unknown = await dispatch('updateSettings', [{ nonsense: 1 }])
    expect(unknown).toMatchObject({ ok: false, error: { code: 'invalid-argument' } })
    expect(!unknown.ok && unknown.error.field).toBeUndefined()
    expect(!unknown.ok && unknown.error.message).toMatch(/updateSettings.*nonsense/)
    expect(await dispatch('constructor', [])).toMatchObject({
      ok: false,
      error: { code: 'invalid-argument' }
    })
    expect(calls).toEqual([])
  })

  it('passes a service error on as data with its code', async () => {
    const dispatch = createDispatcher(fakeApi([]))
    await expect(dispatch('openInMaps', [77])).resolves.toEqual({
      ok: false,
      error: { code: 'not-found', message: 'No image 77 in the catalog.' }
    })
  })
})
