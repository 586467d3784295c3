import { execFile } from 'node:child_process'
import { mkdir, readFile, readdir, symlink } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decodeXwd } from './screen-check'
import { fehbgNames, shellWords } from './x11'
import { setWallpaper } from './set-wallpaper'
import {
  readCalls,
  removeDir,
  rootPixels,
  shellQuote,
  solidJpeg,
  startXvfb,
  tempDir,
  findTools,
  writeFake,
  type XDisplay
} from '../../../../test/support/desktop'

const exec = promisify(execFile)

const { tools, missing } = await findTools({
  Xvfb: 'Xvfb',
  xdpyinfo: 'xdpyinfo',
  feh: 'feh',
  import: 'import',
  xwd: 'xwd'
})

type Rgb = [number, number, number]

/** How feh writes a path into ~/.fehbg. */
const fehQuote = (path: string): string => `'${path.replace(/'/g, `'"'"'`)}'`

/** Every pixel within a few levels of the colour (JPEG and scaling blur a solid colour slightly). */
function expectSolid(image: { data: Buffer }, rgb: Rgb): void {
  let worst = 0
  for (let at = 0; at < image.data.length; at += 3) {
    for (let channel = 0; channel < 3; channel++) {
      worst = Math.max(worst, Math.abs((image.data[at + channel] ?? 0) - rgb[channel]!))
    }
  }
  expect(worst).toBeLessThanOrEqual(8)
}

describe.skipIf(missing.length > 0)(
  `X11 on Xvfb (needs ${missing.join(', ') || 'nothing missing'})`,
  () => {
    let root: string
    let x: XDisplay
    let home: string

    beforeAll(async () => {
      root = await tempDir('x11')
      home = join(root, 'home')
      await mkdir(home, { recursive: true })
      x = await startXvfb(320, 240)
    })

    afterAll(async () => {
      await x?.stop()
      if (root) await removeDir(root)
    })

    const env = (path = process.env.PATH): NodeJS.ProcessEnv => ({
      PATH: path,
      HOME: home,
      DISPLAY: x.display
    })

    async function image(name: string, rgb: Rgb): Promise<string> {
      const path = join(root, name)
      await solidJpeg(path, rgb, 80, 60)
      return path
    }

    it('feh paints the root window with the picture, and ~/.fehbg names the stable copy', async () => {
      const red: Rgb = [200, 40, 90]
      const result = await setWallpaper(await image('7001.jpg', red), {
        dataFolder: join(root, 'data'),
        env: env()
      })

      expect(result).toMatchObject({ status: 'applied', desktop: 'feh (X11)' })
      expect(result.message).toContain('and the screen shows it')
      expect(await readFile(join(home, '.fehbg'), 'utf8')).toContain(fehQuote(result.file!))
      const screen = await rootPixels(x.display)
      expect([screen.width, screen.height]).toEqual([320, 240])
      expectSolid(screen, red)
    })

    it('a second picture replaces the first on screen and only the new copy is kept', async () => {
      const green: Rgb = [30, 180, 60]
      const dataFolder = join(root, 'data')
      const result = await setWallpaper(await image('7002.jpg', green), { dataFolder, env: env() })

      expect(result.status).toBe('applied')
      expectSolid(await rootPixels(x.display), green)
      const kept = (await readdir(join(dataFolder, 'wallpaper'))).filter(
        (name) => !name.startsWith('.')
      )
      expect(kept).toEqual([result.file!.split('/').pop()])
    })

    it('with only xwd to read the screen, the XWD dump is decoded and checked', async () => {
      const bin = join(root, 'xwd-only')
      await mkdir(bin, { recursive: true })
      await symlink(tools.feh!, join(bin, 'feh'))
      await symlink(tools.xwd!, join(bin, 'xwd'))
      const blue: Rgb = [20, 60, 220]
      const result = await setWallpaper(await image('7003.jpg', blue), {
        dataFolder: join(root, 'data'),
        env: env(bin)
      })
      expect(result.status).toBe('applied')
      expect(result.message).toContain('and the screen shows it')

      const { stdout } = await exec(tools.xwd!, ['-root', '-silent', '-display', x.display], {
        encoding: 'buffer',
        maxBuffer: 64 * 1024 * 1024
      })
      const decoded = decodeXwd(stdout)
      expect(decoded).toBeDefined()
      expect([decoded!.width, decoded!.height]).toEqual([320, 240])
      expect(decoded!.data.equals((await rootPixels(x.display)).data)).toBe(true)
      expectSolid(decoded!, blue)
    })

    it('a feh that saves ~/.fehbg but paints nothing is caught by the screen check', async () => {
      const fakes = join(root, 'lying-feh')
      const fehbg = join(home, '.fehbg')
      await writeFake(
        fakes,
        'feh',
        `quoted=$(printf '%s' "$2" | sed "s/'/'\\"'\\"'/g")\n` +
          `printf '#!/bin/sh\\nfeh --no-fehbg --bg-fill %s \\n' "'$quoted'" > ${shellQuote(fehbg)}`
      )
      const before = await rootPixels(x.display)
      const result = await setWallpaper(await image('7004.jpg', [250, 220, 10]), {
        dataFolder: join(root, 'data'),
        env: env(`${fakes}:${process.env.PATH}`)
      })

      expect(await readFile(fehbg, 'utf8')).toContain(fehQuote(result.file!))
      expect(result.status).toBe('not-applied')
      expect(result.message).toContain('but the screen does not show it')
      expect((await rootPixels(x.display)).data.equals(before.data)).toBe(true)
      expect(await readCalls(fakes)).toEqual([['feh', '--bg-fill', result.file]])
    })

    it('a feh that exits with an error is not applied', async () => {
      const fakes = join(root, 'failing-feh')
      await writeFake(fakes, 'feh', "echo 'feh ERROR: Couldn'\\''t connect to X' >&2; exit 2")
      const result = await setWallpaper(await image('7005.jpg', [1, 1, 1]), {
        dataFolder: join(root, 'data'),
        env: env(fakes)
      })
      expect(result.status).toBe('not-applied')
      expect(result.message).toContain("feh exited with code 2: feh ERROR: Couldn't connect to X")
    })
  }
)

