import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readLaunchOptions } from './launch-options'

describe('readLaunchOptions', () => {
  it('is all defaults with an empty environment', () => {
    expect(readLaunchOptions({}, false)).toEqual({
      dataDir: null,
      crawlDefaults: {},
      testMode: false,
      pickFolder: null,
      devServerUrl: null
    })
  })

  it('reads the test hooks', () => {
    const options = readLaunchOptions(
      {
        EARTHVIEW_TEST: '1',
        EARTHVIEW_DATA_DIR: 'data',
        EARTHVIEW_SOURCE: 'http://127.0.0.1:9/v3/{id}.json',
        EARTHVIEW_IDS: '1003-1010',
        EARTHVIEW_PICK_FOLDER: '/tmp/picked'
      },
      false
    )
    expect(options).toEqual({
      dataDir: resolve('data'),
      crawlDefaults: { source: 'http://127.0.0.1:9/v3/{id}.json', ids: '1003-1010' },
      testMode: true,
      pickFolder: '/tmp/picked',
      devServerUrl: null
    })
  })

  it('ignores the folder-picker answer outside test mode', () => {
    expect(readLaunchOptions({ EARTHVIEW_PICK_FOLDER: '/tmp/picked' }, false).pickFolder).toBeNull()
    expect(
      readLaunchOptions({ EARTHVIEW_TEST: 'yes', EARTHVIEW_PICK_FOLDER: '/tmp/picked' }, false)
        .pickFolder
    ).toBeNull()
  })

  it('uses the dev server only in an unpackaged app', () => {
    const env = { ELECTRON_RENDERER_URL: 'http://localhost:5173' }
    expect(readLaunchOptions(env, false).devServerUrl).toBe('http://localhost:5173')
    expect(readLaunchOptions(env, true).devServerUrl).toBeNull()
  })

  it('treats blank values as unset', () => {
    expect(readLaunchOptions({ EARTHVIEW_DATA_DIR: '  ', EARTHVIEW_IDS: '' }, false)).toMatchObject(
      {
        dataDir: null,
        crawlDefaults: {}
      }
    )
  })
})
