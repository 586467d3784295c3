import { memo, useCallback, useId, useMemo, useRef, useState } from 'react'
import { placeName } from '@shared/catalog'
import { isCrawlActive } from '@shared/crawl'
import { useDismiss } from '../hooks/useDismiss'
import { formatCount, formatEta, formatImages, formatRate, formatThroughput } from '../lib/format'
import { useController, useStore } from '../state/context'
import { selectCatalogById } from '../state/store'
import { Icon } from './Icon'
import { WallpaperControls } from './WallpaperControls'

export const Toolbar = memo(function Toolbar({ showStart }: { showStart: boolean }) {
  return (
    <header className="toolbar">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          <Icon name="globe" size={20} />
        </span>
        <h1 className="brand-name">Earth View</h1>
      </div>
      <CrawlControls showStart={showStart} />
      <CrawlStatus />
      <FailuresButton />
      <WallpaperControls />
    </header>
  )
})

function CrawlControls({ showStart }: { showStart: boolean }) {
  const controller = useController()
  const state = useStore((s) => s.crawl.state)
  const active = isCrawlActive(state)
  return (
    <div className="crawl-controls" role="group" aria-label="Crawl">
      {!active && showStart && (
        <button className="button primary" onClick={() => void controller.startCrawl()}>
          <Icon name="play" />
          Start crawl
        </button>
      )}
      {state === 'running' && (
        <button className="button" onClick={() => void controller.pauseCrawl()}>
          <Icon name="pause" />
          Pause
        </button>
      )}
      {state === 'paused' && (
        <button className="button primary" onClick={() => void controller.resumeCrawl()}>
          <Icon name="play" />
          Resume
        </button>
      )}
      {active && (
        <button
          className="button ghost"
          disabled={state === 'cancelling'}
          onClick={() => void controller.cancelCrawl()}
        >
          <Icon name="stop" />
          Cancel
        </button>
      )}
    </div>
  )
}

/** Subscribes to progress alone, so ~10 updates a second touch only this part of the page. */
function CrawlStatus() {
  const crawl = useStore((s) => s.crawl)
  const saved = useStore((s) => s.library.size)
  const total = useStore((s) => s.catalog.length)
  const active = isCrawlActive(crawl.state)
  const hasRun = crawl.state !== 'idle' || crawl.requested > 0

  if (!hasRun) {
    return (
      <div className="crawl-status">
        <span className="crawl-summary muted">
          {formatCount(saved)} of {formatImages(total)} saved
        </span>
      </div>
    )
  }

  const fraction = crawl.requested > 0 ? crawl.done / crawl.requested : 0
  const headline =
    crawl.state === 'running'
      ? 'Crawling'
      : crawl.state === 'paused'
        ? 'Paused'
        : crawl.state === 'cancelling'
          ? 'Cancelling'
          : crawl.state === 'cancelled'
            ? 'Cancelled'
            : 'Finished'
  const counts = [
    `${formatCount(crawl.saved)} saved`,
    crawl.skipped > 0 ? `${formatCount(crawl.skipped)} already saved` : null,
    `${formatCount(crawl.missing)} missing`,
    `${formatCount(crawl.failed)} failed`
  ].filter(Boolean)

  return (
    <div className="crawl-status" data-state={crawl.state}>
      <div className="crawl-line">
        <span className="crawl-headline">{headline}</span>
        <span className="crawl-fraction tabular">
          {formatCount(crawl.done)} / {formatCount(crawl.requested)}
        </span>
        {active && crawl.state === 'running' && (
          <span className="crawl-rate tabular muted">
            {formatRate(crawl.rate)} · {formatThroughput(crawl.bytesPerSecond)} ·{' '}
            {formatEta(crawl.etaSeconds)}
          </span>
        )}
      </div>
      <div
        className="progress"
        role="progressbar"
        aria-label="Crawl progress"
        aria-valuemin={0}
        aria-valuemax={crawl.requested}
        aria-valuenow={crawl.done}
        aria-valuetext={`${formatCount(crawl.done)} of ${formatImages(crawl.requested)}`}
      >
        <div className="progress-fill" style={{ transform: `scaleX(${Math.min(1, fraction)})` }} />
      </div>
      <div className="crawl-counts tabular muted">{counts.join(' · ')}</div>
    </div>
  )
}

function FailuresButton() {
  const controller = useController()
  const failures = useStore((s) => s.failures)
  const crawlState = useStore((s) => s.crawl.state)
  const liveFailed = useStore((s) => s.crawl.failed)
  const byId = useStore(selectCatalogById)
  const [open, setOpen] = useState(false)
  const buttonRef = useRef<HTMLButtonElement>(null)
  const panelRef = useRef<HTMLDivElement>(null)
  const refs = useMemo(() => [buttonRef, panelRef], [])
  const headingId = useId()
  const running = isCrawlActive(crawlState)
  const count = running ? Math.max(liveFailed, 0) : failures.length

  const close = useCallback((reason: 'escape' | 'outside') => {
    setOpen(false)
    if (reason === 'escape') buttonRef.current?.focus()
  }, [])
  useDismiss(open, refs, close)

  if (count === 0 && !open) return null
  return (
    <div className="failures">
      <button
        ref={buttonRef}
        className="button warning"
        aria-expanded={open}
        aria-haspopup="dialog"
        onClick={() => setOpen((value) => !value)}
      >
        <Icon name="alert" />
        {formatCount(count)} failed
      </button>
      {open && (
        <div
          ref={panelRef}
          className="popover failures-panel"
          role="dialog"
          aria-labelledby={headingId}
        >
          <div className="popover-head">
            <h2 id={headingId}>Failed images</h2>
            <button
              className="button primary small"
              disabled={running || failures.length === 0}
              onClick={() => {
                setOpen(false)
                void controller.startCrawl(true)
              }}
            >
              <Icon name="retry" />
              Retry failed
            </button>
          </div>
          {running && (
            <p className="muted small-text">
              {failures.length > 0 ? 'From the last crawl. ' : ''}The list is updated when the crawl
              ends.
            </p>
          )}
          {failures.length > 0 && (
            <ul className="failures-list" aria-label="Failed images">
              {failures.map((failure) => {
                const entry = byId.get(failure.id)
                return (
                  <li key={failure.id}>
                    <span className="failure-id tabular">{failure.id}</span>
                    <span className="failure-place">
                      {entry ? placeName(entry) : 'Unknown place'}
                    </span>
                    <span className="failure-reason muted">{failure.reason}</span>
                  </li>
                )
              })}
            </ul>
          )}
        </div>
      )}
    </div>
  )
}
