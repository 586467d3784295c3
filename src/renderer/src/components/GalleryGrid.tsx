import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type CSSProperties,
  type FocusEvent,
  type KeyboardEvent,
  type MouseEvent
} from 'react'
import { observeElementRect, useVirtualizer } from '@tanstack/react-virtual'
import { FALLBACK_SIZE, useElementSize } from '../hooks/useElementSize'
import { useController, useStore } from '../state/context'
import { selectShown } from '../state/store'
import { gridLayout } from './gridLayout'
import { ScrollSpeed } from './scrollSpeed'
import {
  FAVORITE_DESCRIPTION_ID,
  GridTile,
  PENDING_DESCRIPTION_ID,
  SELECTED_DESCRIPTION_ID
} from './GridTile'

type Observe = typeof observeElementRect<HTMLDivElement>

/** The library's own observer, but a box without layout (jsdom, a hidden tab) counts as a window. */
const observeRect: Observe = (instance, callback) =>
  observeElementRect(instance, (rect) =>
    callback(rect.width > 0 && rect.height > 0 ? rect : FALLBACK_SIZE)
  )

function tileOf(target: EventTarget | null): HTMLElement | null {
  return target instanceof Element ? target.closest<HTMLElement>('[data-id]') : null
}

function rangeIds(ids: readonly number[], from: number, to: number): Set<number> {
  const [start, end] = from <= to ? [from, to] : [to, from]
  return new Set(ids.slice(start, end + 1))
}

