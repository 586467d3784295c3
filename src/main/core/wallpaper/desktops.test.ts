/**
 * KDE Plasma, XFCE and sway through stand-in programs on PATH: shell scripts that record their
 * arguments and keep the desktop's state in a file, so the read-back reads what the set wrote.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { READ_SCRIPT, setScript } from './kde'
import { setWallpaper } from './set-wallpaper'
import {
  readCalls,
  removeDir,
  shellQuote,
  solidJpeg,
  tempDir,
  writeFake
} from '../../../../test/support/desktop'

let root: string
let counter = 0

beforeAll(async () => {
  root = await tempDir('desktops')
})
afterAll(async () => {
  if (root) await removeDir(root)
})

/** A fresh folder for one test's fakes and a picture no other test uses. */
async function setup(): Promise<{ dir: string; image: string; dataFolder: string }> {
  counter++
  const dir = join(root, `case-${counter}`)
  await mkdir(dir, { recursive: true })
  const image = join(root, `${9000 + counter}.jpg`)
  await solidJpeg(image, [counter * 20, 100, 50])
  return { dir, image, dataFolder: join(root, `data-${counter}`) }
}

describe('KDE Plasma', () => {
  const PLASMA = ['org.kde.plasmashell', '/PlasmaShell', 'org.kde.PlasmaShell.evaluateScript']

  /** plasmashell's answer to the read script: one line per desktop, from the state file. */
  const printDesktops = (state: string): string =>
    `if [ -f ${state} ]; then image=$(cat ${state}); else image=file:///usr/share/wallpapers/Next.png; fi\n` +
    `printf 'org.kde.image\\t%s\\norg.kde.image\\t%s\\n' "$image" "$image"`

  it('plasma-apply-wallpaperimage sets it; qdbus6 evaluateScript reads every desktop back', async () => {
    const { dir, image, dataFolder } = await setup()
    const state = shellQuote(join(dir, 'plasma-image'))
    await writeFake(dir, 'plasma-apply-wallpaperimage', `printf 'file://%s' "$1" > ${state}`)
    await writeFake(dir, 'qdbus6', printDesktops(state))

    const result = await setWallpaper(image, {
      dataFolder,
      env: { PATH: dir, XDG_CURRENT_DESKTOP: 'KDE' }
    })

    expect(await readCalls(dir)).toEqual([
      ['plasma-apply-wallpaperimage', result.file],
      ['qdbus6', ...PLASMA, READ_SCRIPT]
    ])
    expect(result).toMatchObject({ status: 'applied', desktop: 'KDE Plasma' })
    expect(result.message).toContain('on all 2 desktop(s)')
  })

  it('a Plasma that keeps the old picture is not applied', async () => {
    const { dir, image, dataFolder } = await setup()
    const state = shellQuote(join(dir, 'plasma-image'))
    await writeFake(dir, 'plasma-apply-wallpaperimage', 'echo "Successfully set the wallpaper"')
    await writeFake(dir, 'qdbus6', printDesktops(state))

    const result = await setWallpaper(image, {
      dataFolder,
      env: { PATH: dir, XDG_CURRENT_DESKTOP: 'KDE' }
    })
    expect(result.status).toBe('not-applied')
    expect(result.message).toContain('Plasma still reports file:///usr/share/wallpapers/Next.png')
  })

  it('without plasma-apply-wallpaperimage, dbus-send runs the set script and the read script', async () => {
    const { dir, image, dataFolder } = await setup()
    const state = shellQuote(join(dir, 'plasma-image'))
    await writeFake(
      dir,
      'dbus-send',
      `script=$6\n` +
        `case "$script" in\n` +
        `  *print*) image=$(cat ${state}); printf 'method return time=1.0 sender=:1.2 -> destination=:1.9 serial=7 reply_serial=2\\n   string "org.kde.image\\t%s"\\n' "$image" ;;\n` +
        `  *) printf '%s' "$script" | sed -n 's/.*writeConfig(.Image., "\\([^"]*\\)").*/\\1/p' > ${state}; printf 'method return time=1.0 sender=:1.2 -> destination=:1.9 serial=6 reply_serial=2\\n   string ""\\n' ;;\n` +
        `esac`
    )

    const result = await setWallpaper(image, {
      dataFolder,
      env: { PATH: dir, XDG_CURRENT_DESKTOP: 'KDE' }
    })

    const uri = pathToFileURL(result.file!).href
    const dbusSend = (script: string): string[] => [
      'dbus-send',
      '--session',
      '--print-reply',
      '--dest=org.kde.plasmashell',
      '/PlasmaShell',
      'org.kde.PlasmaShell.evaluateScript',
      `string:${script}`
    ]
    expect(await readCalls(dir)).toEqual([dbusSend(setScript(uri)), dbusSend(READ_SCRIPT)])
    expect(await readFile(join(dir, 'plasma-image'), 'utf8')).toBe(uri)
    expect(result.status).toBe('applied')
  })

  it('with no D-Bus client, plasma-org.kde.plasma.desktop-appletsrc is read back', async () => {
    const { dir, image, dataFolder } = await setup()
    const config = join(dir, 'config')
    await mkdir(config)
    const appletsrc = shellQuote(join(config, 'plasma-org.kde.plasma.desktop-appletsrc'))
    await writeFake(
      dir,
      'plasma-apply-wallpaperimage',
      `printf '[Containments][1]\\nplugin=org.kde.plasma.folder\\nwallpaperplugin=org.kde.image\\n\\n[Containments][1][Wallpaper][org.kde.image][General]\\nImage=file://%s\\n\\n[Containments][2]\\nplugin=org.kde.panel\\n' "$1" > ${appletsrc}`
    )
    const result = await setWallpaper(image, {
      dataFolder,
      env: { PATH: dir, XDG_CURRENT_DESKTOP: 'KDE', XDG_CONFIG_HOME: config }
    })
    expect(result.status).toBe('applied')
    expect(result.message).toContain(
      "Plasma's configuration shows the new picture on all 1 desktop(s)"
    )
  })

  it('nothing to talk to Plasma with is unsupported', async () => {
    const { dir, image, dataFolder } = await setup()
    const result = await setWallpaper(image, {
      dataFolder,
      env: { PATH: dir, XDG_CURRENT_DESKTOP: 'KDE' }
    })
    expect(result).toMatchObject({ status: 'unsupported', desktop: 'KDE Plasma' })
  })
})

