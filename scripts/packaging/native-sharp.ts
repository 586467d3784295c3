/**
 * Which sharp a package carries, and the check that it is really there before electron-builder
 * packs it. sharp loads its binding from a separate npm package per platform and CPU
 * (`@img/sharp-darwin-arm64`, …), and npm installs only the one for the machine it runs on: a dmg
 * for x64 built on an arm64 Mac would ship without a binding and fail on its first thumbnail.
 *
 * - Linux: no native sharp at all. Its libvips carries its own GLib, which clashes with the
 *   system GLib that Electron links (SIGSEGV on the first decode); sharp then falls back to its
 *   WebAssembly build, `@img/sharp-wasm32`.
 * - macOS and Windows: the native binding (and libvips) for the package's own arch, unpacked from
 *   app.asar so the system can load it; no WebAssembly build.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

export type PackagePlatform = 'linux' | 'darwin' | 'win32'

/** The @img packages a package for this platform and arch needs, all at sharp's own version. */
export function sharpBindingPackages(platform: PackagePlatform, arch: string): string[] {
  if (platform === 'linux') return ['@img/sharp-wasm32']
  if (platform === 'darwin')
    return [`@img/sharp-darwin-${arch}`, `@img/sharp-libvips-darwin-${arch}`]
  // The Windows binding carries libvips' DLLs itself.
  return [`@img/sharp-win32-${arch}`]
}

/**
 * electron-builder `files` patterns for node_modules: every @img/sharp-* package except the ones
 * this platform needs (`${arch}` is electron-builder's macro, expanded per packed arch).
 */
export function sharpExclusions(platform: PackagePlatform): string[] {
  const keep = sharpBindingPackages(platform, '${arch}').map((pkg) =>
    pkg.slice('@img/sharp-'.length)
  )
  const exclusions = [`!node_modules/@img/sharp-!(${keep.join('|')}){,/**}`]
  // The WebAssembly build's only dependency.
  if (platform !== 'linux') exclusions.push('!node_modules/@emnapi{,/**}')
  return exclusions
}

/** Why this checkout cannot make a working package for platform/arch, or null when it can. */
export function missingSharpBinding(
  root: string,
  platform: PackagePlatform,
  arch: string
): string | null {
  const sharp = readManifest(join(root, 'node_modules', 'sharp'))
  if (!sharp) return 'node_modules/sharp is missing: run npm ci first'
  const problems: string[] = []
  for (const pkg of sharpBindingPackages(platform, arch)) {
    // sharp pins its own bindings and libvips exactly; the WebAssembly build is not among its
    // optional dependencies, and must be sharp's own version.
    const expected = sharp.optionalDependencies?.[pkg] ?? sharp.version
    const found = readManifest(join(root, 'node_modules', pkg))?.version
    if (!found) problems.push(`${pkg}@${expected}, which is not installed`)
    else if (found !== expected) problems.push(`${pkg}@${expected}, not ${found}`)
  }
  if (problems.length === 0) return null
  // npm installs the optional packages of the system it runs on, one platform and CPU at a time:
  // each arch is built on its own machine (the release workflow does so).
  const fix =
    platform === 'linux'
      ? "npm ci installs it (a regular dependency, pinned to sharp's version)"
      : platform === process.platform
        ? `build it on a ${platform}-${arch} machine, or only this machine's arch here ` +
          `(npm run dist -- --${process.arch})`
        : `build it on a ${platform}-${arch} machine`
  return `a ${platform}-${arch} package needs ${problems.join('; ')}: ${fix}`
}

interface Manifest {
  version?: string
  optionalDependencies?: Record<string, string>
}

function readManifest(dir: string): Manifest | null {
  const path = join(dir, 'package.json')
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Manifest) : null
}
