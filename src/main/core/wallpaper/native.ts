import { realpath } from 'node:fs/promises'
import { posix, win32 } from 'node:path'
import type * as WallpaperModule from 'wallpaper'
import { applied, notApplied, unsupported, type Outcome } from './backend'

/** Same file as far as the OS is concerned: both file systems ignore case by default. */
export function sameNativePath(
  actual: string,
  expected: string,
  platform: NodeJS.Platform
): boolean {
  const normalize = (value: string): string =>
    (platform === 'win32' ? win32.normalize(value) : posix.normalize(value))
      .normalize('NFC')
      .toLowerCase()
  return actual.trim() !== '' && normalize(actual.trim()) === normalize(expected)
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms / 1000} s`)), ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

const errorText = (error: unknown): string =>
  error instanceof Error ? error.message : String(error)

/**
 * macOS and Windows through the `wallpaper` package. Its setWallpaper resolves even when nothing
 * changed, so only its getWallpaper read-back decides.
 */
export async function setNative(
  file: string,
  platform: 'darwin' | 'win32',
  timeoutMs: number
): Promise<Outcome> {
  const desktop = platform === 'darwin' ? 'macOS' : 'Windows'
  const where =
    platform === 'darwin'
      ? 'System Settings > Wallpaper'
      : 'Settings > Personalization > Background'
  let wallpaper: typeof WallpaperModule
  try {
    wallpaper = await import('wallpaper')
  } catch (error) {
    return unsupported(
      desktop,
      `the wallpaper helper could not be loaded (${errorText(error)})`,
      file
    )
  }
  try {
    const options = platform === 'darwin' ? ({ screen: 'all', scale: 'fill' } as const) : {}
    await withTimeout(wallpaper.setWallpaper(file, options), timeoutMs, 'The system')
  } catch (error) {
    return notApplied(desktop, `the system refused it (${errorText(error)})`, where, file)
  }
  let current: string
  try {
    current = await withTimeout(wallpaper.getWallpaper(), timeoutMs, 'The system')
  } catch (error) {
    return notApplied(desktop, `the change could not be checked (${errorText(error)})`, where, file)
  }
  const resolved = await realpath(current).catch(() => current)
  const expected = await realpath(file).catch(() => file)
  if (sameNativePath(resolved, expected, platform)) {
    return applied(desktop, `${desktop} reports the new picture`)
  }
  return notApplied(desktop, `${desktop} still reports ${current || 'no picture'}`, where, file)
}
