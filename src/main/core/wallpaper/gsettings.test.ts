import { execFile } from 'node:child_process'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseGVariantString } from './gsettings'
import { setWallpaper } from './set-wallpaper'
import {
  readCalls,
  removeDir,
  solidJpeg,
  startDbusSession,
  tempDir,
  findTools,
  writeFake,
  type DbusSession
} from '../../../../test/support/desktop'

const exec = promisify(execFile)

const { tools, missing } = await findTools({
  dbus: 'dbus-daemon',
  gsettings: 'gsettings',
  compile: 'glib-compile-schemas'
})

const ENUM = `<enum id="test.picture-options"><value nick="none" value="0"/><value nick="zoom" value="5"/></enum>`
const key = (name: string, type = 's', fallback = "''"): string =>
  `<key name="${name}" type="${type}"><default>${fallback}</default></key>`
const options = `<key name="picture-options" enum="test.picture-options"><default>'none'</default></key>`

/** Schemas of desktops not installed here, compiled into a data dir of their own. */
const SCHEMAS = {
  cinnamon: `<schema id="org.cinnamon.desktop.background" path="/org/cinnamon/desktop/background/">${key('picture-uri')}${options}</schema>`,
  mate: `<schema id="org.mate.background" path="/org/mate/desktop/background/">${key('picture-filename')}${options}</schema>`,
  // GNOME before 42 had no picture-uri-dark.
  oldGnome: `<schema id="org.gnome.desktop.background" path="/org/gnome/desktop/background/">${key('picture-uri')}${options}</schema>`
}

async function compileSchemas(dataDir: string, schemas: string[]): Promise<void> {
  const dir = join(dataDir, 'glib-2.0', 'schemas')
  await mkdir(dir, { recursive: true })
  await writeFile(
    join(dir, 'test.gschema.xml'),
    `<schemalist>${ENUM}${schemas.join('')}</schemalist>`
  )
  await exec(tools.compile!, [dir])
}

