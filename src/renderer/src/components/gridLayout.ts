/** Column count and cell size from the grid's size and the chosen thumbnail size. */
export interface GridLayout {
  columns: number
  gap: number
  padding: number
  cellWidth: number
  cellHeight: number
  rowHeight: number
  /** Rows rendered beyond the viewport on each side. */
  overscan: number
}

/** Earth View photographs are 1800 × 1200. */
const ASPECT = 2 / 3

/** Item elements the grid may keep in the DOM, overscan included (the budget is 300). */
export const MAX_RENDERED_ITEMS = 280

function layoutFor(width: number, height: number, size: number): GridLayout {
  const padding = width < 640 ? 12 : 28
  const gap = size < 180 ? 8 : 14
  const available = Math.max(size, width - padding * 2)
  const columns = Math.max(1, Math.floor((available + gap) / (size + gap)))
  const cellWidth = (available - gap * (columns - 1)) / columns
  const cellHeight = Math.round(cellWidth * ASPECT)
  const rowHeight = cellHeight + gap
  // A partly visible row at each edge, plus the overscan rows on both sides.
  const visibleRows = Math.ceil(height / rowHeight) + 1
  const spare = Math.floor((MAX_RENDERED_ITEMS / columns - visibleRows) / 2)
  const overscan = Math.max(1, Math.min(3, spare))
  return { columns, gap, padding, cellWidth, cellHeight, rowHeight, overscan }
}

export function renderedItems(layout: GridLayout, height: number): number {
  const visibleRows = Math.ceil(height / layout.rowHeight) + 1
  return (visibleRows + 2 * layout.overscan) * layout.columns
}

/**
 * The chosen size, grown just enough that a very large window of small thumbnails still fits
 * the DOM budget (a 4K screen holds ~700 thumbnails of 120 px).
 */
export function gridLayout(width: number, height: number, thumbnailSize: number): GridLayout {
  let size = thumbnailSize
  let layout = layoutFor(width, height, size)
  while (renderedItems(layout, height) > MAX_RENDERED_ITEMS && size < 2000) {
    size += 10
    layout = layoutFor(width, height, size)
  }
  return layout
}