export function GalleryGrid() {
  const controller = useController()
  const shown = useStore(selectShown)
  const library = useStore((s) => s.library)
  const thumbVersions = useStore((s) => s.thumbVersions)
  const favorites = useStore((s) => s.favorites)
  const selection = useStore((s) => s.selection)
  const storedActiveId = useStore((s) => s.activeId)
  const focusRequest = useStore((s) => s.focusRequest)
  const thumbnailSize = useStore((s) => s.settings?.thumbnailSize ?? 220)

  const scrollRef = useRef<HTMLDivElement>(null)
  const size = useElementSize(scrollRef)
  const layout = useMemo(
    () => gridLayout(size.width, size.height, thumbnailSize),
    [size.width, size.height, thumbnailSize]
  )
  const { columns, rowHeight, padding } = layout

  const ids = useMemo(() => shown.map((entry) => entry.id), [shown])
  const indexById = useMemo(() => new Map(ids.map((id, index) => [id, index])), [ids])
  const activeIndex = (storedActiveId !== null ? indexById.get(storedActiveId) : undefined) ?? 0
  const activeId = ids[activeIndex] ?? null

  const speed = useMemo(() => new ScrollSpeed(), [])
  // The first frame paints the grid's colours; thumbnails are requested just after it, so the
  // dozens of image loads they start do not hold that first paint back.
  const [imagesReady, setImagesReady] = useState(false)
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => setImagesReady(true))
    })
    return () => {
      cancelAnimationFrame(frame)
      clearTimeout(timer)
    }
  }, [])
  const rowCount = Math.ceil(shown.length / columns)
  const visibleRows = Math.ceil(size.height / rowHeight)
  // The virtualizer is a mutable instance by design; this app does not use the React Compiler.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rowCount,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: layout.overscan,
    paddingStart: padding / 2,
    paddingEnd: padding,
    initialRect: FALLBACK_SIZE,
    observeElementRect: observeRect,
    onChange: (instance) =>
      speed.update(
        instance.scrollOffset ?? 0,
        instance.isScrolling,
        performance.now(),
        instance.scrollRect?.height ?? FALLBACK_SIZE.height
      )
  })
  // Row heights are estimates the library caches: a new size or width must re-measure them.
  useLayoutEffect(() => {
    virtualizer.measure()
  }, [virtualizer, rowHeight])

  // Handlers read the latest values through a ref, so they never change identity.
  const latest = useRef({ ids, indexById, columns, activeIndex, virtualizer, visibleRows })
  useLayoutEffect(() => {
    latest.current = { ids, indexById, columns, activeIndex, virtualizer, visibleRows }
  })

  const pendingFocus = useRef<number | null>(null)
  const focusTile = useCallback((id: number) => {
    const { indexById, columns, virtualizer } = latest.current
    const index = indexById.get(id)
    if (index === undefined) return
    const tile = scrollRef.current?.querySelector<HTMLElement>(`[data-id="${id}"]`)
    virtualizer.scrollToIndex(Math.floor(index / columns), { align: 'auto' })
    if (tile) {
      tile.focus({ preventScroll: true })
      pendingFocus.current = null
    } else {
      pendingFocus.current = id
    }
  }, [])

  // A tile scrolled into view after a keyboard move takes the focus once it is rendered.
  useLayoutEffect(() => {
    const id = pendingFocus.current
    if (id === null) return
    const tile = scrollRef.current?.querySelector<HTMLElement>(`[data-id="${id}"]`)
    if (tile) {
      pendingFocus.current = null
      tile.focus({ preventScroll: true })
    }
  })

  // Focus goes back to the grid when the detail view or the context menu closes.
  const lastFocusRequest = useRef(focusRequest)
  useEffect(() => {
    if (focusRequest === lastFocusRequest.current) return
    lastFocusRequest.current = focusRequest
    if (activeId !== null) focusTile(activeId)
  }, [focusRequest, activeId, focusTile])

  const moveTo = useCallback(
    (index: number, extend: boolean) => {
      const { ids } = latest.current
      const target = Math.max(0, Math.min(ids.length - 1, index))
      const id = ids[target]
      if (id === undefined) return
      const state = controller.store.get()
      if (extend) {
        const anchorIndex =
          (state.anchorId !== null ? latest.current.indexById.get(state.anchorId) : undefined) ??
          latest.current.activeIndex
        controller.setSelection(rangeIds(ids, anchorIndex, target), ids[anchorIndex] ?? id)
      } else {
        // A plain move sets where the next Shift+arrow range starts, as in a file manager.
        controller.setSelection(state.selection, id)
      }
      controller.setActive(id)
      focusTile(id)
    },
    [controller, focusTile]
  )

  const openMenuAt = useCallback(
    (tile: HTMLElement, x?: number, y?: number) => {
      const id = Number(tile.dataset.id)
      const rect = tile.getBoundingClientRect()
      controller.openMenu(id, x ?? rect.left + 12, y ?? rect.top + Math.min(rect.height, 40))
    },
    [controller]
  )

  const onKeyDown = useCallback(
    (event: KeyboardEvent<HTMLDivElement>) => {
      const tile = tileOf(event.target)
      if (!tile) return
      const { columns, visibleRows, ids } = latest.current
      const index = Number(tile.dataset.index)
      const page = Math.max(1, visibleRows - 1) * columns
      const moves: Record<string, number> = {
        ArrowRight: index + 1,
        ArrowLeft: index - 1,
        ArrowDown: index + columns,
        ArrowUp: index - columns,
        PageDown: index + page,
        PageUp: index - page,
        Home: event.ctrlKey || event.metaKey ? 0 : index - (index % columns),
        End:
          event.ctrlKey || event.metaKey
            ? ids.length - 1
            : Math.min(ids.length - 1, index - (index % columns) + columns - 1)
      }
      const target = moves[event.key]
      if (target !== undefined) {
        event.preventDefault()
        // Up/down past the edge stays put rather than jumping to the first/last item.
        if ((event.key === 'ArrowDown' || event.key === 'ArrowUp') && ids[target] === undefined) {
          return
        }
        moveTo(target, event.shiftKey)
        return
      }
      if (event.key === 'ContextMenu' || (event.key === 'F10' && event.shiftKey)) {
        event.preventDefault()
        openMenuAt(tile)
      } else if (event.key === 'Escape' && controller.store.get().selection.size > 0) {
        event.preventDefault()
        controller.setSelection(new Set(), null)
      } else if (event.key.toLowerCase() === 'a' && (event.ctrlKey || event.metaKey)) {
        event.preventDefault()
        controller.setSelection(new Set(ids), ids[0] ?? null)
      }
    },
    [controller, moveTo, openMenuAt]
  )

  const onClick = useCallback(
    (event: MouseEvent<HTMLDivElement>) => {
      const tile = tileOf(event.target)
      if (!tile) return
      const id = Number(tile.dataset.id)
      const index = Number(tile.dataset.index)
      const state = controller.store.get()
      if (event.shiftKey) {
        const { ids, indexById, activeIndex } = latest.current
        const anchorIndex =
          (state.anchorId !== null ? indexById.get(state.anchorId) : undefined) ?? activeIndex
        controller.setSelection(rangeIds(ids, anchorIndex, index), ids[anchorIndex] ?? id)
        controller.setActive(id)
      } else if (event.ctrlKey || event.metaKey) {
        const selection = new Set(state.selection)
        if (selection.has(id)) selection.delete(id)
        else selection.add(id)
        controller.setSelection(selection, id)
        controller.setActive(id)
      } else {
        controller.setSelection(state.selection, id)
        controller.openDetail(id)
      }
    },
    [controller]
  )

  const onContextMenu = useCallback(
    (event: MouseEvent<HTMLDivElement>) => {
      const tile = tileOf(event.target)
      if (!tile) return
      event.preventDefault()
      // A context menu key press arrives as a contextmenu event at (0, 0): place it by the tile.
      const fromKeyboard = event.clientX === 0 && event.clientY === 0
      openMenuAt(
        tile,
        fromKeyboard ? undefined : event.clientX,
        fromKeyboard ? undefined : event.clientY
      )
    },
    [openMenuAt]
  )

  const onFocus = useCallback(
    (event: FocusEvent<HTMLDivElement>) => {
      if (event.target === scrollRef.current) {
        // The active tile was scrolled away and unmounted: bring it back and focus it.
        const { ids, activeIndex } = latest.current
        const id = ids[activeIndex]
        if (id !== undefined) focusTile(id)
        return
      }
      const tile = tileOf(event.target)
      if (tile) controller.setActive(Number(tile.dataset.id))
    },
    [controller, focusTile]
  )

  const rows = virtualizer.getVirtualItems()
  const activeRendered = rows.some(
    (row) => activeIndex >= row.index * columns && activeIndex < (row.index + 1) * columns
  )
  const canvasStyle = {
    height: virtualizer.getTotalSize(),
    '--columns': columns,
    '--gap': `${layout.gap}px`,
    '--pad': `${padding}px`,
    '--row-height': `${layout.cellHeight}px`
  } as CSSProperties

  return (
    <div
      ref={scrollRef}
      className="grid-scroll"
      data-scrolling={virtualizer.isScrolling || undefined}
      tabIndex={activeRendered || shown.length === 0 ? -1 : 0}
      onFocus={onFocus}
    >
      <div
        role="list"
        aria-label="Gallery"
        className="grid-canvas"
        style={canvasStyle}
        onKeyDown={onKeyDown}
        onClick={onClick}
        onContextMenu={onContextMenu}
      >
        {rows.map((row) => {
          const start = row.index * columns
          return (
            <div
              key={row.key}
              role="none"
              className="grid-row"
              style={{ transform: `translateY(${row.start}px)` }}
            >
              {shown.slice(start, start + columns).map((entry, offset) => (
                <GridTile
                  key={entry.id}
                  entry={entry}
                  index={start + offset}
                  setSize={shown.length}
                  saved={library.has(entry.id)}
                  thumbVersion={thumbVersions.get(entry.id)}
                  favorite={favorites.has(entry.id)}
                  selected={selection.has(entry.id)}
                  tabbable={entry.id === activeId}
                  deferImage={!imagesReady || speed.fast}
                />
              ))}
            </div>
          )
        })}
      </div>
      <div hidden>
        <span id={SELECTED_DESCRIPTION_ID}>Selected</span>
        <span id={FAVORITE_DESCRIPTION_ID}>Favorite</span>
        <span id={PENDING_DESCRIPTION_ID}>Not downloaded yet</span>
      </div>
    </div>
  )
}
