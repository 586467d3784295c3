import { join } from 'node:path'
import Conf from 'conf'
import type { SettingsBackend } from './settings-store'
import { setAsideCorruptSettings } from './settings-file'

export const SETTINGS_FILE_NAME = 'settings.json'

/**
 * The settings backend outside Electron (the bridge, tests): conf, electron-store's base, writing
 * the same file electron-store would write in the same data folder.
 */
export async function openNodeSettings(
  dataFolder: string
): Promise<{ backend: SettingsBackend; setAside: string | null }> {
  const setAside = await setAsideCorruptSettings(join(dataFolder, SETTINGS_FILE_NAME))
  const backend = new Conf<Record<string, unknown>>({ cwd: dataFolder, configName: 'settings' })
  return { backend, setAside }
}
