import { homedir } from 'node:os'
import { join } from 'node:path'

export const APP_NAME = 'Earth View Gallery'

/**
 * The folder Electron's `app.getPath('userData')` names for this app, so the browser bridge and
 * the app share settings and the library by default.
 */
export function defaultUserDataFolder(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env
): string {
  const home = env.HOME || homedir()
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', APP_NAME)
  if (platform === 'win32') return join(env.APPDATA || join(home, 'AppData', 'Roaming'), APP_NAME)
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), APP_NAME)
}
