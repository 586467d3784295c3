import { spawn, spawnSync } from 'node:child_process'
import {
  lstat,
  mkdtemp,
  readdir,
  readFile,
  readlink,
  rm,
  symlink,
  writeFile
} from 'node:fs/promises'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { DataFolderInUse, LOCK_FILE, lockDataFolder, type DataLock } from './data-lock'

const cleanups: (() => Promise<unknown> | void)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function dataFolder(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'evg-lock-'))
  cleanups.push(() => rm(folder, { recursive: true, force: true }))
  return folder
}

async function lock(folder: string, program = 'the browser bridge'): Promise<DataLock> {
  const taken = await lockDataFolder(folder, program)
  cleanups.push(() => taken.release())
  return taken
}

async function refusal(folder: string): Promise<DataFolderInUse> {
  const error = await lockDataFolder(folder, 'a second program').then(
    (taken) => {
      taken.release()
      return null
    },
    (caught: unknown) => caught
  )
  expect(error).toBeInstanceOf(DataFolderInUse)
  return error as DataFolderInUse
}

/** A pid that no process has: one that just ended. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'])
  return Number(child.stdout.toString())
}

describe('lockDataFolder', () => {
  it('lets one process in, names it to the next, and is free again once released', async () => {
    const folder = await dataFolder()
    const held = await lock(folder)
    const error = await refusal(folder)
    expect(error.code).toBe('busy')
    expect(error.message).toBe(
      `The data folder ${folder} is in use by the browser bridge (process ${process.pid}). Quit it first, or use another data folder.`
    )
    held.release()
    expect(await readdir(folder)).toEqual([])
    ;(await lock(folder, 'the desktop app')).release()
  })

  it('takes over a lock whose process has died', async () => {
    const folder = await dataFolder()
    const pid = deadPid()
    await writeFile(join(folder, LOCK_FILE), JSON.stringify({ pid, host: hostname(), token: 'x' }))
    const taken = await lock(folder)
    expect(JSON.parse(await readFile(taken.file, 'utf8'))).toMatchObject({ pid: process.pid })
    expect(await readdir(folder)).toEqual([LOCK_FILE])
  })

  it.runIf(process.platform === 'linux')(
    'takes over a lock whose pid now belongs to another process (started at another time)',
    async () => {
      const folder = await dataFolder()
      const lockFile = join(folder, LOCK_FILE)
      await writeFile(
        lockFile,
        JSON.stringify({ pid: process.ppid, host: hostname(), processStart: '1', token: 'x' })
      )
      await lock(folder)
      expect(JSON.parse(await readFile(lockFile, 'utf8'))).toMatchObject({ pid: process.pid })
    }
  )

  it('takes over a lock file that is not a lock (torn, or garbage)', async () => {
    const folder = await dataFolder()
    await writeFile(join(folder, LOCK_FILE), '{"pid": 12')
    await lock(folder)
  })

  it('respects a lock held on another computer, and says which file to remove', async () => {
    const folder = await dataFolder()
    await writeFile(
      join(folder, LOCK_FILE),
      JSON.stringify({ pid: 4242, host: 'elsewhere', program: 'the desktop app', token: 'x' })
    )
    const error = await refusal(folder)
    expect(error.message).toBe(
      `The data folder ${folder} is in use by the desktop app (process 4242 on the computer "elsewhere"). Quit it there, or remove ${join(folder, LOCK_FILE)} if it is no longer running.`
    )
  })

  it('sees the desktop app by the single-instance lock Chromium keeps, without touching it', async () => {
    const folder = await dataFolder()
    const app = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'])
    cleanups.push(() => void app.kill())
    const singleton = join(folder, 'SingletonLock')
    await symlink(`${hostname()}-${app.pid}`, singleton)
    const error = await refusal(folder)
    expect(error.message).toContain(`is in use by the Earth View Gallery app (process ${app.pid})`)
    expect(await readlink(singleton)).toBe(`${hostname()}-${app.pid}`)

    // Chromium leaves the symlink behind when it crashes: a dead pid there does not block.
    await rm(singleton)
    await symlink(`${hostname()}-${deadPid()}`, singleton)
    await lock(folder)
    expect((await lstat(singleton)).isSymbolicLink()).toBe(true)
  })

  it('release leaves a lock alone that is no longer its own', async () => {
    const folder = await dataFolder()
    const held = await lock(folder)
    const other = JSON.stringify({ pid: 4242, host: 'elsewhere', token: 'theirs' })
    await writeFile(held.file, other)
    held.release()
    expect(await readFile(held.file, 'utf8')).toBe(other)
  })
})
