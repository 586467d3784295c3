import { useLayoutEffect, useState, type RefObject } from 'react'

export interface Size {
  width: number
  height: number
}

/**
 * Used until an element has a layout box (first paint, or a DOM without layout such as jsdom):
 * a typical window, so the grid renders something sensible rather than nothing.
 */
export const FALLBACK_SIZE: Size = { width: 1200, height: 800 }

function measured(width: number, height: number): Size {
  return width > 0 && height > 0 ? { width, height } : FALLBACK_SIZE
}

/**
 * A first guess before measuring: the window's width (the grid spans it) and height. Close
 * enough that the measured size rarely changes the column count, so the first layout is not
 * rendered twice.
 */
function guess(): Size {
  return typeof window === 'undefined'
    ? FALLBACK_SIZE
    : measured(window.innerWidth, window.innerHeight)
}

/** The element's content-box size, following resizes. */
export function useElementSize(ref: RefObject<HTMLElement | null>): Size {
  const [size, setSize] = useState<Size>(guess)
  useLayoutEffect(() => {
    const element = ref.current
    if (!element) return
    const update = (width: number, height: number) =>
      setSize((current) => {
        const next = measured(Math.round(width), Math.round(height))
        return next.width === current.width && next.height === current.height ? current : next
      })
    update(element.clientWidth, element.clientHeight)
    if (typeof ResizeObserver === 'undefined') return
    const observer = new ResizeObserver(([entry]) => {
      if (entry) update(entry.contentRect.width, entry.contentRect.height)
    })
    observer.observe(element)
    return () => observer.disconnect()
  }, [ref])
  return size
}
