/**
 * Entry of the headless `crawl` command (`npm run crawl -- …`, built to out/main/cli.js).
 * Plain Node: it runs the same core as the app, without Electron.
 */
import { version } from '../../package.json'
import { EXIT_INTERRUPTED, runCrawlCommand } from './core/cli/crawl-command'

const interrupt = new AbortController()
process.on('SIGINT', () => {
  // The first Ctrl-C cancels the crawl cleanly; a second one means "now".
  if (interrupt.signal.aborted) process.exit(EXIT_INTERRUPTED)
  interrupt.abort()
})

// A closed pipe (`… | head`) is not worth a stack trace; nor is a closed stderr.
process.stdout.on('error', () => process.exit(process.exitCode ?? 0))
process.stderr.on('error', () => undefined)

runCrawlCommand(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  interrupt: interrupt.signal,
  version
}).then(
  (code) => finish(code),
  (error: unknown) => {
    process.stderr.write(`crawl: unexpected error: ${(error as Error)?.message ?? String(error)}\n`)
    finish(1)
  }
)

function finish(code: number): void {
  process.exitCode = code
  // Everything is closed by now; if some stray handle (a keep-alive socket) still holds the
  // event loop, do not let it hold the shell too.
  setTimeout(() => process.exit(code), 1_000).unref()
}
