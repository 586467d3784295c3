/**
 * `npm run web`: the browser bridge. Same GalleryService as the Electron app, served to a
 * browser on 127.0.0.1. The first stdout line is `listening http://127.0.0.1:PORT`.
 */
import { mkdir } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { GalleryError } from '@shared/errors'
import { BRIDGE_USAGE, parseBridgeArgs, UsageError } from './core/bridge/bridge-args'
import { startBridge, type Bridge } from './core/bridge/bridge-server'
import { DataFolderInUse, lockDataFolder } from './core/data-lock/data-lock'
import { checkWritableFolder, describeFsError, FolderError } from './core/paths/writable-folder'
import { GalleryService, type Host } from './core/service/gallery-service'
import { openNodeSettings } from './core/settings'

async function main(): Promise<number> {
  let args
  try {
    args = parseBridgeArgs(process.argv.slice(2))
  } catch (error) {
    if (!(error instanceof UsageError)) throw error
    process.stderr.write(`web: ${error.message}\nRun with --help for usage.\n`)
    return 2
  }
  if (args.help) {
    process.stdout.write(`${BRIDGE_USAGE}\n`)
    return 0
  }

  // Checked first, so a read-only or misnamed folder is said in words, not as mkdir's ENOENT.
  try {
    await checkWritableFolder(args.data)
  } catch (error) {
    if (!(error instanceof FolderError)) throw error
    return refuse(`--data: ${error.message}. Choose a folder you can write to.`)
  }
  await mkdir(args.data, { recursive: true })
  try {
    await lockDataFolder(args.data, 'the browser bridge')
  } catch (error) {
    if (!(error instanceof DataFolderInUse)) throw error
    return refuse(error.message)
  }
  const { backend, setAside } = await openNodeSettings(args.data)
  const pickFolder = args.pickFolder
  // A browser has no native dialogs or file manager: the bridge answers for them, and says so.
  const host: Host = {
    pickFolder: async () => {
      if (pickFolder === undefined) {
        throw new GalleryError(
          'unsupported',
          'The browser bridge has no folder picker: start it with --pick-folder DIR.'
        )
      }
      return pickFolder
    },
    openInBrowser: async (url) => {
      process.stdout.write(`open-external ${url}\n`)
    },
    showFolder: async (path) => {
      process.stdout.write(`show-folder ${path}\n`)
    }
  }
  const service = await GalleryService.create({
    dataFolder: args.data,
    settingsBackend: backend,
    host,
    crawlDefaults: { source: args.source, ids: args.ids }
  })
  const rendererDir = join(dirname(fileURLToPath(import.meta.url)), '../renderer')
  let bridge: Bridge
  try {
    bridge = await startBridge({ service, rendererDir, port: args.port })
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code !== 'EADDRINUSE' && code !== 'EACCES') throw error
    await service.close()
    return refuse(
      code === 'EADDRINUSE'
        ? `port ${args.port} is already in use (another bridge?). Stop that, or choose another port with --port N (0 picks a free one).`
        : `port ${args.port} may not be used by this user. Choose a port above 1023 with --port N (0 picks a free one).`
    )
  }
  process.stdout.write(`listening ${bridge.url}\n`)
  const problem = service.libraryProblem()
  if (problem) process.stderr.write(`web: the library folder cannot be used: ${problem.message}\n`)
  if (setAside)
    process.stderr.write(`web: the settings file was unreadable; it was moved to ${setAside}\n`)

  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve)
    process.once('SIGTERM', resolve)
  })
  await bridge.close()
  await service.close()
  return 0
}

/** One line saying what is wrong and what to do; exit 2, like bad usage. */
function refuse(message: string): number {
  process.stderr.write(`web: ${message}\n`)
  return 2
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const { code, path } = error as NodeJS.ErrnoException
    const message =
      typeof code === 'string' && /^E[A-Z]+$/.test(code) && path
        ? `cannot use ${path}: ${describeFsError(code)}`
        : error instanceof Error
          ? error.message
          : String(error)
    process.stderr.write(`web: ${message}\n`)
    process.exit(1)
  }
)
