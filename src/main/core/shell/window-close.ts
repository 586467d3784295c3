import { isRotationOn, type WallpaperInterval } from '@shared/rotation'

/**
 * What closing the last window does. While the wallpaper rotates the app keeps running (in the
 * tray) so the changes go on; otherwise it quits, except on macOS, where apps stay in the dock.
 */
export function afterLastWindowClosed(options: {
  platform: NodeJS.Platform
  interval: WallpaperInterval
}): 'quit' | 'keep-running' {
  if (options.platform === 'darwin' || isRotationOn(options.interval)) return 'keep-running'
  return 'quit'
}

/** The person is told once that the closed window left the app running in the tray. */
export function shouldTellAboutTray(options: {
  platform: NodeJS.Platform
  interval: WallpaperInterval
  alreadyTold: boolean
}): boolean {
  return (
    !options.alreadyTold &&
    options.platform !== 'darwin' &&
    afterLastWindowClosed(options) === 'keep-running'
  )
}

export const TRAY_NOTICE = {
  title: 'Earth View Gallery is still running',
  body: 'It keeps changing your wallpaper from the tray. Choose Quit in the tray menu to stop it, or open the app again to show the window.'
}
