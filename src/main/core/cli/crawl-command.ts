/**
 * The headless `crawl` command: parse, check everything, then crawl into a library folder with
 * the same crawler the app uses. Returns the exit status instead of exiting, so it is testable
 * and the entry decides how the process ends.
 */
import type { CrawlSummary } from '@shared/crawl'
import type * as CatalogModule from '../catalog/catalog'
import type * as CrawlerModule from '../crawler'
import type * as LibraryModule from '../library'

import { defaultEarthViewFolder } from '../paths/pictures'
import { parseCrawlArgs, UsageError, USAGE, type CrawlOptions } from './args'
import { checkOutFolder, OutFolderError } from './out-folder'
import { ProgressBar, type TerminalStream } from './progress-bar'
import { humanSummary, jsonReportLine } from './report'
import { UnreachableSourceGuard } from '../crawler/unreachable-source'

type Engine = [typeof CrawlerModule, typeof LibraryModule, typeof CatalogModule]

/** The crawl machinery (undici, the catalog) is loaded only for a crawl, so --help is instant. */
function loadEngine(): Promise<Engine> {
  return Promise.all([import('../crawler'), import('../library'), import('../catalog/catalog')])
}

export const EXIT_OK = 0
export const EXIT_FAILED = 1
export const EXIT_USAGE = 2
/** 128 + SIGINT, what shells report for a program stopped with Ctrl-C. */
export const EXIT_INTERRUPTED = 130

export interface CommandIo {
  stdout: TerminalStream
  stderr: TerminalStream
  /** Aborted when the person presses Ctrl-C: the crawl is cancelled and the summary printed. */
  interrupt: AbortSignal
  version: string
}

const HELP_HINT = 'Run "npm run crawl -- --help" for usage.'

export async function runCrawlCommand(argv: readonly string[], io: CommandIo): Promise<number> {
  const usageProblem = (message: string): number => {
    io.stderr.write(`crawl: ${message}\n${HELP_HINT}\n`)
    return EXIT_USAGE
  }

  let options: CrawlOptions
  try {
    const command = parseCrawlArgs(argv)
    if (command.kind === 'help') {
      io.stdout.write(`${USAGE}\n`)
      return EXIT_OK
    }
    if (command.kind === 'version') {
      io.stdout.write(`${io.version}\n`)
      return EXIT_OK
    }
    options = command.options
  } catch (error) {
    if (error instanceof UsageError) return usageProblem(error.message)
    throw error
  }
  // Loading overlaps the folder check.
  const engine = loadEngine()
  engine.catch(() => undefined)

  let folder: string
  try {
    folder = (await checkOutFolder(options.out ?? defaultEarthViewFolder())).folder
  } catch (error) {
    if (error instanceof OutFolderError) return usageProblem(`--out: ${error.message}`)
    throw error
  }
  if (io.interrupt.aborted) return EXIT_INTERRUPTED

  const [crawler, { Library }, { Catalog }] = await engine
  let library: LibraryModule.Library
  try {
    library = await Library.open(folder)
  } catch (error) {
    return usageProblem(`--out: cannot open the library in ${folder}: ${(error as Error).message}`)
  }

  let summary: CrawlSummary
  try {
    summary = await crawlWithProgress(options, library, io, crawler.startCrawl, new Catalog())
  } finally {
    await library.close()
  }

  if (options.json) io.stdout.write(`${jsonReportLine(summary)}\n`)
  else if (!options.quiet) io.stdout.write(humanSummary(summary, folder))

  if (summary.cancelled) return EXIT_INTERRUPTED
  return summary.failed.length > 0 ? EXIT_FAILED : EXIT_OK
}

async function crawlWithProgress(
  options: CrawlOptions,
  library: LibraryModule.Library,
  io: CommandIo,
  startCrawl: typeof CrawlerModule.startCrawl,
  catalog: CatalogModule.Catalog
): Promise<CrawlSummary> {
  const planned = options.plan.kind === 'known' ? catalog.knownIds() : options.plan.ids
  const crawl = startCrawl({
    source: options.source,
    plan: options.plan,
    library,
    catalog,
    concurrency: options.concurrency,
    retries: options.retries,
    // The crawler's own User-Agent: the same client as the app, with its contact URL.
    signal: io.interrupt
  })
  const bar =
    io.stderr.isTTY && !options.quiet
      ? new ProgressBar(io.stderr, () => crawl.progress())
      : undefined
  const guard = new UnreachableSourceGuard(
    crawl,
    planned.filter((id) => !library.has(id))
  )
  bar?.start()
  try {
    return guard.complete(await crawl.done)
  } finally {
    bar?.stop()
  }
}
