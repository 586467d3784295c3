/** A window's position and size in screen coordinates (DIP), as Electron reports them. */
export interface Rect {
  x: number
  y: number
  width: number
  height: number
}

export const DEFAULT_WINDOW_SIZE = { width: 1280, height: 820 }
export const MIN_WINDOW_SIZE = { width: 720, height: 480 }

/**
 * Saved bounds made to fit inside the work area of the display they belong to (the one Electron's
 * `screen.getDisplayMatching` picks): no bigger than that area and wholly on it, so a window saved
 * on a monitor that is now unplugged, or at a resolution that is now smaller, opens where it can
 * be seen and grabbed.
 */
export function fitBounds(saved: Rect, workArea: Rect, min = MIN_WINDOW_SIZE): Rect {
  const width = Math.round(Math.min(Math.max(saved.width, min.width), workArea.width))
  const height = Math.round(Math.min(Math.max(saved.height, min.height), workArea.height))
  const x = clamp(Math.round(saved.x), workArea.x, workArea.x + workArea.width - width)
  const y = clamp(Math.round(saved.y), workArea.y, workArea.y + workArea.height - height)
  return { x, y, width, height }
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(Math.max(value, low), Math.max(low, high))
}
