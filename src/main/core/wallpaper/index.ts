export { setWallpaper, type SetWallpaperOptions } from './set-wallpaper'
export { detectDesktop, DESKTOP_LABELS, type DesktopKind } from './detect'
