import { mkdir } from 'node:fs/promises'
import { dialog, shell, type BrowserWindow } from 'electron'
import { GalleryError } from '@shared/errors'
import type { Host } from './core/service/gallery-service'
import { isAllowedExternalUrl } from './core/security/external-urls'

export interface HostOptions {
  window(): BrowserWindow | null
  /** Test mode: nothing leaves the app; what would have is written to stdout for the harness. */
  testMode: boolean
  /** Test mode's answer to every folder picker. */
  pickFolder: string | null
}

/** The only way the page reaches the browser: https Google Maps / Earth links, checked here too. */
export async function openExternalSafely(url: string, testMode: boolean): Promise<void> {
  if (!isAllowedExternalUrl(url)) {
    throw new GalleryError('forbidden', 'Only Google Maps and Google Earth links can be opened.')
  }
  if (testMode) {
    process.stdout.write(`open-external ${url}\n`)
    return
  }
  await shell.openExternal(url) // eng-disable OPEN_EXTERNAL_JS_CHECK -- allowlisted just above
}

/** Electron's native dialogs and shell, as the service's Host. */
export function electronHost(options: HostOptions): Host {
  return {
    async pickFolder({ title, defaultPath }) {
      if (options.testMode && options.pickFolder !== null) return options.pickFolder
      const parent = options.window()
      const dialogOptions: Electron.OpenDialogOptions = {
        title,
        ...(defaultPath ? { defaultPath } : {}),
        buttonLabel: 'Choose',
        properties: ['openDirectory', 'createDirectory', 'promptToCreate']
      }
      const result = parent
        ? await dialog.showOpenDialog(parent, dialogOptions)
        : await dialog.showOpenDialog(dialogOptions)
      return result.canceled ? null : (result.filePaths[0] ?? null)
    },

    openInBrowser: (url) => openExternalSafely(url, options.testMode),

    async showFolder(path) {
      // The download folder may not exist before the first export; show it anyway.
      await mkdir(path, { recursive: true })
      if (options.testMode) {
        process.stdout.write(`show-folder ${path}\n`)
        return
      }
      const problem = await shell.openPath(path)
      if (problem) throw new GalleryError('io', `Could not open ${path}: ${problem}`)
    }
  }
}
