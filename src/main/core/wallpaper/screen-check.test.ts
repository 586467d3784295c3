/**
 * The X11 screen check through both imaging engines: inside Electron on Linux it decodes with
 * sharp's WebAssembly build in workers, and it must reach the same verdict as native sharp.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createImageEngine, NativeSharpEngine, type ImageEngine } from '../imaging'
import type { BackendContext } from './backend'
import { captureRoot, compareWithScreen } from './screen-check'
import { ELECTRON_ON_LINUX } from '../../../../test/support/runtime'

let root: string
let picture: string
let other: string
const engines: ImageEngine[] = []

/** A picture with structure (four quadrants), so "cover" cropping and cells both matter. */
function quadrants(colours: string[]): Promise<Buffer> {
  const tiles = colours.map((background, i) => ({
    input: { create: { width: 320, height: 200, channels: 3 as const, background } },
    left: (i % 2) * 320,
    top: Math.floor(i / 2) * 200
  }))
  return sharp({ create: { width: 640, height: 400, channels: 3, background: '#000' } })
    .composite(tiles)
    .jpeg({ quality: 92 })
    .toBuffer()
}

/** A context whose `import` prints the given PNG, as ImageMagick would for the root window. */
function screenshotContext(png: Buffer): BackendContext {
  const result = { ok: true, stdout: png, stderr: '', reason: '' }
  return {
    file: picture,
    env: {},
    home: root,
    configHome: root,
    run: async () => ({ ...result, stdout: '' }),
    runBinary: async () => result
  }
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'evg-screen-check-'))
  picture = join(root, 'picture.jpg')
  other = join(root, 'other.jpg')
  await writeFile(picture, await quadrants(['#c03020', '#2080c0', '#30a040', '#e0c020']))
  await writeFile(other, await quadrants(['#101010', '#f0f0f0', '#603090', '#10c0c0']))
})

afterAll(async () => {
  await Promise.all(engines.map((engine) => engine.close()))
  await rm(root, { recursive: true, force: true })
})

describe.each([
  { name: 'native sharp', runtime: undefined },
  { name: 'WebAssembly sharp in workers (Electron on Linux)', runtime: ELECTRON_ON_LINUX }
])('screen check with $name', ({ runtime }) => {
  let engine: ImageEngine
  beforeAll(() => {
    engine = createImageEngine({ runtime })
    engines.push(engine)
  })

  it('reads a screenshot and finds the picture on a wider screen, not another one', async () => {
    // The desktop shows the picture zoomed to fill 1024×480: what feh --bg-fill draws.
    const shown = await sharp(picture).resize(1024, 480, { fit: 'cover' }).png().toBuffer()
    const screen = await captureRoot(screenshotContext(shown), engine)
    expect(screen && [screen.width, screen.height, screen.data.length]).toEqual([
      1024,
      480,
      1024 * 480 * 3
    ])
    expect((await compareWithScreen(picture, screen!, engine)).shows).toBe(true)
    expect((await compareWithScreen(other, screen!, engine)).shows).toBe(false)
  })
})

it('without a loadable sharp, the screen cannot be read: undefined, so the check is skipped', async () => {
  const broken = new NativeSharpEngine({ load: () => import('sharp-is-not-installed' as string) })
  const png = await sharp(picture).png().toBuffer()
  expect(await captureRoot(screenshotContext(png), broken)).toBeUndefined()
})