describe('XFCE', () => {
  const PROPS = [
    '/backdrop/screen0/monitorVirtual-1/workspace0/last-image',
    '/backdrop/screen0/monitorVirtual-1/workspace1/last-image',
    '/backdrop/screen0/monitorHDMI-1/workspace0/last-image',
    '/backdrop/screen0/monitorHDMI-1/workspace1/last-image'
  ]

  /** xfconf-query over a "property<TAB>value" file; `forget` drops writes to one property. */
  async function fakeXfconf(dir: string, forget?: string): Promise<void> {
    const state = join(dir, 'xfconf')
    await writeFile(
      state,
      [
        ...PROPS.map((prop) => `${prop}\t/usr/share/backgrounds/xfce/xfce-blue.jpg`),
        '/backdrop/screen0/monitorVirtual-1/workspace0/color-style\t0',
        '/backdrop/single-workspace-mode\ttrue',
        ''
      ].join('\n')
    )
    const s = shellQuote(state)
    await writeFake(
      dir,
      'xfconf-query',
      `prop=; value=; list=; create=; set=\n` +
        `while [ $# -gt 0 ]; do case "$1" in\n` +
        `  -c|-t) shift ;; -l) list=1 ;; -n) create=1 ;; -p) prop=$2; shift ;; -s) value=$2; set=1; shift ;;\n` +
        `esac; shift; done\n` +
        `if [ -n "$list" ]; then cut -f1 ${s}; exit 0; fi\n` +
        `current=$(awk -F '\\t' -v p="$prop" '$1 == p { print $2 }' ${s})\n` +
        `exists=$(awk -F '\\t' -v p="$prop" '$1 == p { print "yes" }' ${s})\n` +
        `if [ -z "$exists" ] && [ -z "$create" ]; then echo "Property \\"$prop\\" does not exist on channel \\"xfce4-desktop\\"." >&2; exit 1; fi\n` +
        `if [ -z "$set" ]; then printf '%s\\n' "$current"; exit 0; fi\n` +
        (forget ? `[ "$prop" = ${shellQuote(forget)} ] && exit 0\n` : '') +
        `awk -F '\\t' -v p="$prop" '$1 != p' ${s} > ${s}.new\n` +
        `printf '%s\\t%s\\n' "$prop" "$value" >> ${s}.new\n` +
        `mv ${s}.new ${s}`
    )
  }

  it('sets every monitor and workspace, zoomed, and reads each back', async () => {
    const { dir, image, dataFolder } = await setup()
    await fakeXfconf(dir)
    const result = await setWallpaper(image, {
      dataFolder,
      env: { PATH: dir, XDG_CURRENT_DESKTOP: 'XFCE', DISPLAY: ':0' }
    })

    const q = (...args: string[]): string[] => ['xfconf-query', '-c', 'xfce4-desktop', ...args]
    const style = (prop: string): string => prop.replace(/last-image$/, 'image-style')
    expect(await readCalls(dir)).toEqual([
      q('-l'),
      ...PROPS.flatMap((prop) => [
        q('-p', prop, '-s', result.file!),
        q('-p', style(prop), '-n', '-t', 'int', '-s', '5')
      ]),
      ...PROPS.map((prop) => q('-p', prop))
    ])
    expect(result).toMatchObject({ status: 'applied', desktop: 'XFCE' })
    expect(result.message).toContain('all 4 monitor/workspace backdrop(s)')
    const state = await readFile(join(dir, 'xfconf'), 'utf8')
    for (const prop of PROPS) expect(state).toContain(`${prop}\t${result.file}\n`)
  })

  it('one backdrop that keeps its old picture makes it not applied', async () => {
    const { dir, image, dataFolder } = await setup()
    await fakeXfconf(dir, PROPS[2])
    const result = await setWallpaper(image, {
      dataFolder,
      env: { PATH: dir, XDG_CURRENT_DESKTOP: 'XFCE' }
    })
    expect(result.status).toBe('not-applied')
    expect(result.message).toContain(
      `${PROPS[2]} still reads /usr/share/backgrounds/xfce/xfce-blue.jpg`
    )
  })

  it('no backdrop properties yet is not applied, with what to do', async () => {
    const { dir, image, dataFolder } = await setup()
    await writeFake(dir, 'xfconf-query', 'printf "/desktop-icons/style\\n"')
    const result = await setWallpaper(image, {
      dataFolder,
      env: { PATH: dir, XDG_CURRENT_DESKTOP: 'XFCE' }
    })
    expect(result.status).toBe('not-applied')
    expect(result.message).toContain('xfdesktop has not created any backdrop settings yet')
  })
})

