/** What the `crawl` command prints when it ends: a JSON line for scripts, a summary for people. */
import type { CrawlSummary } from '@shared/crawl'
import { formatMegabytes } from './progress-bar'

/** The `--json` report: the summary less `cancelled` (exit 130 says that); toReport keeps the key order. */
export type CrawlReport = Omit<CrawlSummary, 'cancelled'>

export const MAX_LISTED_FAILURES = 20

export function toReport(summary: CrawlSummary): CrawlReport {
  return {
    requested: summary.requested,
    saved: summary.saved,
    skipped: summary.skipped,
    missing: summary.missing,
    failed: summary.failed
      .map(({ id, kind, reason }) => ({ id, kind, reason }))
      .sort((a, b) => a.id - b.id),
    bytes: summary.bytes,
    seconds: Math.round(summary.seconds * 1000) / 1000
  }
}

export function jsonReportLine(summary: CrawlSummary): string {
  return JSON.stringify(toReport(summary))
}

export function humanSummary(summary: CrawlSummary, folder: string): string {
  const report = toReport(summary)
  const rate = report.seconds > 0 ? ` (${formatMegabytes(report.bytes / report.seconds)}/s)` : ''
  const lines = [
    `${summary.cancelled ? 'Cancelled' : 'Done'}: ${report.saved} saved, ${report.skipped} skipped, ` +
      `${report.missing} missing, ${report.failed.length} failed of ${report.requested} ids; ` +
      `${formatMegabytes(report.bytes)} in ${report.seconds.toFixed(1)} s${rate}.`,
    `Folder: ${folder}`
  ]
  if (report.failed.length > 0) {
    lines.push(`Failed (run again to retry them):`)
    for (const failure of report.failed.slice(0, MAX_LISTED_FAILURES)) {
      lines.push(`  ${String(failure.id).padStart(5)}  ${failure.reason}`)
    }
    const more = report.failed.length - MAX_LISTED_FAILURES
    if (more > 0) lines.push(`  … and ${more} more (--json lists them all)`)
  }
  if (summary.cancelled) {
    const left =
      report.requested - report.saved - report.skipped - report.missing - report.failed.length
    if (left > 0) lines.push(`${left} ids not tried: run the same command again to resume.`)
  }
  return `${lines.join('\n')}\n`
}
