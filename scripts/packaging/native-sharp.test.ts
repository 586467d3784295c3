import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { missingSharpBinding, sharpExclusions, type PackagePlatform } from './native-sharp'

// The matcher electron-builder itself uses (its own minimatch, not whichever npm hoisted).
const { Minimatch } = createRequire(import.meta.resolve('app-builder-lib/package.json'))(
  'minimatch'
) as {
  Minimatch: new (pattern: string, options: { dot: boolean }) => { match(path: string): boolean }
}

const IMG = [
  'sharp-darwin-arm64',
  'sharp-libvips-darwin-arm64',
  'sharp-darwin-x64',
  'sharp-libvips-darwin-x64',
  'sharp-linux-x64',
  'sharp-libvips-linux-x64',
  'sharp-linuxmusl-arm64',
  'sharp-win32-x64',
  'sharp-win32-arm64',
  'sharp-wasm32',
  'colour'
]

/**
 * Which @img packages survive the platform's exclusions, matched the way electron-builder does
 * (minimatch with dot files, `${arch}` expanded, a negated pattern drops what it names).
 */
function kept(platform: PackagePlatform, arch: string): string[] {
  const patterns = sharpExclusions(platform).map(
    (pattern) => new Minimatch(pattern.replaceAll('${arch}', arch), { dot: true })
  )
  return IMG.filter((name) =>
    [`node_modules/@img/${name}`, `node_modules/@img/${name}/lib/file`].every((path) =>
      patterns.every((pattern) => pattern.match(path))
    )
  )
}

describe('which sharp each package carries', () => {
  it('Linux: only the WebAssembly build, whatever the arch', () => {
    expect(kept('linux', 'x64')).toEqual(['sharp-wasm32', 'colour'])
    expect(kept('linux', 'arm64')).toEqual(['sharp-wasm32', 'colour'])
  })

  it("macOS: the binding and libvips of the dmg's own arch, nothing else", () => {
    expect(kept('darwin', 'arm64')).toEqual([
      'sharp-darwin-arm64',
      'sharp-libvips-darwin-arm64',
      'colour'
    ])
    expect(kept('darwin', 'x64')).toEqual([
      'sharp-darwin-x64',
      'sharp-libvips-darwin-x64',
      'colour'
    ])
  })

  it('Windows: the binding of its own arch (it carries libvips)', () => {
    expect(kept('win32', 'x64')).toEqual(['sharp-win32-x64', 'colour'])
  })
})

describe('the check before packing', () => {
  let root: string
  const install = (name: string, manifest: object) => {
    mkdirSync(join(root, 'node_modules', name), { recursive: true })
    writeFileSync(join(root, 'node_modules', name, 'package.json'), JSON.stringify(manifest))
  }

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'native-sharp-'))
    install('sharp', {
      version: '0.35.5',
      optionalDependencies: {
        '@img/sharp-darwin-arm64': '0.35.5',
        '@img/sharp-libvips-darwin-arm64': '1.3.4',
        '@img/sharp-darwin-x64': '0.35.5',
        '@img/sharp-libvips-darwin-x64': '1.3.4'
      }
    })
  })
  afterEach(() => rmSync(root, { recursive: true, force: true }))

  it('passes when the arch being packed has its binding and libvips', () => {
    install('@img/sharp-darwin-arm64', { version: '0.35.5' })
    install('@img/sharp-libvips-darwin-arm64', { version: '1.3.4' })
    expect(missingSharpBinding(root, 'darwin', 'arm64')).toBeNull()
  })

  it('refuses an x64 dmg from a checkout that npm installed for arm64', () => {
    install('@img/sharp-darwin-arm64', { version: '0.35.5' })
    install('@img/sharp-libvips-darwin-arm64', { version: '1.3.4' })
    const problem = missingSharpBinding(root, 'darwin', 'x64')
    expect(problem).toContain('@img/sharp-darwin-x64@0.35.5, which is not installed')
    expect(problem).toContain('@img/sharp-libvips-darwin-x64@1.3.4, which is not installed')
    expect(problem).toContain('darwin-x64 machine')
  })

  it("refuses a WebAssembly build that is not sharp's own version", () => {
    install('@img/sharp-wasm32', { version: '0.35.4' })
    expect(missingSharpBinding(root, 'linux', 'x64')).toContain(
      '@img/sharp-wasm32@0.35.5, not 0.35.4'
    )
    install('@img/sharp-wasm32', { version: '0.35.5' })
    expect(missingSharpBinding(root, 'linux', 'x64')).toBeNull()
  })
})
