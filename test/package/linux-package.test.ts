/**
 * The Linux package, built for real: `electron-builder --linux dir` (what
 * `npm run dist -- --linux dir -c.electronDist=DIR` runs after the build) from a stand-in Electron
 * folder, since Electron's own zip cannot be downloaded here. electron-builder only copies that
 * folder; everything it writes of ours — app.asar and app.asar.unpacked — is real and is what is
 * checked: which files ship, that no native libvips does, and that the app's imports load and sharp
 * makes a thumbnail from the package alone (extracted, run by plain Node).
 */
import { spawn, spawnSync } from 'node:child_process'
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative, sep } from 'node:path'
import { extractAll, getRawHeader } from '@electron/asar'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { appFiles, type AppFiles } from '../../scripts/packaging/app-files'
import { BUILD_TIMEOUT_MS } from '../../scripts/test-setup/built-cli'
import { ROOT, ensureBuilt } from '../../scripts/run-built.mjs'
import { makeTestJpeg } from '../support/jpeg'

/** electron-builder on a busy 2-core machine: about 40 s; a hang must still end the test. */
const PACKAGE_TIMEOUT_MS = 240_000
const THUMBNAIL_WIDTH = 400

interface ProbeReport {
  /** Shipped modules V8 parsed, the bare specifiers they import statically, broken relative ones. */
  modules: number
  staticImports: string[]
  missingRelative: string[]
  resolved: Record<string, string>
  failed: Record<string, string>
  reachable: Record<string, string>
  sharpVersions: Record<string, string>
}

/** Every file in an asar header: path (with forward slashes) → packed in the archive or not. */
function archiveEntries(archive: string): Map<string, 'packed' | 'unpacked'> {
  interface Node {
    files?: Record<string, Node>
    unpacked?: boolean
  }
  const entries = new Map<string, 'packed' | 'unpacked'>()
  const visit = (node: Node, path: string) => {
    if (node.files) {
      for (const [name, child] of Object.entries(node.files))
        visit(child, path ? `${path}/${name}` : name)
    } else {
      entries.set(path, node.unpacked ? 'unpacked' : 'packed')
    }
  }
  visit(getRawHeader(archive).header as Node, '')
  return entries
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)).split(sep).join('/'))
}

/** A stand-in for Electron's unpacked zip: what electron-builder copies for a Linux app. */
function standInElectron(dir: string): string {
  const electronVersion = (
    JSON.parse(readFileSync(join(ROOT, 'node_modules', 'electron', 'package.json'), 'utf8')) as {
      version: string
    }
  ).version
  mkdirSync(join(dir, 'resources'), { recursive: true })
  writeFileSync(join(dir, 'electron'), '#!/bin/sh\necho "a stand-in, not Electron" >&2\nexit 1\n', {
    mode: 0o755
  })
  writeFileSync(join(dir, 'version'), electronVersion)
  return dir
}

/** Runs electron-builder with a deadline; resolves with its output, rejects with it on failure. */
function runElectronBuilder(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [join(ROOT, 'node_modules', 'electron-builder', 'cli.js'), ...args],
      {
        cwd: ROOT,
        env: {
          // electron-builder goes quiet when it sees VITEST in its environment; its log is checked.
          ...Object.fromEntries(
            Object.entries(process.env).filter(([key]) => !key.startsWith('VITEST'))
          ),
          // No signing identity to look for, and no publishing from a test even on CI.
          CSC_IDENTITY_AUTO_DISCOVERY: 'false',
          GH_TOKEN: '',
          GITHUB_TOKEN: ''
        },
        stdio: ['ignore', 'pipe', 'pipe']
      }
    )
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    const deadline = setTimeout(() => child.kill('SIGKILL'), PACKAGE_TIMEOUT_MS - 10_000)
    child.on('error', (error) => {
      clearTimeout(deadline)
      reject(error)
    })
    child.on('close', (code, signal) => {
      clearTimeout(deadline)
      if (code === 0) resolve(output)
      else reject(new Error(`electron-builder failed (${signal ?? `exit ${code}`}):\n${output}`))
    })
  })
}