describe('sway', () => {
  const pidFiles: string[] = []

  afterEach(async () => {
    for (const pidFile of pidFiles.splice(0)) {
      const pid = Number(await readFile(pidFile, 'utf8').catch(() => ''))
      if (pid > 0) {
        try {
          process.kill(pid, 'SIGTERM')
        } catch {
          // Already gone.
        }
      }
    }
  })

  /** swaymsg that, like sway, unquotes the path and starts swaybg with it (unless told not to). */
  async function fakeSway(dir: string, startsSwaybg: boolean): Promise<string> {
    const pidFile = join(dir, 'swaybg.pid')
    pidFiles.push(pidFile)
    await writeFake(
      dir,
      'swaybg',
      "sleep 60 & child=$!\ntrap 'kill $child; exit 0' TERM INT\nwait $child"
    )
    await writeFake(
      dir,
      'swaymsg',
      `path=$4; path=\${path#\\"}; path=\${path%\\"}\n` +
        (startsSwaybg
          ? `${shellQuote(join(dir, 'swaybg'))} -o '*' -i "$path" -m fill >/dev/null 2>&1 &\necho $! > ${shellQuote(pidFile)}\n`
          : '') +
        `echo '[ { "success": true } ]'`
    )
    return pidFile
  }

  it('swaymsg output * bg, checked by the swaybg process sway starts', async () => {
    const { dir, image, dataFolder } = await setup()
    await fakeSway(dir, true)
    const result = await setWallpaper(image, {
      dataFolder,
      env: { PATH: dir, XDG_CURRENT_DESKTOP: 'sway', WAYLAND_DISPLAY: 'wayland-1' }
    })
    const calls = await readCalls(dir)
    expect(calls[0]).toEqual(['swaymsg', 'output', '*', 'bg', `"${result.file}"`, 'fill'])
    expect(calls[1]).toEqual(['swaybg', '-o', '*', '-i', result.file, '-m', 'fill'])
    expect(result).toMatchObject({ status: 'applied', desktop: 'sway' })
  })

  it('sway accepting the command without starting swaybg is not applied', async () => {
    const { dir, image, dataFolder } = await setup()
    await fakeSway(dir, false)
    const result = await setWallpaper(image, {
      dataFolder,
      env: { PATH: dir, SWAYSOCK: join(dir, 'sway.sock') }
    })
    expect(result.status).toBe('not-applied')
    expect(result.message).toContain(
      'sway accepted the command but no swaybg process is showing the picture'
    )
  })

  it('sway refusing the command is not applied, with its error', async () => {
    const { dir, image, dataFolder } = await setup()
    await writeFake(
      dir,
      'swaymsg',
      `echo '[ { "success": false, "parse_error": true, "error": "Unknown/invalid command" } ]'\necho 'Error: Unknown/invalid command' >&2\nexit 2`
    )
    const result = await setWallpaper(image, {
      dataFolder,
      env: { PATH: dir, XDG_CURRENT_DESKTOP: 'sway' }
    })
    expect(result.status).toBe('not-applied')
    expect(result.message).toContain('swaymsg exited with code 2: Error: Unknown/invalid command')
  })
})
