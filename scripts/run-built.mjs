// Runs a plain-Node entry of the main build (out/main/<entry>.js), building first when the build
// is missing or older than its sources. Used by `npm run crawl|web|bench`.
//   node scripts/run-built.mjs <entry> [args…]
// The build's own output goes to stderr, so a `--json` line on stdout stays the only thing there.
// The entry runs in this process (no second Node start-up): it sees only its own args in argv.
import { spawnSync } from 'node:child_process'
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import module from 'node:module'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')

/** Tests are not part of any bundle: editing one must not force a rebuild. */
const isTest = (name) => /\.test\.tsx?$/.test(name)

/** What the main build is made from: any change here makes it stale. */
const SOURCES = [
  { path: 'src' },
  // The bench entry and its helpers; other scripts (.mjs) are not part of the build.
  { path: 'scripts', depth: 1, only: (name) => name.endsWith('.ts') },
  { path: 'scripts/bench' },
  { path: 'e2e/standin' },
  // Test JPEGs and the event-loop watcher, for the thumbnail benchmark.
  { path: 'test/support' },
  { path: 'package.json' },
  { path: 'electron.vite.config.ts' }
]

const LOCK_STALE_MS = 5 * 60_000

export function builtEntry(entry, root = ROOT) {
  return join(root, 'out', 'main', `${entry}.js`)
}

/** The newest source file: its modification time (ms) and path. */
export function newestSource(root = ROOT) {
  let newest = { mtimeMs: 0, path: '' }
  const visit = (path, source, level) => {
    let entries
    try {
      entries = readdirSync(path, { withFileTypes: true })
    } catch (error) {
      if (error.code !== 'ENOTDIR') return
      consider(path)
      return
    }
    for (const entry of entries) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue
      const child = join(path, entry.name)
      if (entry.isDirectory()) {
        if (source.depth === undefined || level + 1 < source.depth) visit(child, source, level + 1)
      } else if (!isTest(entry.name) && (!source.only || source.only(entry.name))) {
        consider(child)
      }
    }
  }
  const consider = (path) => {
    try {
      const { mtimeMs } = statSync(path)
      if (mtimeMs > newest.mtimeMs) newest = { mtimeMs, path }
    } catch {
      // Deleted while we looked: it no longer matters.
    }
  }
  for (const source of SOURCES) visit(join(root, source.path), source, 0)
  return newest
}

/** Why out/main/<entry>.js must be rebuilt, or null when it is fresh. */
export function staleReason(entry, root = ROOT) {
  let built
  try {
    built = statSync(builtEntry(entry, root)).mtimeMs
  } catch {
    return `out/main/${entry}.js is missing`
  }
  const newest = newestSource(root)
  return newest.mtimeMs > built ? `${newest.path.slice(root.length + 1)} changed` : null
}

/**
 * Builds when stale. Several processes (test files, teammates' commands) may ask at once, so one
 * builds under a lock and the others wait for it, then check again.
 */
export function ensureBuilt(entry, root = ROOT) {
  let reason = staleReason(entry, root)
  if (!reason) return
  const lock = join(root, 'node_modules', '.cache', 'run-built.lock')
  mkdirSync(dirname(lock), { recursive: true })
  for (;;) {
    if (tryLock(lock)) break
    sleep(250)
    reason = staleReason(entry, root)
    if (!reason) return
  }
  try {
    reason = staleReason(entry, root)
    if (!reason) return
    process.stderr.write(`run-built: building (${reason})…\n`)
    // Its package exports do not expose bin/, so it is found where npm puts it.
    const cli = join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js')
    const startedAt = Date.now()
    const result = spawnSync(process.execPath, [cli, 'build'], {
      cwd: root,
      // The build's chatter goes to stderr: stdout belongs to the entry.
      stdio: ['ignore', 2, 2]
    })
    // Fresh means written by this build; a source edited while it ran is the next run's business.
    const written = writtenSince(builtEntry(entry, root), startedAt)
    if (result.status !== 0) {
      const failure = `electron-vite build failed (${result.error?.message ?? `exit ${result.status}`})`
      // Main is built first: a broken preload or renderer need not stop a plain-Node entry.
      if (!written) throw new Error(failure)
      process.stderr.write(`run-built: ${failure} after out/main was written; running ${entry}\n`)
    } else if (!written) {
      throw new Error(`the build did not write out/main/${entry}.js`)
    }
  } finally {
    rmSync(lock, { recursive: true, force: true })
  }
}

function writtenSince(path, time) {
  try {
    // mtime can be a little coarser than Date.now().
    return statSync(path).mtimeMs >= time - 1_000
  } catch {
    return false
  }
}

function tryLock(lock) {
  try {
    mkdirSync(lock)
    writeFileSync(join(lock, 'pid'), String(process.pid))
    return true
  } catch (error) {
    if (error.code !== 'EEXIST') throw error
    // A builder that died without unlocking must not block everyone.
    if (lockIsStale(lock)) rmSync(lock, { recursive: true, force: true })
    return false
  }
}

function lockIsStale(lock) {
  try {
    const pid = Number(readFileSync(join(lock, 'pid'), 'utf8'))
    if (pid > 0) {
      process.kill(pid, 0)
      return false
    }
  } catch (error) {
    if (error.code === 'ESRCH') return true
  }
  // No pid yet (just created) or unreadable: only age tells.
  try {
    return Date.now() - statSync(lock).mtimeMs > LOCK_STALE_MS
  } catch {
    return false
  }
}

function sleep(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms)
}

async function main() {
  const [entry, ...args] = process.argv.slice(2)
  if (!entry || !/^[\w-]+$/.test(entry)) {
    process.stderr.write('usage: node scripts/run-built.mjs <entry> [args…]\n')
    process.exit(2)
  }
  try {
    ensureBuilt(entry)
  } catch (error) {
    process.stderr.write(`run-built: ${error.message}\n`)
    process.exit(1)
  }
  const path = builtEntry(entry)
  // Reuses V8's compiled code across launches (undici alone takes ~100 ms to compile).
  module.enableCompileCache?.()
  process.argv = [process.argv[0], path, ...args]
  await import(pathToFileURL(path).href)
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main()
}
