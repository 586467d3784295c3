import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { defaultEarthViewFolder, picturesFolder } from './pictures'

describe('picturesFolder', () => {
  let home: string
  const env = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
    PATH: process.env.PATH,
    HOME: home,
    ...extra
  })

  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'pictures-home-'))
  })
  afterEach(() => rmSync(home, { recursive: true, force: true }))

  it('uses the XDG Pictures folder from user-dirs.dirs on Linux', () => {
    mkdirSync(join(home, '.config'))
    writeFileSync(
      join(home, '.config', 'user-dirs.dirs'),
      '# written by xdg-user-dirs-update\nXDG_DESKTOP_DIR="$HOME/Desktop"\nXDG_PICTURES_DIR="$HOME/Bilder"\n'
    )
    expect(picturesFolder({ platform: 'linux', env: env(), home })).toBe(join(home, 'Bilder'))
    expect(defaultEarthViewFolder({ platform: 'linux', env: env(), home })).toBe(
      join(home, 'Bilder', 'Earth View')
    )
  })

  it('honours XDG_CONFIG_HOME and $XDG_PICTURES_DIR', () => {
    const config = join(home, 'elsewhere')
    mkdirSync(config)
    writeFileSync(join(config, 'user-dirs.dirs'), 'XDG_PICTURES_DIR="/srv/photos"\n')
    expect(picturesFolder({ platform: 'linux', env: env({ XDG_CONFIG_HOME: config }), home })).toBe(
      '/srv/photos'
    )
    expect(
      picturesFolder({ platform: 'linux', env: env({ XDG_PICTURES_DIR: '/data/pics' }), home })
    ).toBe('/data/pics')
  })

  it('falls back to ~/Pictures when nothing is configured, or it points at $HOME', () => {
    expect(picturesFolder({ platform: 'linux', env: env(), home })).toBe(join(home, 'Pictures'))
    mkdirSync(join(home, '.config'))
    writeFileSync(join(home, '.config', 'user-dirs.dirs'), 'XDG_PICTURES_DIR="$HOME/"\n')
    expect(picturesFolder({ platform: 'linux', env: env(), home })).toBe(join(home, 'Pictures'))
  })

  it('uses ~/Pictures on macOS and Windows', () => {
    mkdirSync(join(home, '.config'))
    writeFileSync(join(home, '.config', 'user-dirs.dirs'), 'XDG_PICTURES_DIR="$HOME/Bilder"\n')
    expect(picturesFolder({ platform: 'darwin', env: env(), home })).toBe(join(home, 'Pictures'))
    expect(picturesFolder({ platform: 'win32', env: env(), home })).toBe(join(home, 'Pictures'))
  })
})
