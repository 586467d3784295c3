// Runs a TypeScript file of this repo in a plain Node process (e.g. a child a test spawns and
// kills), resolving the '@shared' alias like the build does. Uses Vite's module runner, which the
// project already has, so no extra TypeScript loader is needed:
//   node_modules/.bin/node e2e/standin/run-ts.mjs path/to/script.ts [args...]
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { runnerImport } from 'vite'

const root = resolve(fileURLToPath(import.meta.url), '../../..')
const script = resolve(process.argv[2] ?? '')
process.argv.splice(1, 2, script)
await runnerImport(script, {
  root,
  configFile: false,
  logLevel: 'error',
  resolve: { alias: { '@shared': resolve(root, 'src/shared') } }
})
