import { resolve } from 'node:path'

/**
 * What the environment may change about a run. The Playwright harness sets these; a person
 * can use EARTHVIEW_DATA_DIR to keep a second, separate library.
 */
export interface LaunchOptions {
  /** EARTHVIEW_DATA_DIR: replaces Electron's userData folder (settings, library, thumbnails). */
  dataDir: string | null
  /** EARTHVIEW_SOURCE / EARTHVIEW_IDS: what crawls started from the window use. */
  crawlDefaults: { source?: string; ids?: string }
  /**
   * EARTHVIEW_TEST=1: stand-ins for everything that would leave the app (dialogs, browser, file
   * manager).
   */
  testMode: boolean
  /** EARTHVIEW_PICK_FOLDER: every folder picker's answer, in test mode only. */
  pickFolder: string | null
  /** electron-vite's dev server; ignored in a packaged app so no variable can redirect it. */
  devServerUrl: string | null
}

export function readLaunchOptions(env: NodeJS.ProcessEnv, isPackaged: boolean): LaunchOptions {
  const value = (name: string) => {
    const raw = env[name]?.trim()
    return raw ? raw : null
  }
  const testMode = env['EARTHVIEW_TEST'] === '1'
  const dataDir = value('EARTHVIEW_DATA_DIR')
  const pickFolder = value('EARTHVIEW_PICK_FOLDER')
  const source = value('EARTHVIEW_SOURCE')
  const ids = value('EARTHVIEW_IDS')
  return {
    dataDir: dataDir === null ? null : resolve(dataDir),
    crawlDefaults: { ...(source ? { source } : {}), ...(ids ? { ids } : {}) },
    testMode,
    pickFolder: testMode && pickFolder !== null ? resolve(pickFolder) : null,
    devServerUrl: isPackaged ? null : value('ELECTRON_RENDERER_URL')
  }
}
