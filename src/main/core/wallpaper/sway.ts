import { readdir, readFile } from 'node:fs/promises'
import { basename } from 'node:path'
import { setTimeout as delay } from 'node:timers/promises'
import { applied, notApplied, unsupported, type BackendContext, type Outcome } from './backend'

const DESKTOP = 'sway'
const WHERE = 'your sway config (output * bg <file> fill)'
/** sway starts swaybg right after it answers; give the new process this long to show up. */
const SWAYBG_WAIT_MS = 2000
const SWAYBG_POLL_MS = 50

/**
 * swaymsg joins its arguments with spaces into one sway command, so the path is quoted the way
 * sway's command parser expects.
 */
export function swayQuote(path: string): string {
  return `"${path.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`
}

/** Command lines of processes named swaybg (a script's name is its second argument). */
export async function swaybgCommandLines(procRoot = '/proc'): Promise<string[][]> {
  const entries = await readdir(procRoot).catch(() => [] as string[])
  const lines = await Promise.all(
    entries
      .filter((entry) => /^\d+$/.test(entry))
      .map(async (pid) => {
        const raw = await readFile(`${procRoot}/${pid}/cmdline`).catch(() => undefined)
        if (!raw || raw.length === 0) return undefined
        const argv = raw.toString('utf8').replace(/\0$/, '').split('\0')
        return argv.slice(0, 2).some((arg) => basename(arg) === 'swaybg') ? argv : undefined
      })
  )
  return lines.filter((argv): argv is string[] => argv !== undefined)
}

async function swaybgShows(file: string, deadline: number): Promise<boolean> {
  for (;;) {
    const found = (await swaybgCommandLines()).some((argv) => argv.includes(file))
    if (found || Date.now() >= deadline) return found
    await delay(SWAYBG_POLL_MS)
  }
}

/**
 * sway cannot report its background (get_outputs leaves it out), but it draws it by starting
 * swaybg with the image on its command line, so a swaybg process showing our file is the check.
 * Where /proc does not exist the change cannot be checked and is reported as not applied.
 */
export async function setForSway({ file, run }: BackendContext): Promise<Outcome> {
  const result = await run('swaymsg', ['output', '*', 'bg', swayQuote(file), 'fill'])
  if (result.failure === 'missing') return unsupported(DESKTOP, 'swaymsg is not installed', file)
  if (!result.ok)
    return notApplied(DESKTOP, `sway refused the change (${result.reason})`, WHERE, file)
  if (await swaybgShows(file, Date.now() + SWAYBG_WAIT_MS)) {
    return applied(DESKTOP, 'sway started swaybg with the new picture')
  }
  return notApplied(
    DESKTOP,
    'sway accepted the command but no swaybg process is showing the picture (install swaybg, or sway cannot report its background)',
    WHERE,
    file
  )
}
