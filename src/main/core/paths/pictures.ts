/**
 * Where this machine keeps pictures, and the "Earth View" folder inside it: the default output of
 * the `crawl` command and the app's default download folder.
 */
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { isAbsolute, join } from 'node:path'

export const EARTH_VIEW_FOLDER_NAME = 'Earth View'

export interface PicturesLookup {
  platform?: NodeJS.Platform
  env?: NodeJS.ProcessEnv
  home?: string
}

/** The platform's Pictures folder (Linux: the XDG user dir, else ~/Pictures). */
export function picturesFolder(lookup: PicturesLookup = {}): string {
  const platform = lookup.platform ?? process.platform
  const env = lookup.env ?? process.env
  const home = lookup.home ?? env.HOME ?? homedir()
  const fallback = join(home, 'Pictures')
  if (platform !== 'linux') return fallback
  return xdgUserDir(env, home) ?? xdgUserDirsFile(env, home) ?? fallback
}

/** `<Pictures>/Earth View`. */
export function defaultEarthViewFolder(lookup: PicturesLookup = {}): string {
  return join(picturesFolder(lookup), EARTH_VIEW_FOLDER_NAME)
}

/**
 * Asks `xdg-user-dir`, the desktop's own answer. It prints $HOME when no Pictures folder is
 * configured, which is not a folder we want to fill with 2,609 images, so that answer counts as none.
 */
function xdgUserDir(env: NodeJS.ProcessEnv, home: string): string | undefined {
  let answer: string
  try {
    answer = execFileSync('xdg-user-dir', ['PICTURES'], {
      env: { ...env, HOME: home },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 2_000
    }).trim()
  } catch {
    return undefined
  }
  return usableDir(answer, home)
}

/** What `xdg-user-dir` would read, for systems without the command (xdg-user-dirs not installed). */
function xdgUserDirsFile(env: NodeJS.ProcessEnv, home: string): string | undefined {
  const configHome = env.XDG_CONFIG_HOME || join(home, '.config')
  let text = ''
  try {
    text = readFileSync(join(configHome, 'user-dirs.dirs'), 'utf8')
  } catch {
    // No file: the environment may still say.
  }
  const line = /^\s*XDG_PICTURES_DIR\s*=\s*"([^"]*)"\s*$/m.exec(text)
  const raw = line?.[1] ?? env.XDG_PICTURES_DIR
  if (raw === undefined) return undefined
  const expanded = raw.replace(/^\$HOME(?=\/|$)/, home).replace(/^~(?=\/|$)/, home)
  // The spec allows paths relative to $HOME.
  return usableDir(isAbsolute(expanded) ? expanded : join(home, expanded), home)
}

function usableDir(path: string, home: string): string | undefined {
  if (path === '' || !isAbsolute(path)) return undefined
  const trimmed = path.replace(/\/+$/, '') || '/'
  return trimmed === home.replace(/\/+$/, '') ? undefined : trimmed
}
