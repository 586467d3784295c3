import { execFile } from 'node:child_process'
import { chmod, mkdir, mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it, vi } from 'vitest'
import { GalleryError } from '@shared/errors'
import {
  AUTOSTART_FILE_NAME,
  autostartFolder,
  desktopEntry,
  execArgument,
  setXdgAutostart,
  STARTED_AT_LOGIN_FLAG,
  wasStartedAtLogin
} from './xdg-autostart'

const run = promisify(execFile)
const hasGio = await run('gio', ['--version']).then(
  () => true,
  () => false
)

const entry = (exec: string[]) => ({
  exec,
  name: 'Earth View Gallery',
  comment: 'Changes the wallpaper'
})

const temp = () => mkdtemp(join(tmpdir(), 'evg-autostart-'))

describe('autostartFolder', () => {
  it('uses an absolute XDG_CONFIG_HOME, and ~/.config otherwise (a relative one is ignored)', () => {
    expect(autostartFolder({ XDG_CONFIG_HOME: '/cfg' }, '/home/ada')).toBe('/cfg/autostart')
    expect(autostartFolder({}, '/home/ada')).toBe('/home/ada/.config/autostart')
    expect(autostartFolder({ XDG_CONFIG_HOME: 'cfg' }, '/home/ada')).toBe(
      '/home/ada/.config/autostart'
    )
  })
})

describe('setXdgAutostart', () => {
  it('writes the entry, with the login flag, and removes it again', async () => {
    const folder = join(await temp(), 'autostart')
    const exec = ['/opt/Earth View/earth-view-gallery', STARTED_AT_LOGIN_FLAG]
    await setXdgAutostart(true, folder, entry(exec))
    const text = await readFile(join(folder, AUTOSTART_FILE_NAME), 'utf8')
    expect(text).toContain('[Desktop Entry]\nType=Application\n')
    expect(text).toContain('Exec="/opt/Earth View/earth-view-gallery" --started-at-login\n')
    expect(text).toContain('X-GNOME-Autostart-enabled=true\n')
    // Written atomically: no temp file is left next to it.
    expect(await readdir(folder)).toEqual([AUTOSTART_FILE_NAME])

    await setXdgAutostart(false, folder, entry(exec))
    expect(await readdir(folder)).toEqual([])
    // Turning it off when it is already off is fine.
    await setXdgAutostart(false, folder, entry(exec))
  })

  it('never replaces or removes an entry it did not write', async () => {
    const folder = await temp()
    const path = join(folder, AUTOSTART_FILE_NAME)
    const theirs = '[Desktop Entry]\nType=Application\nName=Mine\nExec=/usr/bin/mine\n'
    await writeFile(path, theirs)
    for (const enabled of [true, false]) {
      const refusal = setXdgAutostart(enabled, folder, entry(['/bin/app']))
      await expect(refusal).rejects.toBeInstanceOf(GalleryError)
      await expect(refusal).rejects.toMatchObject({
        field: 'startAtLogin',
        message: expect.stringMatching(/was not made by Earth View Gallery/)
      })
    }
    expect(await readFile(path, 'utf8')).toBe(theirs)
  })

  it('says what failed when the folder cannot be written', async () => {
    const parent = await temp()
    await writeFile(join(parent, 'autostart'), 'a file where the folder should be')
    await expect(
      setXdgAutostart(true, join(parent, 'autostart'), entry(['/bin/app']))
    ).rejects.toMatchObject({
      code: 'io',
      field: 'startAtLogin',
      message: expect.stringMatching(/Could not write .*check that the folder is writable/)
    })
  })
})

describe('desktopEntry Exec quoting', () => {
  it('follows the spec: a literal \\ is four backslashes and a $ is \\$ inside quotes', () => {
    // The key file's string escapes apply before the Exec quoting rule (Desktop Entry spec).
    expect(execArgument(String.raw`C:\x $y`)).toBe(String.raw`"C:\\\\x \\$y"`)
    expect(execArgument('say "hi"')).toBe(String.raw`"say \\"hi\\""`)
    expect(execArgument('plain/path-1.0')).toBe('plain/path-1.0')
    expect(execArgument('50%')).toBe('50%%')
    expect(execArgument('')).toBe('""')
  })

  it('refuses a path with a line break', () => {
    expect(() => desktopEntry(entry(['/bin/a\nb']))).toThrow(/line break/)
  })

  // GLib's own desktop-entry parser (gio launch) runs the entry: the program must receive
  // exactly the arguments the app asked for, whatever characters its path holds.
  it.skipIf(!hasGio)('survives GLib’s parser with spaces, quotes, $, %, ` and \\', async () => {
    const root = await temp()
    // (A % in the program's own path is left out: GLib looks the program up before it undoes %%.)
    const folder = join(root, `Apps & "Tools" $HOME \`x\` back\\slash`)
    await mkdir(folder)
    const out = join(root, 'argv.txt')
    const program = join(folder, 'print args.sh')
    await writeFile(
      program,
      `#!/bin/sh\nfor a in "$@"; do printf '%s\\n' "$a"; done > '${out}.part' && mv '${out}.part' '${out}'\n`
    )
    await chmod(program, 0o755)
    const args = [STARTED_AT_LOGIN_FLAG, 'two words', 'it’s $5 `now` 50% a\\b', "'single'"]
    const file = join(root, AUTOSTART_FILE_NAME)
    await writeFile(file, desktopEntry(entry([program, ...args])))
    await run('gio', ['launch', file])
    const printed = await vi.waitFor(() => readFile(out, 'utf8'), { timeout: 10_000 })
    expect(printed.split('\n').slice(0, -1)).toEqual(args)
  })
})

describe('wasStartedAtLogin', () => {
  it('is true only with the flag the login entry passes', () => {
    expect(wasStartedAtLogin(['/opt/app', STARTED_AT_LOGIN_FLAG])).toBe(true)
    expect(wasStartedAtLogin(['/opt/app', '--started-at-login=no'])).toBe(false)
    expect(wasStartedAtLogin(['/opt/app'])).toBe(false)
  })
})
