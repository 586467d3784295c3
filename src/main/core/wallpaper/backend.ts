import type { WallpaperStatus } from '@shared/api'
import type { CommandBinaryResult, CommandResult } from './run-command'

/** What one desktop's code needs: the stable copy, and commands already bound to env and timeout. */
export interface BackendContext {
  file: string
  env: NodeJS.ProcessEnv
  run: (command: string, args: readonly string[]) => Promise<CommandResult>
  runBinary: (command: string, args: readonly string[]) => Promise<CommandBinaryResult>
  home: string
  configHome: string
}

export interface Outcome {
  status: WallpaperStatus
  message: string
  desktop: string
}

export type Backend = (context: BackendContext) => Promise<Outcome>

export function applied(desktop: string, how: string): Outcome {
  return { status: 'applied', desktop, message: `The wallpaper is set: ${how}.` }
}

/** A command ran (or hung) but the desktop does not show our picture. */
export function notApplied(desktop: string, reason: string, where: string, file: string): Outcome {
  return {
    status: 'not-applied',
    desktop,
    message: `The wallpaper was not changed because ${reason}; set it from ${where} (the image is at ${file}).`
  }
}

/** Nothing here we can talk to. */
export function unsupported(desktop: string, reason: string, file: string): Outcome {
  return {
    status: 'unsupported',
    desktop,
    message: `The wallpaper was not changed because ${reason}; set it from your desktop's settings (the image is at ${file}).`
  }
}
