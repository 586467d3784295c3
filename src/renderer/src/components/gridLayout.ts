/** Column count and cell size from the grid's width and the chosen thumbnail size. */
export interface GridLayout {
  columns: number
  gap: number
  padding: number
  cellWidth: number
  cellHeight: number
  rowHeight: number
}

/** Earth View photographs are 1800 × 1200. */
const ASPECT = 2 / 3

export function gridLayout(containerWidth: number, thumbnailSize: number): GridLayout {
  const padding = containerWidth < 640 ? 12 : 28
  const gap = thumbnailSize < 180 ? 8 : 14
  const available = Math.max(thumbnailSize, containerWidth - padding * 2)
  const columns = Math.max(1, Math.floor((available + gap) / (thumbnailSize + gap)))
  const cellWidth = (available - gap * (columns - 1)) / columns
  const cellHeight = Math.round(cellWidth * ASPECT)
  return { columns, gap, padding, cellWidth, cellHeight, rowHeight: cellHeight + gap }
}

/**
 * Rows rendered beyond the viewport on each side: enough to hide the edges while scrolling, few
 * enough that a wide window of small thumbnails stays well under 300 items in the DOM.
 */
export function overscanRows(columns: number, visibleRows: number): number {
  const budget = Math.floor((260 / columns - visibleRows) / 2)
  return Math.max(1, Math.min(3, budget))
}
