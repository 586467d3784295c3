/**
 * The `crawl` command's arguments. Parsing only checks what can be checked without touching the
 * disk or the network; the output folder is checked by `checkOutFolder` before anything is written.
 */
import { IdSpecError, parseIdSpec, type IdPlan } from '@shared/ids'
import {
  DEFAULT_CONCURRENCY,
  DEFAULT_RETRIES,
  MAX_CONCURRENCY,
  MIN_CONCURRENCY
} from '@shared/defaults'
import { DEFAULT_SOURCE, sourceTemplateProblem } from '@shared/source'

export const MIN_RETRIES = 0
export const MAX_RETRIES = 10

export interface CrawlOptions {
  /** As given; undefined means the default Pictures/Earth View folder. */
  out: string | undefined
  source: string
  plan: IdPlan
  concurrency: number
  retries: number
  json: boolean
  quiet: boolean
}

export type Command =
  { kind: 'help' } | { kind: 'version' } | { kind: 'crawl'; options: CrawlOptions }

/** Bad usage: the message is one line, printed as `crawl: <message>`. */
export class UsageError extends Error {
  override name = 'UsageError'
}

export const USAGE = `Usage: npm run crawl -- [options]

Downloads Earth View images into a folder (a library: <id>.jpg plus a hidden index).
Images already there are skipped, so running it again resumes.

Options:
  --out DIR          where to save (default: your Pictures folder/Earth View)
  --source URL       document URL template containing {id}
                     (default: ${DEFAULT_SOURCE})
  --ids SPEC         "known" (every known image, the default) or ids and ranges,
                     e.g. 1000-2999,5003; a 404 counts as missing, not failed
  --concurrency N    requests in flight, ${MIN_CONCURRENCY}-${MAX_CONCURRENCY} (default ${DEFAULT_CONCURRENCY})
  --retries N        retries per image after a network error or 5xx, ${MIN_RETRIES}-${MAX_RETRIES} (default ${DEFAULT_RETRIES})
  --json             print the report as one JSON line on stdout
  --quiet            no progress bar and no summary (the --json line is still printed)
  --help             show this help
  --version          show the version

Exit status: 0 all done (saved, skipped or missing), 1 some images failed,
2 bad usage or unusable folder, 130 interrupted.`

type ValueFlag = 'out' | 'source' | 'ids' | 'concurrency' | 'retries'
type SwitchFlag = 'json' | 'quiet' | 'help' | 'version'

const VALUE_FLAGS: readonly ValueFlag[] = ['out', 'source', 'ids', 'concurrency', 'retries']
const SWITCH_FLAGS: readonly SwitchFlag[] = ['json', 'quiet', 'help', 'version']
const SHORT_FLAGS: Record<string, SwitchFlag> = { '-h': 'help' }

export function parseCrawlArgs(argv: readonly string[]): Command {
  const values: Partial<Record<ValueFlag, string>> = {}
  const switches = new Set<SwitchFlag>()

  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index] as string
    const short = SHORT_FLAGS[arg]
    if (short) {
      switches.add(short)
      continue
    }
    if (!arg.startsWith('--') || arg === '--') {
      throw new UsageError(`unexpected argument "${arg}"`)
    }
    const equals = arg.indexOf('=')
    const name = arg.slice(2, equals === -1 ? undefined : equals)
    if (isSwitch(name)) {
      if (equals !== -1) throw new UsageError(`--${name} takes no value`)
      switches.add(name)
      continue
    }
    if (!isValueFlag(name)) throw new UsageError(`unknown option "--${name}"`)
    let value: string | undefined
    if (equals !== -1) value = arg.slice(equals + 1)
    else {
      value = argv[index + 1]
      // A missing value must not silently swallow the next option.
      if (value === undefined || value.startsWith('--')) {
        throw new UsageError(`--${name} needs a value`)
      }
      index++
    }
    values[name] = value
  }

  // Help and version win over everything else, so `--help` always works.
  if (switches.has('help')) return { kind: 'help' }
  if (switches.has('version')) return { kind: 'version' }

  const source = values.source ?? DEFAULT_SOURCE
  const sourceProblem = sourceTemplateProblem(source)
  if (sourceProblem) throw new UsageError(`--source: ${sourceProblem}`)

  if (values.ids !== undefined && values.ids.trim() === '') {
    throw new UsageError('--ids: the id list is empty')
  }
  let plan: IdPlan
  try {
    plan = parseIdSpec(values.ids ?? 'known')
  } catch (error) {
    if (error instanceof IdSpecError) throw new UsageError(`--ids: ${error.message}`)
    throw error
  }

  if (values.out !== undefined && values.out.trim() === '') {
    throw new UsageError('--out: the folder name is empty')
  }

  return {
    kind: 'crawl',
    options: {
      out: values.out,
      source,
      plan,
      concurrency: integerOption(
        'concurrency',
        values.concurrency,
        DEFAULT_CONCURRENCY,
        MIN_CONCURRENCY,
        MAX_CONCURRENCY
      ),
      retries: integerOption('retries', values.retries, DEFAULT_RETRIES, MIN_RETRIES, MAX_RETRIES),
      json: switches.has('json'),
      quiet: switches.has('quiet')
    }
  }
}

function integerOption(
  name: ValueFlag,
  raw: string | undefined,
  fallback: number,
  min: number,
  max: number
): number {
  if (raw === undefined) return fallback
  const text = raw.trim()
  const value = /^\d+$/.test(text) ? Number(text) : NaN
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, not "${raw}"`)
  }
  return value
}

function isSwitch(name: string): name is SwitchFlag {
  return (SWITCH_FLAGS as readonly string[]).includes(name)
}

function isValueFlag(name: string): name is ValueFlag {
  return (VALUE_FLAGS as readonly string[]).includes(name)
}