describe('feh and nitrogen stand-ins (no screen to check)', () => {
  let root: string
  beforeAll(async () => {
    root = await tempDir('nitrogen')
  })
  afterAll(async () => {
    if (root) await removeDir(root)
  })

  async function run(forget: boolean) {
    const fakes = join(root, forget ? 'forgetful' : 'working')
    const config = join(root, forget ? 'config-forgetful' : 'config')
    const cfg = join(config, 'nitrogen', 'bg-saved.cfg')
    await mkdir(join(config, 'nitrogen'), { recursive: true })
    const image = join(root, `${forget ? 8002 : 8001}.jpg`)
    await solidJpeg(image, [40, 40, 160])
    await writeFake(
      fakes,
      'nitrogen',
      forget
        ? `printf '[xin_-1]\\nfile=/usr/share/backgrounds/old.jpg\\nmode=5\\n' > ${shellQuote(cfg)}`
        : `printf '[xin_-1]\\nfile=%s\\nmode=5\\nbgcolor=#000000\\n' "$3" > ${shellQuote(cfg)}`
    )
    const result = await setWallpaper(image, {
      dataFolder: join(root, forget ? 'data-2' : 'data'),
      env: { PATH: fakes, DISPLAY: ':99', HOME: root, XDG_CONFIG_HOME: config }
    })
    return { result, calls: await readCalls(fakes) }
  }

  it('is used when feh is absent, and bg-saved.cfg is read back', async () => {
    const { result, calls } = await run(false)
    expect(calls).toEqual([['nitrogen', '--set-zoom-fill', '--save', result.file]])
    expect(result).toMatchObject({ status: 'applied', desktop: 'nitrogen (X11)' })
    // No import or xwd on this PATH: the message must say the screen was not checked.
    expect(result.message).toContain('the screen itself could not be captured to check')
  })

  it('is not applied when bg-saved.cfg names another picture', async () => {
    const { result } = await run(true)
    expect(result.status).toBe('not-applied')
    expect(result.message).toContain('does not name the new picture')
  })

  it('feh without a screen capture relies on ~/.fehbg: an old path there is not applied', async () => {
    const fakes = join(root, 'stale-feh')
    const home = join(root, 'stale-home')
    await mkdir(home, { recursive: true })
    await writeFake(
      fakes,
      'feh',
      `printf "#!/bin/sh\\nfeh --no-fehbg --bg-fill '/home/me/old.jpg' \\n" > ${shellQuote(join(home, '.fehbg'))}`
    )
    const image = join(root, '8004.jpg')
    await solidJpeg(image, [9, 9, 9])
    const result = await setWallpaper(image, {
      dataFolder: join(root, 'data-4'),
      env: { PATH: fakes, DISPLAY: ':99', HOME: home }
    })
    expect(result).toMatchObject({ status: 'not-applied', desktop: 'feh (X11)' })
    expect(result.message).toContain('.fehbg does not name the new picture')
  })

  it('reads the path out of feh-style quoting', () => {
    const path = '/tmp/wall paper\'s x/it"s.jpg'
    const line = `feh --no-fehbg --bg-fill '${path.replace(/'/g, `'"'"'`)}' `
    expect(shellWords(line)).toEqual(['feh', '--no-fehbg', '--bg-fill', path])
    expect(shellWords(`feh --bg-fill 'a'\\''b' "c \\"d\\"" e\\ f`)).toEqual([
      'feh',
      '--bg-fill',
      "a'b",
      'c "d"',
      'e f'
    ])
    expect(fehbgNames(`#!/bin/sh\n${line}\n`, path)).toBe(true)
    expect(fehbgNames(`#!/bin/sh\n# feh --bg-fill '${path}'\n`, path)).toBe(false)
  })

  it('neither feh nor nitrogen is unsupported', async () => {
    const empty = join(root, 'empty')
    await mkdir(empty, { recursive: true })
    const image = join(root, '8003.jpg')
    await solidJpeg(image, [1, 2, 3])
    const result = await setWallpaper(image, {
      dataFolder: join(root, 'data-3'),
      env: { PATH: empty, DISPLAY: ':99', HOME: root }
    })
    expect(result).toMatchObject({ status: 'unsupported', desktop: 'X11' })
    expect(result.message).toContain('install feh')
  })
})
