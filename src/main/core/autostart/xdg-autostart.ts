/**
 * "Start at login" on Linux: an XDG autostart entry, `$XDG_CONFIG_HOME/autostart/<app>.desktop`
 * (https://specifications.freedesktop.org/autostart-spec/latest/), which every desktop that
 * follows the spec (GNOME, KDE, XFCE, Cinnamon, MATE, LXQt…) launches at login. macOS and
 * Windows use Electron's login items instead (src/main/login-item.ts).
 */
import { mkdir, readFile, rm } from 'node:fs/promises'
import { homedir } from 'node:os'
import { isAbsolute, join } from 'node:path'
import { GalleryError } from '@shared/errors'
import { writeFileAtomic } from '../library/atomic-file'

/** Given to the app by its login entry: it starts in the tray, without opening the window. */
export const STARTED_AT_LOGIN_FLAG = '--started-at-login'

export const AUTOSTART_FILE_NAME = 'earth-view-gallery.desktop'

/** Marks the entries this app wrote: it never removes or replaces one it did not write. */
const MARKER_KEY = 'X-EarthViewGallery-Autostart'

export interface AutostartEntry {
  /** The command and its arguments, e.g. [AppImage path, STARTED_AT_LOGIN_FLAG]. */
  exec: readonly string[]
  name: string
  comment: string
}

export function wasStartedAtLogin(argv: readonly string[]): boolean {
  return argv.includes(STARTED_AT_LOGIN_FLAG)
}

/** `$XDG_CONFIG_HOME/autostart`; the spec says a relative XDG_CONFIG_HOME is to be ignored. */
export function autostartFolder(env: NodeJS.ProcessEnv, home = env.HOME || homedir()): string {
  const configHome = env.XDG_CONFIG_HOME
  return join(
    configHome && isAbsolute(configHome) ? configHome : join(home, '.config'),
    'autostart'
  )
}

// Characters that oblige an Exec argument to be quoted (Desktop Entry spec, "The Exec key").
const RESERVED = /[\s"'\\><~|&;$*?#()`]/

/**
 * One Exec argument. Quoting escapes `"`, `` ` ``, `$` and `\` with a backslash; the key file's
 * own string escapes come on top, so each backslash is doubled again; `%` is a field code unless
 * doubled. A line break cannot be written at all.
 */
export function execArgument(argument: string): string {
  if (/[\n\r]/.test(argument)) {
    throw new GalleryError('invalid-argument', 'A path with a line break cannot start at login.', {
      field: 'startAtLogin'
    })
  }
  const percent = argument.replaceAll('%', '%%')
  if (argument !== '' && !RESERVED.test(argument)) return percent
  const quoted = percent.replace(/["`$\\]/g, (char) => `\\${char}`)
  return `"${quoted.replaceAll('\\', '\\\\')}"`
}

export function desktopEntry(entry: AutostartEntry): string {
  const line = (value: string) => value.replace(/[\n\r]+/g, ' ')
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Version=1.0',
    `Name=${line(entry.name)}`,
    `Comment=${line(entry.comment)}`,
    `Exec=${entry.exec.map(execArgument).join(' ')}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    `${MARKER_KEY}=true`,
    ''
  ].join('\n')
}

/** True when the file exists and this app wrote it. */
async function isOurs(path: string): Promise<boolean | null> {
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return null
    throw error
  })
  if (text === null) return null
  return text.split(/\r?\n/).includes(`${MARKER_KEY}=true`)
}

/**
 * Writes (atomically) or removes this app's autostart entry in `folder`. A file of the same name
 * that this app did not write is left alone, and the person is told.
 */
export async function setXdgAutostart(
  enabled: boolean,
  folder: string,
  entry: AutostartEntry
): Promise<void> {
  const path = join(folder, AUTOSTART_FILE_NAME)
  const ours = await isOurs(path).catch((error: Error) => {
    throw new GalleryError('io', `Could not read ${path}: ${error.message}.`, {
      field: 'startAtLogin'
    })
  })
  if (ours === false) {
    throw new GalleryError(
      'io',
      `${path} was not made by Earth View Gallery, so it is left as it is. Remove or rename it, then try again.`,
      { field: 'startAtLogin' }
    )
  }
  try {
    if (enabled) {
      await mkdir(folder, { recursive: true })
      await writeFileAtomic(path, desktopEntry(entry))
    } else if (ours) {
      await rm(path, { force: true })
    }
  } catch (error) {
    throw new GalleryError(
      'io',
      `Could not ${enabled ? 'write' : 'remove'} ${path} (${(error as Error).message}); check that the folder is writable.`,
      { field: 'startAtLogin' }
    )
  }
}
