import { parseArgs } from 'node:util'
import { isAbsolute, resolve } from 'node:path'
import { IdSpecError, parseIdSpec } from '@shared/ids'
import { sourceTemplateProblem } from '@shared/source'
import { defaultUserDataFolder } from '../paths/user-data'

export const BRIDGE_USAGE = `Usage: npm run web -- [--port N] [--data DIR] [--source URL] [--ids SPEC] [--pick-folder DIR]

Runs Earth View Gallery's service in Node and serves the app to a browser on 127.0.0.1.
  --port N           port to listen on (0 picks a free one; default 5180)
  --data DIR         the app's data folder: settings, library, thumbnails (default: the app's own)
  --source URL       document URL template containing {id}, for crawls started from the page
  --ids SPEC         "known" or a list like 1000-2999,5003, for crawls started from the page
  --pick-folder DIR  the answer to every folder picker (a browser has no native dialog)

Exit status: 0 stopped (Ctrl-C), 2 bad usage, the port or the data folder in use,
or a data folder that cannot be written.`

export interface BridgeArgs {
  port: number
  data: string
  source?: string
  ids?: string
  pickFolder?: string
  help: boolean
}

export class UsageError extends Error {}

export function parseBridgeArgs(argv: string[]): BridgeArgs {
  let values
  try {
    values = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        data: { type: 'string' },
        source: { type: 'string' },
        ids: { type: 'string' },
        'pick-folder': { type: 'string' },
        help: { type: 'boolean', short: 'h' }
      }
    }).values
  } catch (error) {
    throw new UsageError((error as Error).message)
  }
  const port = values.port === undefined ? 5180 : Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new UsageError(`--port must be a whole number from 0 to 65535, not "${values.port}"`)
  }
  if (values.source !== undefined) {
    const problem = sourceTemplateProblem(values.source)
    if (problem) throw new UsageError(`--source: ${problem}`)
  }
  if (values.ids !== undefined) {
    try {
      parseIdSpec(values.ids)
    } catch (error) {
      if (error instanceof IdSpecError) throw new UsageError(`--ids: ${error.message}`)
      throw error
    }
  }
  const folder = (value: string | undefined) =>
    value === undefined ? undefined : isAbsolute(value) ? value : resolve(value)
  return {
    port,
    data: folder(values.data) ?? defaultUserDataFolder(),
    source: values.source,
    ids: values.ids,
    pickFolder: folder(values['pick-folder']),
    help: values.help ?? false
  }
}
