import { app } from 'electron'
import { GalleryError } from '@shared/errors'
import {
  autostartFolder,
  setXdgAutostart,
  STARTED_AT_LOGIN_FLAG,
  wasStartedAtLogin
} from './core/autostart/xdg-autostart'
import { APP_NAME } from './core/shell/tray-menu'

/**
 * The command a login entry runs: the AppImage file itself when there is one (its mounted
 * binary vanishes after exit), the app's executable when packaged, Electron plus the app's
 * folder in development; then the flag that keeps the window closed.
 */
function launchCommand(): string[] {
  if (!app.isPackaged) return [process.execPath, app.getAppPath(), STARTED_AT_LOGIN_FLAG]
  return [process.env.APPIMAGE || process.execPath, STARTED_AT_LOGIN_FLAG]
}

/**
 * The Host's `setStartAtLogin`: Electron's login items on macOS and Windows, an XDG autostart
 * entry (written by core) on Linux. In test mode nothing is registered; the harness reads stdout.
 */
export function setStartAtLogin(testMode: boolean): (enabled: boolean) => Promise<void> {
  return async (enabled) => {
    if (testMode) {
      process.stdout.write(`start-at-login ${enabled ? 'on' : 'off'}\n`)
      return
    }
    if (process.platform === 'darwin' || process.platform === 'win32') {
      // `args` is Windows only; macOS reports a login launch through wasOpenedAtLogin.
      app.setLoginItemSettings({ openAtLogin: enabled, args: [STARTED_AT_LOGIN_FLAG] })
      return
    }
    if (process.platform === 'linux') {
      await setXdgAutostart(enabled, autostartFolder(process.env), {
        exec: launchCommand(),
        name: APP_NAME,
        comment: 'Changes the desktop wallpaper to Earth View images'
      })
      return
    }
    throw new GalleryError(
      'unsupported',
      `Starting at login is not available on ${process.platform}.`,
      {
        field: 'startAtLogin'
      }
    )
  }
}

/** Launched by the login entry: the app starts in the tray, without opening its window. */
export function startedAtLogin(): boolean {
  if (wasStartedAtLogin(process.argv)) return true
  return process.platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin
}
