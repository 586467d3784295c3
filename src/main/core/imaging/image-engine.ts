import { GalleryError } from '@shared/errors'
import type { ImageRequest, ImageResults } from './sharp-ops'

/**
 * sharp, wherever it may run in this process: `native` is libvips in this thread (plain Node, and
 * Electron on macOS and Windows); `wasm` is sharp's WebAssembly build in worker threads (Electron on
 * Linux). Callers cannot tell them apart except by speed.
 */
export interface ImageEngine {
  readonly kind: 'native' | 'wasm'
  /** Rejects with ImagingUnavailableError when sharp cannot be loaded at all (then for good). */
  run<R extends ImageRequest>(request: R): Promise<ImageResults[R['op']]>
  /**
   * Loads sharp now, in the background, instead of at the first request: a crawl about to save
   * images calls it, so its first thumbnail does not wait ~0.2 s (native) or more (a worker) for
   * sharp. Never throws; a sharp that cannot load is said by the next `run`.
   */
  warm(): void
  close(): Promise<void>
}

/**
 * sharp could not be loaded: thumbnails (and the X11 screen check) are lost, nothing else. Said
 * once to the person; every later request fails fast with the same error.
 */
export class ImagingUnavailableError extends GalleryError {
  readonly reason: string

  constructor(reason: string) {
    super(
      'unsupported',
      `Thumbnails cannot be made: the image library could not be loaded (${reason}). ` +
        'The pictures themselves still open, export and set as wallpaper; reinstalling the app may bring thumbnails back.'
    )
    this.reason = reason
  }
}
