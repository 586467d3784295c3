/**
 * What the packaged app loads, read from the build itself: the Electron entry (out/main/index.js)
 * and every file it reaches. The main build also holds the plain-Node entries (cli, web, bench)
 * and their own chunks; none of those may ship, and nothing the app needs may be left out.
 *
 * Rollup/Vite write every reference between built files as a string literal relative to the
 * file that holds it: `from "./chunks/x.js"`, `import("./chunks/y.js")`, electron-vite's
 * `?nodeWorker` (`new URL("./chunks/w.js", import.meta.url)`), `?modulePath` and `?asset`
 * (`join(import.meta.dirname, "../../resources/icon.png")`), and the glue's own
 * `join(here, "../preload/index.cjs")`. So every literal that starts with ./ or ../, or is a
 * bare file name (`join(here, "worker.js")`), and names an existing file is followed; a literal
 * that names nothing is ignored.
 */
import { existsSync, readFileSync, statSync } from 'node:fs'
import { isBuiltin } from 'node:module'
import { dirname, extname, join, relative, resolve, sep } from 'node:path'

export const APP_ENTRY = 'out/main/index.js'

export interface AppFiles {
  /** Files the entry reaches, entry included: project-relative, with forward slashes. */
  files: string[]
  /** Bare specifiers the reached code imports ('electron' too), with the files that import each. */
  imports: Map<string, string[]>
}

const CODE = new Set(['.js', '.mjs', '.cjs'])
const RELATIVE_LITERAL = /(["'`])(\.\.?\/[^"'`\s]+?|[\w.-]+\.[a-z\d]{1,5})\1/g
/** A package specifier: `name`, `@scope/name`, either with a sub-path; `node:x` too. */
const SPECIFIER = String.raw`((?:@[\w.-]+/)?[\w-][\w.-]*(?::[\w/.-]+)?(?:/[\w.@+-]+)*)`
/** `from "x"`, `import "x"`, `import("x")`, `require("x")` — not `Buffer.from("x")`. */
const BARE_IMPORT = [
  new RegExp(String.raw`(?<![\w$.])(?:from|import)\s*["']${SPECIFIER}["']`, 'g'),
  new RegExp(String.raw`(?<![\w$.])(?:import|require)\s*\(\s*["']${SPECIFIER}["']\s*\)`, 'g')
]

/** `@scope/name/sub/path.js` → `@scope/name`; `name/sub` → `name`. */
export function packageName(specifier: string): string {
  const parts = specifier.split('/')
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier)
}

export function appFiles(root: string, entry = APP_ENTRY): AppFiles {
  const start = resolve(root, entry)
  if (!existsSync(start)) {
    throw new Error(
      `${entry} is missing: build the app first (npm run dist does: electron-vite build)`
    )
  }
  const seen = new Set<string>()
  const imports = new Map<string, string[]>()
  const pending = [start]
  while (pending.length > 0) {
    const file = pending.pop() as string
    if (seen.has(file)) continue
    seen.add(file)
    if (!CODE.has(extname(file))) continue
    const code = readFileSync(file, 'utf8')
    const name = toProjectPath(root, file)
    for (const match of code.matchAll(RELATIVE_LITERAL)) {
      const target = resolve(dirname(file), match[2] as string)
      if (isFileInside(root, target) && !seen.has(target)) pending.push(target)
    }
    for (const pattern of BARE_IMPORT) {
      for (const match of code.matchAll(pattern)) {
        const specifier = match[1] as string
        if (isBuiltin(specifier)) continue
        const importers = imports.get(specifier) ?? []
        if (!importers.includes(name)) importers.push(name)
        imports.set(specifier, importers)
      }
    }
  }
  return { files: [...seen].map((file) => toProjectPath(root, file)).sort(), imports }
}

function isFileInside(root: string, path: string): boolean {
  const rel = relative(root, path)
  if (rel.startsWith('..') || rel.startsWith(sep)) return false
  try {
    return statSync(path).isFile()
  } catch {
    return false
  }
}

function toProjectPath(root: string, file: string): string {
  return relative(root, file).split(sep).join('/')
}

/** Packages the reached code imports that package.json does not list as dependencies. */
export function undeclaredPackages(root: string, found: AppFiles): string[] {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>
  }
  const declared = new Set(Object.keys(manifest.dependencies ?? {}))
  // Electron's binary provides `electron` itself.
  const packages = new Set([...found.imports.keys()].map(packageName))
  return [...packages].filter((pkg) => pkg !== 'electron' && !declared.has(pkg))
}
