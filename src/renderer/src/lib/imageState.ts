import type { SyntheticEvent } from 'react'

/**
 * An <img>'s state on the element itself (data-state="loaded" | "failed"), for the stylesheet:
 * a thumbnail arriving must not re-render the component around it.
 */
export const markLoaded = (event: SyntheticEvent<HTMLImageElement>) => {
  event.currentTarget.dataset.state = 'loaded'
}

export const markFailed = (event: SyntheticEvent<HTMLImageElement>) => {
  event.currentTarget.dataset.state = 'failed'
}
