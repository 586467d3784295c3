/**
 * The words of the system notifications raised while the window is not focused: the same in the
 * Electron app (main process) and in the browser bridge (the page's Notification API).
 */
import type { CrawlSummary } from './crawl'
import type { RotationOutcome } from './rotation'

export interface Notice {
  title: string
  body: string
}

const count = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 })

function images(n: number): string {
  return `${count.format(n)} ${n === 1 ? 'image' : 'images'}`
}

/** A crawl that ended: counts, and the first failure with its reason. */
export function crawlNotice(summary: CrawlSummary): Notice {
  const saved = `Saved ${images(summary.saved)}`
  if (summary.cancelled) {
    return { title: 'Crawl cancelled', body: `${saved} before the crawl was cancelled.` }
  }
  const failed = summary.failed.length
  if (failed > 0) {
    const first = summary.failed[0]!
    const reason = `${first.id}: ${first.reason}`
    if (summary.saved === 0 && summary.skipped === 0) {
      return {
        title: 'Crawl failed',
        body: `No image could be fetched (${reason}). Check your connection, then use “Retry failed”.`
      }
    }
    return {
      title: 'Crawl finished with failures',
      body: `${saved}; ${count.format(failed)} could not be fetched (${reason}). Use “Retry failed” to try them again.`
    }
  }
  const extras = [
    summary.skipped > 0 ? `${count.format(summary.skipped)} already saved` : null,
    summary.missing > 0
      ? `${count.format(summary.missing)} ${summary.missing === 1 ? 'id' : 'ids'} without an image`
      : null
  ].filter(Boolean)
  return {
    title: 'Crawl finished',
    body: extras.length > 0 ? `${saved} (${extras.join(', ')}).` : `${saved}.`
  }
}

/** A scheduled wallpaper change that did not happen, with what to do (the outcome says it). */
export function rotationNotice(outcome: RotationOutcome): Notice {
  return {
    title: outcome.status === 'empty' ? 'No wallpaper to change to' : 'Wallpaper not changed',
    body: outcome.message
  }
}

/** A scheduled failure is told once, not at every due time while it keeps failing. */
export function shouldNotifyRotation(outcome: RotationOutcome | null): boolean {
  return outcome !== null && outcome.trigger === 'schedule' && outcome.failuresInARow === 1
}
