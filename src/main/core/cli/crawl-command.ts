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
import { checkWritableFolder, FolderError } from '../paths/writable-folder'
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
    folder = (await checkWritableFolder(options.out ?? defaultEarthViewFolder())).folder
  } catch (error) {
    if (error instanceof FolderError) return usageProblem(`--out: ${error.message}`)
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

  const note = (text: string) => {
    if (!options.quiet) io.stderr.write(`crawl: ${text}\n`)
  }
  const others = library.openReport.otherFiles
  if (others.count > 0) {
    const more = others.count > others.names.length ? ', …' : ''
    note(
      `${folder} also holds ${others.count} ${others.count === 1 ? 'file' : 'files'} that ` +
        `${others.count === 1 ? 'is' : 'are'} not part of the library (${others.names.join(', ')}${more}); ` +
        'they are left untouched.'
    )
  }
  if (library.openReport.setAside > 0) {
    note(
      `${library.openReport.setAside} saved images were cut short; they were set aside and are downloaded again.`
    )
  }

  let summary: CrawlSummary
  try {
    if (options.verify) {
      // Hashing a whole collection reads ~1 GB: a terminal sees it move.
      const showing = io.stderr.isTTY && !options.quiet
      const report = await library.verifyAll((checked, total) => {
        if (showing && (checked % 25 === 0 || checked === total)) {
          io.stderr.write(`\rcrawl: verifying ${checked}/${total}`)
        }
      })
      if (showing && report.checked > 0) io.stderr.write('\n')
      note(verifyLine(report, library.size, folder))
    }
    summary = await crawlWithProgress(options, library, io, crawler.startCrawl, new Catalog())
  } finally {
    await library.close()
  }

  if (options.json) io.stdout.write(`${jsonReportLine(summary)}\n`)
  else if (!options.quiet) io.stdout.write(humanSummary(summary, folder))

  if (summary.cancelled) return EXIT_INTERRUPTED
  return summary.failed.length > 0 ? EXIT_FAILED : EXIT_OK
}

function verifyLine(report: LibraryModule.VerifyReport, left: number, folder: string): string {
  const checked = `verified ${report.checked} saved ${report.checked === 1 ? 'image' : 'images'}`
  if (report.damaged.length === 0) return `${checked}: all intact.`
  const ids = report.damaged.slice(0, 10).join(', ') + (report.damaged.length > 10 ? ', …' : '')
  return (
    `${checked}: ${left} intact, ${report.damaged.length} damaged (${ids}), set aside in ` +
    `${folder}/.earthview/damaged and downloaded again.`
  )
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
