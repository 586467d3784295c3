/**
 * Makes sure out/main/cli.js is built from the current sources before tests run it as a child
 * process. Usable as a vitest globalSetup, or called from a test file's beforeAll so that only the
 * tests that need the build pay for it.
 */
import { builtEntry, ensureBuilt } from '../run-built.mjs'

/** How long a cold `electron-vite build` may take on a busy 2-core machine. */
export const BUILD_TIMEOUT_MS = 300_000

export function builtCli(): string {
  ensureBuilt('cli')
  return builtEntry('cli')
}

export default function setup(): void {
  builtCli()
}

/** The bridge (`npm run web`), built like the CLI. */
export function builtWeb(): string {
  ensureBuilt('web')
  return builtEntry('web')
}
