// Runs with plain Node inside an app.asar extracted by test/package/linux-package.test.ts, with
// nothing but the package's own node_modules around it:
//   node --experimental-vm-modules <app>/out/main/package-probe.mjs <request.json>
// It reads the static imports of every shipped module as V8 parses them (not as our packaging
// code guessed them), loads every package the app imports, checks that repository-only packages
// are out of reach, and makes a thumbnail with the package's sharp. One JSON report on stdout.
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { isBuiltin, registerHooks } from 'node:module'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import vm from 'node:vm'

const request = JSON.parse(readFileSync(process.argv[2], 'utf8'))
const app = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')

// `electron` comes with Electron's binary, not with the package; electron-store only takes its
// default export at load time.
registerHooks({
  resolve: (specifier, context, next) =>
    specifier === 'electron'
      ? { url: 'data:text/javascript,export default {}', shortCircuit: true }
      : next(specifier, context)
})

const report = {
  modules: 0,
  staticImports: [],
  missingRelative: [],
  resolved: {},
  failed: {},
  reachable: {}
}

for (const entry of readdirSync(join(app, 'out'), { recursive: true, withFileTypes: true })) {
  const file = join(entry.parentPath, entry.name)
  if (!entry.isFile() || !/\.m?js$/.test(file) || file === fileURLToPath(import.meta.url)) continue
  if (file.startsWith(join(app, 'out', 'renderer'))) continue // the page's bundle: no imports
  const module = new vm.SourceTextModule(readFileSync(file, 'utf8'), { identifier: file })
  report.modules += 1
  const specifiers = module.moduleRequests?.map((r) => r.specifier) ?? module.dependencySpecifiers
  for (const specifier of specifiers) {
    if (specifier.startsWith('.')) {
      if (!existsSync(resolve(dirname(file), specifier))) {
        report.missingRelative.push(`${relative(app, file)} → ${specifier}`)
      }
    } else if (!isBuiltin(specifier)) {
      report.staticImports.push(specifier)
    }
  }
}

for (const specifier of request.imports) {
  try {
    report.resolved[specifier] = import.meta.resolve(specifier)
    await import(specifier)
  } catch (error) {
    report.failed[specifier] = `${error.code ?? ''} ${error.message}`.trim()
  }
}
for (const specifier of request.unreachable) {
  try {
    report.reachable[specifier] = import.meta.resolve(specifier)
  } catch (error) {
    // Not found is what should happen; any other refusal (a package with no "." export, say)
    // means that it was found.
    if (error.code !== 'ERR_MODULE_NOT_FOUND') report.reachable[specifier] = error.code
  }
}

const { default: sharp } = await import('sharp')
report.sharpVersions = sharp.versions
await sharp(readFileSync(request.jpeg)).resize(request.width).webp().toFile(request.thumbnail)
process.stdout.write(`${JSON.stringify(report)}\n`)
