import { useEffect } from 'react'
import { isCrawlActive } from '@shared/crawl'
import { ContextMenu } from './components/ContextMenu'
import { DetailDialog } from './components/DetailDialog'
import { FindBar } from './components/FindBar'
import { GalleryGrid } from './components/GalleryGrid'
import { LazyMapView } from './components/map/LazyMapView'
import { LibraryUnusableState } from './components/LibraryUnusableState'
import { applyTheme } from './lib/theme'
import {
  ConnectionBanner,
  EmptyState,
  LoadFailedState,
  LoadingState,
  NoMatchesState
} from './components/States'
import { StatusBar } from './components/StatusBar'
import { Toasts } from './components/Toasts'
import { Toolbar } from './components/Toolbar'
import type { GalleryController } from './state/controller'
import { ControllerContext, useStore } from './state/context'
import { selectShown, type AppState } from './state/store'

/** Nothing saved and nothing under way: the page explains itself instead of showing a grid. */
const selectEmpty = (s: AppState) =>
  s.status === 'ready' && s.library.size === 0 && !isCrawlActive(s.crawl.state)

export function App({ controller }: { controller: GalleryController }) {
  useEffect(() => {
    void controller.start()
    return () => controller.stop()
  }, [controller])
  return (
    <ControllerContext.Provider value={controller}>
      <ThemeFollower />
      <Page />
    </ControllerContext.Provider>
  )
}

/** settings.theme 'light' / 'dark' overrides the system's colour scheme; 'system' follows it. */
function ThemeFollower() {
  const theme = useStore((s) => s.settings?.theme ?? 'system')
  useEffect(() => applyTheme(theme), [theme])
  return null
}

function Page() {
  const status = useStore((s) => s.status)
  const empty = useStore(selectEmpty)
  const unusable = useStore((s) => s.libraryProblem !== null)
  return (
    <>
      {/* A modal (Settings, the detail view) makes this inert while it is open. */}
      <div className="app">
        <ConnectionBanner />
        <Toolbar showStart={!empty} />
        {status === 'ready' && !empty && <FindBar />}
        <main className="content">
          {status === 'loading' && <LoadingState />}
          {status === 'failed' && <LoadFailedState />}
          {status === 'ready' &&
            (unusable ? <LibraryUnusableState /> : empty ? <EmptyState /> : <Gallery />)}
        </main>
        {status === 'ready' && <StatusBar />}
      </div>
      <DetailDialog />
      <ContextMenu />
      <Toasts />
    </>
  )
}

function Gallery() {
  const nothingShown = useStore((s) => selectShown(s).length === 0)
  const map = useStore((s) => s.settings?.view === 'map')
  if (nothingShown) return <NoMatchesState />
  return map ? <LazyMapView /> : <GalleryGrid />
}
