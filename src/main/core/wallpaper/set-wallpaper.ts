import { stat } from 'node:fs/promises'
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import type { WallpaperResult } from '@shared/api'
import { GalleryError } from '@shared/errors'
import { unsupported, type BackendContext, type Outcome } from './backend'
import { DESKTOP_LABELS, detectDesktop, type DesktopKind } from './detect'
import { CINNAMON, GNOME, MATE, setWithGSettings } from './gsettings'
import { pictureFormatOf } from './image-format'
import { setForKde } from './kde'
import { setNative } from './native'
import { runCommand, runCommandBinary } from './run-command'
import { describeFsError } from '../paths/writable-folder'
import { makeStableCopy, pruneCopies, wallpaperFolder } from './stable-copy'
import { setForSway } from './sway'
import { setForX11 } from './x11'
import { setForXfce } from './xfce'

export interface SetWallpaperOptions {
  /** The image is copied to <dataFolder>/wallpaper/ first: a place that survives library changes. */
  dataFolder: string
  /** Default process.env. */
  env?: NodeJS.ProcessEnv
  /** Default process.platform. */
  platform?: NodeJS.Platform
  /** Per external command; default 10000. */
  timeoutMs?: number
}

const DEFAULT_TIMEOUT_MS = 10_000

// One change at a time: a second call must not prune the copy the first is still applying.
let queue: Promise<unknown> = Promise.resolve()

/**
 * Sets the desktop wallpaper and reads it back; 'applied' only when the desktop reports (or shows)
 * the new picture. Throws only when imagePath is not a readable image.
 */
export function setWallpaper(
  imagePath: string,
  options: SetWallpaperOptions
): Promise<WallpaperResult> {
  const task = queue.then(() => setWallpaperNow(imagePath, options))
  queue = task.catch(() => undefined)
  return task
}

async function setWallpaperNow(
  imagePath: string,
  options: SetWallpaperOptions
): Promise<WallpaperResult> {
  const env = options.env ?? process.env
  const platform = options.platform ?? process.platform
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  const source = resolve(imagePath)
  await assertImage(source)

  const kind = detectDesktop(env, platform)
  const folder = wallpaperFolder(options.dataFolder)
  let file: string
  try {
    file = await makeStableCopy(source, options.dataFolder)
  } catch (error) {
    return {
      status: 'not-applied',
      desktop: DESKTOP_LABELS[kind],
      message: `The wallpaper was not changed because the image could not be copied to ${folder} (${errorText(error)}); check that the folder is writable.`
    }
  }

  const home = env.HOME || homedir()
  const runOptions = { env, timeoutMs }
  const context: BackendContext = {
    file,
    env,
    home,
    configHome: env.XDG_CONFIG_HOME || join(home, '.config'),
    run: (command, args) => runCommand(command, args, runOptions),
    runBinary: (command, args) => runCommandBinary(command, args, runOptions)
  }
  let outcome: Outcome
  try {
    outcome = await apply(kind, context, platform, timeoutMs)
  } catch (error) {
    outcome = {
      status: 'not-applied',
      desktop: DESKTOP_LABELS[kind],
      message: `The wallpaper was not changed because of an unexpected error (${errorText(error)}); set it from your desktop's settings (the image is at ${file}).`
    }
  }
  await pruneCopies(file, folder, outcome.status === 'applied').catch(() => undefined)
  return { ...outcome, file }
}

function apply(
  kind: DesktopKind,
  context: BackendContext,
  platform: NodeJS.Platform,
  timeoutMs: number
): Promise<Outcome> {
  switch (kind) {
    case 'macos':
    case 'windows':
      return setNative(context.file, platform === 'darwin' ? 'darwin' : 'win32', timeoutMs)
    case 'gnome':
      return setWithGSettings(GNOME, context)
    case 'cinnamon':
      return setWithGSettings(CINNAMON, context)
    case 'mate':
      return setWithGSettings(MATE, context)
    case 'kde':
      return setForKde(context)
    case 'xfce':
      return setForXfce(context)
    case 'sway':
      return setForSway(context)
    case 'x11':
      return setForX11(context)
    case 'wayland': {
      const name = context.env.XDG_CURRENT_DESKTOP || 'this Wayland compositor'
      return Promise.resolve(
        unsupported('Wayland', `${name} has no wallpaper command the app knows`, context.file)
      )
    }
    case 'none':
      return Promise.resolve(
        unsupported(
          DESKTOP_LABELS.none,
          'no desktop session was found (DISPLAY, WAYLAND_DISPLAY and XDG_CURRENT_DESKTOP are unset)',
          context.file
        )
      )
  }
}

async function assertImage(path: string): Promise<void> {
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT' || error.code === 'ENOTDIR') {
      throw new GalleryError('not-found', `The image ${path} does not exist.`)
    }
    throw new GalleryError(
      'io',
      `The image ${path} cannot be read (${error.code ?? error.message}).`
    )
  })
  if (!info.isFile() || info.size === 0) {
    throw new GalleryError('invalid-argument', `${path} is not an image file.`)
  }
  const format = await pictureFormatOf(path).catch(() => null)
  if (!format) {
    throw new GalleryError(
      'invalid-argument',
      `${path} is not a JPEG, PNG or WebP picture the app can set as wallpaper.`
    )
  }
}

function errorText(error: unknown): string {
  // "ENOTDIR: not a directory, mkdir '…'" says less to a person than "a part of the path is a file".
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return describeFsError(code)
  return error instanceof Error ? error.message : String(error)
}