// Linux packages are built on Linux (the release workflow does so); the stand-in Electron is a
// shell script, and paths are compared as POSIX paths.
describe.skipIf(process.platform !== 'linux')(
  'the Linux package (electron-builder --linux dir)',
  () => {
    let work: string
    let resources: string
    let entries: Map<string, 'packed' | 'unpacked'>
    let extracted: string
    let builderOutput: string
    let app: AppFiles

    beforeAll(async () => {
      ensureBuilt('index')
      for (const built of ['out/preload/index.cjs', 'out/renderer/index.html']) {
        if (!existsSync(join(ROOT, built)))
          throw new Error(`${built} is missing: run npm run build`)
      }
      app = appFiles(ROOT)
      work = mkdtempSync(join(tmpdir(), 'linux-package-'))
      const output = join(work, 'dist')
      builderOutput = await runElectronBuilder([
        '--linux',
        'dir',
        '--publish',
        'never',
        `-c.electronDist=${standInElectron(join(work, 'electron'))}`,
        `-c.directories.output=${output}`
      ])
      resources = join(output, 'linux-unpacked', 'resources')
      entries = archiveEntries(join(resources, 'app.asar'))
      extracted = join(work, 'app')
      extractAll(join(resources, 'app.asar'), extracted)
    }, BUILD_TIMEOUT_MS + PACKAGE_TIMEOUT_MS)

    afterAll(() => {
      if (work) rmSync(work, { recursive: true, force: true })
    })

    it('downloads nothing: Electron comes from the local folder and nothing is rebuilt', () => {
      expect(builderOutput).toContain('using custom unpacked Electron distribution')
      expect(builderOutput).toContain('skipped dependencies rebuild')
      expect(builderOutput).not.toMatch(/download/i)
    })

    it("ships the app's own built files and none of the other entries'", () => {
      const ownFiles = [...entries.keys()]
        .filter((path) => !path.startsWith('node_modules/'))
        .sort()
      const expected = [
        'package.json',
        ...app.files,
        ...filesUnder(join(ROOT, 'out', 'preload')),
        ...filesUnder(join(ROOT, 'out', 'renderer'))
      ]
      expect(ownFiles).toEqual([...new Set(expected)].sort())
      for (const absent of ['out/main/cli.js', 'out/main/web.js', 'out/main/bench.js']) {
        expect(entries.has(absent), absent).toBe(false)
      }
      // Built chunks that only the crawl/web/bench entries use stay behind too.
      const appChunks = new Set(app.files)
      for (const chunk of filesUnder(join(ROOT, 'out', 'main', 'chunks')).filter(
        (file) => !appChunks.has(file)
      )) {
        expect(entries.has(chunk), chunk).toBe(false)
      }
    })

    it('accounts for every file of the main build: the app loads it, or a plain-Node entry does', () => {
      // The main build's other inputs (electron.vite.config.ts). A new input, or a file the app
      // loads by a path that scripts/packaging/app-files.ts cannot follow, shows up here.
      const plainNodeEntries = ['cli', 'web', 'bench'].map((entry) => `out/main/${entry}.js`)
      const accounted = new Set([
        ...app.files,
        ...plainNodeEntries.flatMap((entry) => appFiles(ROOT, entry).files)
      ])
      expect(filesUnder(join(ROOT, 'out', 'main')).filter((file) => !accounted.has(file))).toEqual(
        []
      )
    })

    it('ships no module that only the page or development uses', () => {
      const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
        devDependencies: Record<string, string>
      }
      const shippedPackages = new Set(
        [...entries.keys()]
          .filter((path) => path.startsWith('node_modules/'))
          .map((path) => {
            const parts = path.split('/')
            return parts[1]?.startsWith('@') ? `${parts[1]}/${parts[2]}` : (parts[1] as string)
          })
      )
      const devOnly = Object.keys(manifest.devDependencies).filter((pkg) =>
        shippedPackages.has(pkg)
      )
      expect(devOnly).toEqual([])
      for (const pageOrDev of [
        'react',
        'react-dom',
        '@tanstack/react-virtual',
        'ws',
        'electron',
        'vite'
      ]) {
        expect(shippedPackages.has(pageOrDev), pageOrDev).toBe(false)
      }
    })

    it('carries no native libvips: sharp only as its WebAssembly build, unpacked', () => {
      const native = [...entries.keys()].filter(
        (path) => /@img\/sharp-(?!wasm32\/)/.test(path) || /\.(node|so)(\.\d+)*$/.test(path)
      )
      expect(native).toEqual([])
      // Not under the archive, so every process (worker threads too) reads it from disk.
      expect(entries.get('node_modules/@img/sharp-wasm32/package.json')).toBe('unpacked')
      const sharpVersion = (
        JSON.parse(readFileSync(join(extracted, 'node_modules/sharp/package.json'), 'utf8')) as {
          version: string
        }
      ).version
      const wasmVersion = (
        JSON.parse(
          readFileSync(join(extracted, 'node_modules/@img/sharp-wasm32/package.json'), 'utf8')
        ) as { version: string }
      ).version
      expect(wasmVersion).toBe(sharpVersion)
    })

    it("leaves out the wallpaper package's macOS and Windows helpers", () => {
      expect(entries.has('node_modules/wallpaper/source/linux/index.js')).toBe(true)
      expect(entries.has('node_modules/wallpaper/source/macos-wallpaper')).toBe(false)
      expect(entries.has('node_modules/wallpaper/source/windows-wallpaper-x86-64.exe')).toBe(false)
    })

    describe('run from the package alone by plain Node', () => {
      let report: ProbeReport
      let thumbnail: string

      beforeAll(async () => {
        const probe = join(extracted, 'out', 'main', 'package-probe.mjs')
        copyFileSync(join(ROOT, 'test', 'support', 'package-probe.mjs'), probe)
        const jpeg = join(work, 'photo.jpg')
        writeFileSync(jpeg, await makeTestJpeg({ width: 1800, height: 1200 }))
        thumbnail = join(work, 'thumbnail.webp')
        const request = join(work, 'probe.json')
        writeFileSync(
          request,
          JSON.stringify({
            imports: [...app.imports.keys()].filter((specifier) => specifier !== 'electron'),
            // In the repository, not in the package: out of reach proves the probe sees only the package.
            unreachable: ['vitest', '@img/sharp-linux-x64', '@img/sharp-libvips-linux-x64'],
            jpeg,
            width: THUMBNAIL_WIDTH,
            thumbnail
          })
        )
        const run = spawnSync(process.execPath, ['--experimental-vm-modules', probe, request], {
          cwd: extracted,
          env: { PATH: process.env.PATH, HOME: work },
          encoding: 'utf8',
          timeout: 120_000
        })
        if (run.status !== 0)
          throw new Error(`the probe failed (${run.signal ?? run.status}):\n${run.stderr}`)
        report = JSON.parse(run.stdout.trim().split('\n').at(-1) as string) as ProbeReport
      }, 150_000)

      it('finds every static import of every shipped module in the package (as V8 parses them)', () => {
        expect(report.modules).toBe(app.files.filter((file) => /\.m?js$/.test(file)).length)
        expect(report.missingRelative).toEqual([])
        const loaded = new Set([...app.imports.keys()])
        expect(report.staticImports.filter((specifier) => !loaded.has(specifier))).toEqual([])
      })

      it('resolves and loads every package that out/main imports, from inside the package', () => {
        expect(report.failed).toEqual({})
        expect(Object.keys(report.resolved).sort()).toEqual(
          [...app.imports.keys()].filter((specifier) => specifier !== 'electron').sort()
        )
        for (const url of Object.values(report.resolved)) {
          expect(url.startsWith(`file://${join(extracted, 'node_modules')}`), url).toBe(true)
        }
      })

      it('reaches none of the packages that only the repository has', () => {
        expect(report.reachable).toEqual({})
      })

      it("makes a thumbnail with the package's sharp, on its WebAssembly build", async () => {
        expect(report.sharpVersions['emscripten']).toBeDefined()
        const meta = await sharp(thumbnail).metadata()
        expect(meta.format).toBe('webp')
        expect(meta.width).toBe(THUMBNAIL_WIDTH)
        expect(meta.height).toBe(Math.round((THUMBNAIL_WIDTH * 1200) / 1800))
      })
    })
  }
)
