/**
 * One process at a time on a data folder. The settings file is rewritten whole on every change,
 * so two processes on one folder (the browser bridge beside the desktop app, or two bridges)
 * silently undo each other's changes. Each host takes this lock before it opens anything.
 *
 * The lock is a small JSON file naming its holder (pid, host name, process start time, which
 * program). It is created with link(), which fails atomically when the file exists, so two
 * processes starting together cannot both win. A lock whose process has died — or whose pid now
 * belongs to another process, told by its start time — is stale and taken over; a lock from
 * another computer (a shared folder) cannot be checked and is respected, with the file named so
 * that a person can remove it.
 *
 * Electron's own single-instance lock (`SingletonLock`, a symlink Chromium owns in the same
 * folder) is read, never written: a desktop app of an older version, which does not take this
 * lock, is still seen.
 */
import { randomBytes } from 'node:crypto'
import { readFileSync, unlinkSync } from 'node:fs'
import { link, readFile, readlink, rename, unlink, writeFile } from 'node:fs/promises'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { GalleryError } from '@shared/errors'

export const LOCK_FILE = 'earth-view-gallery.lock'
/** Chromium's single-instance lock: a symlink to "<host>-<pid>". Read only. */
const CHROMIUM_LOCK = 'SingletonLock'

export interface LockHolder {
  pid: number
  host: string
  /** Who holds it, for the message: "the browser bridge", "the desktop app". */
  program: string
  /** The process's start time as the OS counts it (Linux: clock ticks since boot), if known. */
  processStart?: string
  /** Tells our own lock from one that replaced it. */
  token: string
}

export interface DataLock {
  file: string
  /** Removes the lock if it is still ours. Also done when the process exits. */
  release(): void
}

export class DataFolderInUse extends GalleryError {
  constructor(
    readonly folder: string,
    readonly holder: Pick<LockHolder, 'pid' | 'host' | 'program'>,
    readonly lockFile: string
  ) {
    const where = holder.host === hostname() ? '' : ` on the computer "${holder.host}"`
    super(
      'busy',
      `The data folder ${folder} is in use by ${holder.program} (process ${holder.pid}${where}). ` +
        (where
          ? `Quit it there, or remove ${lockFile} if it is no longer running.`
          : 'Quit it first, or use another data folder.')
    )
  }
}

/**
 * Takes the data folder's lock for `program`, or throws DataFolderInUse naming who holds it.
 * The folder must exist.
 */
export async function lockDataFolder(folder: string, program: string): Promise<DataLock> {
  const file = join(folder, LOCK_FILE)
  const mine: LockHolder = {
    pid: process.pid,
    host: hostname(),
    program,
    ...optional('processStart', processStartTime(process.pid)),
    token: randomBytes(8).toString('hex')
  }
  const chromium = await chromiumHolder(folder)
  if (chromium) throw new DataFolderInUse(folder, chromium, join(folder, CHROMIUM_LOCK))

  for (let attempt = 0; attempt < 5; attempt++) {
    if (await create(file, mine)) return ownLock(file, mine.token)
    const text = await readFile(file, 'utf8').catch(() => null)
    if (text === null) continue // released meanwhile: try again
    const holder = parseHolder(text)
    if (holder && isAlive(holder)) throw new DataFolderInUse(folder, holder, file)
    await takeOverStale(file, text)
  }
  throw new GalleryError('busy', `Could not take the lock ${file}: other processes keep taking it.`)
}

/** Creates `file` with our holder record unless it exists; false when it does. */
async function create(file: string, holder: LockHolder): Promise<boolean> {
  const temp = `${file}.${holder.token}.part`
  await writeFile(temp, JSON.stringify(holder), { flag: 'wx' })
  try {
    await link(temp, file)
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw error
  } finally {
    await unlink(temp).catch(() => undefined)
  }
}

/**
 * Removes a stale lock, unless another process replaced it since we read it: the file is moved
 * aside first and only deleted when it is still the one we judged.
 */
async function takeOverStale(file: string, staleText: string): Promise<void> {
  const aside = `${file}.${randomBytes(6).toString('hex')}.stale`
  try {
    await rename(file, aside)
  } catch {
    return // gone already
  }
  const moved = await readFile(aside, 'utf8').catch(() => null)
  if (moved !== null && moved !== staleText) {
    // A fresh lock: put it back (unless yet another one took the name meanwhile).
    await link(aside, file).catch(() => undefined)
  }
  await unlink(aside).catch(() => undefined)
}

function ownLock(file: string, token: string): DataLock {
  let released = false
  const release = () => {
    if (released) return
    released = true
    process.off('exit', release)
    try {
      // Only our own lock: after a takeover the file may be someone else's.
      if (parseHolder(readFileSync(file, 'utf8'))?.token === token) unlinkSync(file)
    } catch {
      // Gone already.
    }
  }
  process.on('exit', release)
  return { file, release }
}

function parseHolder(text: string): LockHolder | null {
  try {
    const value = JSON.parse(text) as Partial<LockHolder>
    if (!Number.isSafeInteger(value.pid) || typeof value.host !== 'string') return null
    return {
      pid: value.pid!,
      host: value.host,
      program: typeof value.program === 'string' ? value.program : 'another program',
      ...optional('processStart', value.processStart),
      token: typeof value.token === 'string' ? value.token : ''
    }
  } catch {
    return null
  }
}

/** Whether the lock's holder still runs. One on another computer is assumed to. */
function isAlive(holder: Pick<LockHolder, 'pid' | 'host' | 'processStart'>): boolean {
  if (holder.host !== hostname()) return true
  if (!processExists(holder.pid)) return false
  // The pid may have been reused by an unrelated process since the holder died.
  const start = processStartTime(holder.pid)
  return holder.processStart === undefined || start === undefined || start === holder.processStart
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Linux: field 22 of /proc/<pid>/stat. Elsewhere unknown (the pid alone is checked). */
function processStartTime(pid: number): string | undefined {
  if (process.platform !== 'linux') return undefined
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // The command name (field 2) may hold spaces and parentheses; fields after it are plain.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return fields[19]
  } catch {
    return undefined
  }
}

/** The desktop app holding Chromium's lock on this folder, unless that is this very process. */
async function chromiumHolder(folder: string): Promise<LockHolder | null> {
  let target: string
  try {
    target = await readlink(join(folder, CHROMIUM_LOCK))
  } catch {
    return null
  }
  const match = /^(.*)-(\d+)$/.exec(target)
  if (!match) return null
  const holder = { host: match[1]!, pid: Number(match[2]) }
  if (holder.pid === process.pid && holder.host === hostname()) return null
  if (!isAlive(holder)) return null
  return { ...holder, program: 'the Earth View Gallery app', token: '' }
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V }
}
