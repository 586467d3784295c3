/**
 * The `crawl` command's arguments. Parsing only checks what can be checked without touching the
 * disk or the network; the output folder is checked by `checkWritableFolder` before anything is written.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util'
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
  /** Check every saved image against its recorded hash first; damaged ones are fetched again. */
  verify: boolean
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
  --verify           first check every saved image against the hash recorded when it
                     was saved; a damaged one is set aside and downloaded again
  --json             print the report as one JSON line on stdout
  --quiet            no progress bar and no summary (the --json line is still printed)
  --help             show this help
  --version          show the version

Exit status: 0 all done (saved, skipped or missing), 1 some images failed,
2 bad usage or unusable folder, 130 interrupted.`

const OPTIONS = {
  out: { type: 'string' },
  source: { type: 'string' },
  ids: { type: 'string' },
  concurrency: { type: 'string' },
  retries: { type: 'string' },
  verify: { type: 'boolean' },
  json: { type: 'boolean' },
  quiet: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' }
} as const satisfies ParseArgsConfig['options']

type OptionName = keyof typeof OPTIONS

export function parseCrawlArgs(argv: readonly string[]): Command {
  // Not strict: parseArgs' own errors are sentences about its internals ("argument is
  // ambiguous"); the tokens let each problem be said in the command's own one-line words.
  const { tokens } = parseArgs({
    args: [...argv],
    options: OPTIONS,
    strict: false,
    allowPositionals: true,
    tokens: true
  })
  const values: Partial<Record<OptionName, string | true>> = {}
  for (const token of tokens) {
    if (token.kind === 'positional') throw new UsageError(`unexpected argument "${token.value}"`)
    if (token.kind === 'option-terminator') throw new UsageError('unexpected argument "--"')
    const name = token.name
    if (!Object.hasOwn(OPTIONS, name) || (!token.rawName.startsWith('--') && name !== 'help')) {
      throw new UsageError(
        token.rawName.startsWith('--')
          ? `unknown option "${token.rawName}"`
          : `unexpected argument "${argv[token.index]}"`
      )
    }
    const option = name as OptionName
    if (OPTIONS[option].type === 'boolean') {
      if (token.inlineValue) throw new UsageError(`--${option} takes no value`)
      values[option] = true
      continue
    }
    // A missing value must not silently swallow the next option.
    if (token.value === undefined || (!token.inlineValue && token.value.startsWith('--'))) {
      throw new UsageError(`--${option} needs a value`)
    }
    values[option] = token.value
  }
  const text = (name: 'out' | 'source' | 'ids' | 'concurrency' | 'retries') =>
    values[name] as string | undefined

  // Help and version win over everything else, so `--help` always works.
  if (values.help) return { kind: 'help' }
  if (values.version) return { kind: 'version' }

  const source = text('source') ?? DEFAULT_SOURCE
  const sourceProblem = sourceTemplateProblem(source)
  if (sourceProblem) throw new UsageError(`--source: ${sourceProblem}`)

  const ids = text('ids')
  if (ids !== undefined && ids.trim() === '') {
    throw new UsageError('--ids: the id list is empty')
  }
  let plan: IdPlan
  try {
    plan = parseIdSpec(ids ?? 'known')
  } catch (error) {
    if (error instanceof IdSpecError) throw new UsageError(`--ids: ${error.message}`)
    throw error
  }

  const out = text('out')
  if (out !== undefined && out.trim() === '') {
    throw new UsageError('--out: the folder name is empty')
  }

  return {
    kind: 'crawl',
    options: {
      out,
      source,
      plan,
      concurrency: integerOption(
        'concurrency',
        text('concurrency'),
        DEFAULT_CONCURRENCY,
        MIN_CONCURRENCY,
        MAX_CONCURRENCY
      ),
      retries: integerOption('retries', text('retries'), DEFAULT_RETRIES, MIN_RETRIES, MAX_RETRIES),
      verify: values.verify === true,
      json: values.json === true,
      quiet: values.quiet === true
    }
  }
}

function integerOption(
  name: 'concurrency' | 'retries',
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