describe.skipIf(missing.length > 0)(
  `gsettings on a private D-Bus session (needs ${missing.join(', ') || 'nothing missing'})`,
  () => {
    let root: string
    let bus: DbusSession
    let baseEnv: NodeJS.ProcessEnv

    beforeAll(async () => {
      root = await tempDir('gsettings')
      const home = join(root, 'home')
      const runtime = join(root, 'run')
      await mkdir(home, { recursive: true })
      await mkdir(runtime, { recursive: true, mode: 0o700 })
      baseEnv = {
        PATH: process.env.PATH,
        HOME: home,
        XDG_CONFIG_HOME: join(home, '.config'),
        XDG_CACHE_HOME: join(home, '.cache'),
        XDG_RUNTIME_DIR: runtime,
        GSETTINGS_BACKEND: 'dconf'
      }
      bus = await startDbusSession(baseEnv)
      baseEnv.DBUS_SESSION_BUS_ADDRESS = bus.address
      await compileSchemas(join(root, 'share'), [SCHEMAS.cinnamon, SCHEMAS.mate])
      await compileSchemas(join(root, 'old-share'), [SCHEMAS.oldGnome])
    })

    afterAll(async () => {
      await bus?.stop()
      if (root) await removeDir(root)
    })

    async function gsettingsGet(
      env: NodeJS.ProcessEnv,
      schema: string,
      name: string
    ): Promise<string> {
      const { stdout } = await exec(tools.gsettings!, ['get', schema, name], { env })
      return parseGVariantString(stdout)
    }

    it('GNOME: sets picture-uri and picture-uri-dark to a copy with the same bytes', async () => {
      const dataFolder = join(root, 'data-gnome')
      const image = join(root, '1003.jpg')
      const source = await solidJpeg(image, [10, 120, 200])
      const env = { ...baseEnv, XDG_CURRENT_DESKTOP: 'ubuntu:GNOME' }

      const result = await setWallpaper(image, { dataFolder, env })

      expect(result).toMatchObject({ status: 'applied', desktop: 'GNOME' })
      expect(result.file).toMatch(/[/\\]wallpaper[/\\]earthview-1003-[0-9a-f]{12}\.jpg$/)
      for (const name of ['picture-uri', 'picture-uri-dark']) {
        const uri = await gsettingsGet(env, 'org.gnome.desktop.background', name)
        expect(uri.startsWith('file:///')).toBe(true)
        expect(fileURLToPath(uri)).toBe(result.file)
        expect((await readFile(fileURLToPath(uri))).equals(source)).toBe(true)
      }
      expect(await gsettingsGet(env, 'org.gnome.desktop.background', 'picture-options')).toBe(
        'zoom'
      )
      expect(result.message).toContain('picture-uri and picture-uri-dark')
    })

    it('GNOME: a second picture replaces the first and the old copy is removed', async () => {
      const dataFolder = join(root, 'data-gnome-2')
      const env = { ...baseEnv, XDG_CURRENT_DESKTOP: 'GNOME' }
      const first = await setWallpaper(await imageFile('2001.jpg', [200, 10, 10]), {
        dataFolder,
        env
      })
      const second = await setWallpaper(await imageFile('2002.jpg', [10, 200, 10]), {
        dataFolder,
        env
      })

      expect([first.status, second.status]).toEqual(['applied', 'applied'])
      expect(second.file).not.toBe(first.file)
      const uri = await gsettingsGet(env, 'org.gnome.desktop.background', 'picture-uri')
      expect(fileURLToPath(uri)).toBe(second.file)
      await expect(readFile(first.file!)).rejects.toMatchObject({ code: 'ENOENT' })
    })

    it('GNOME before 42: no picture-uri-dark key, picture-uri alone is set and checked', async () => {
      const env = {
        ...baseEnv,
        XDG_CURRENT_DESKTOP: 'GNOME',
        XDG_DATA_DIRS: join(root, 'old-share')
      }
      const result = await setWallpaper(await imageFile('3001.jpg', [90, 90, 20]), {
        dataFolder: join(root, 'data-old'),
        env
      })
      expect(result.status).toBe('applied')
      expect(result.message).toContain('in picture-uri')
      expect(result.message).not.toContain('dark')
      const uri = await gsettingsGet(env, 'org.gnome.desktop.background', 'picture-uri')
      expect(fileURLToPath(uri)).toBe(result.file)
    })

    it('Cinnamon and MATE: their own schemas, exact gsettings calls, read back', async () => {
      const shim = join(root, 'shim')
      await writeFake(shim, 'gsettings', `exec ${tools.gsettings} "$@"`)
      const env = { ...baseEnv, PATH: shim, XDG_DATA_DIRS: join(root, 'share') }

      const cinnamon = await setWallpaper(await imageFile('4001.jpg', [1, 2, 250]), {
        dataFolder: join(root, 'data-cinnamon'),
        env: { ...env, XDG_CURRENT_DESKTOP: 'X-Cinnamon' }
      })
      const mate = await setWallpaper(await imageFile('4002.jpg', [250, 2, 1]), {
        dataFolder: join(root, 'data-mate'),
        env: { ...env, XDG_CURRENT_DESKTOP: 'MATE' }
      })

      expect(cinnamon).toMatchObject({ status: 'applied', desktop: 'Cinnamon' })
      expect(mate).toMatchObject({ status: 'applied', desktop: 'MATE' })
      const gv = (value: string): string => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`
      const cinnamonUri = new URL(`file://${cinnamon.file}`).href
      expect(await readCalls(shim)).toEqual([
        ['gsettings', 'list-keys', 'org.cinnamon.desktop.background'],
        ['gsettings', 'set', 'org.cinnamon.desktop.background', 'picture-options', "'zoom'"],
        ['gsettings', 'set', 'org.cinnamon.desktop.background', 'picture-uri', gv(cinnamonUri)],
        ['gsettings', 'get', 'org.cinnamon.desktop.background', 'picture-uri'],
        ['gsettings', 'list-keys', 'org.mate.background'],
        ['gsettings', 'set', 'org.mate.background', 'picture-options', "'zoom'"],
        ['gsettings', 'set', 'org.mate.background', 'picture-filename', gv(mate.file!)],
        ['gsettings', 'get', 'org.mate.background', 'picture-filename']
      ])
      expect(await gsettingsGet(env, 'org.mate.background', 'picture-filename')).toBe(mate.file)
    })

    it('settings that are not stored (no D-Bus session) are reported as not applied', async () => {
      const env = {
        ...baseEnv,
        XDG_CURRENT_DESKTOP: 'GNOME',
        DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(root, 'no-bus-here')}`
      }
      const result = await setWallpaper(await imageFile('5001.jpg', [33, 66, 99]), {
        dataFolder: join(root, 'data-nobus'),
        env
      })
      expect(result.status).toBe('not-applied')
      expect(result.message).toMatch(
        /^The wallpaper was not changed because picture-uri still reads /
      )
      expect(result.message).toContain(result.file)
    })

    it('the memory backend (settings lost between processes) is not applied either', async () => {
      const env = { ...baseEnv, XDG_CURRENT_DESKTOP: 'GNOME', GSETTINGS_BACKEND: 'memory' }
      const result = await setWallpaper(await imageFile('5002.jpg', [99, 66, 33]), {
        dataFolder: join(root, 'data-memory'),
        env
      })
      expect(result.status).toBe('not-applied')
    })

    it('a gsettings that fails is not applied, with its error in the message', async () => {
      const fakes = join(root, 'failing')
      await writeFake(
        fakes,
        'gsettings',
        `case "$1" in list-keys) printf 'picture-uri\\npicture-uri-dark\\npicture-options\\n' ;; set) echo 'GLib-GIO-ERROR: the settings are read-only' >&2; exit 1 ;; esac`
      )
      const result = await setWallpaper(await imageFile('6001.jpg', [5, 5, 5]), {
        dataFolder: join(root, 'data-failing'),
        env: { PATH: fakes, XDG_CURRENT_DESKTOP: 'GNOME' }
      })
      expect(result.status).toBe('not-applied')
      expect(result.message).toContain(
        'setting picture-options failed (gsettings exited with code 1: GLib-GIO-ERROR: the settings are read-only)'
      )
      expect((await readCalls(fakes)).map((call) => call[1])).toEqual(['list-keys', 'set'])
    })

    it('a gsettings that hangs is stopped at the timeout and not applied', async () => {
      const fakes = join(root, 'hanging')
      await writeFake(fakes, 'gsettings', 'exec sleep 30')
      const started = Date.now()
      const result = await setWallpaper(await imageFile('6002.jpg', [6, 6, 6]), {
        dataFolder: join(root, 'data-hanging'),
        env: { PATH: fakes, XDG_CURRENT_DESKTOP: 'GNOME' },
        timeoutMs: 300
      })
      expect(Date.now() - started).toBeLessThan(5000)
      expect(result.status).toBe('not-applied')
      expect(result.message).toContain('gsettings did not answer within 0.3 seconds')
    })

    it('no gsettings at all is unsupported', async () => {
      const empty = join(root, 'empty-bin')
      await mkdir(empty, { recursive: true })
      const result = await setWallpaper(await imageFile('6003.jpg', [7, 7, 7]), {
        dataFolder: join(root, 'data-none'),
        env: { PATH: empty, XDG_CURRENT_DESKTOP: 'GNOME' }
      })
      expect(result).toMatchObject({ status: 'unsupported', desktop: 'GNOME' })
      expect(result.message).toContain('gsettings is not installed')
    })

    async function imageFile(name: string, rgb: [number, number, number]): Promise<string> {
      const path = join(root, name)
      await solidJpeg(path, rgb)
      return path
    }
  }
)
