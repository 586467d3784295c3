import type { ImageEngine } from './image-engine'
import { ImagingUnavailableError } from './image-engine'
import { currentRuntime, mayLoadNativeSharp, type Runtime } from './runtime'
import { configureSharp } from './sharp-setup'
import { firstLine, runImageRequest, type ImageRequest, type Sharp } from './sharp-ops'

export interface NativeEngineOptions {
  /** How sharp is imported; tests import a module that does not exist. */
  load?: () => Promise<{ default: Sharp }>
  /** The process as the rule sees it (tests emulate Electron on Linux); the real one is checked too. */
  runtime?: Runtime
}

/**
 * sharp in this thread, imported on first use: a sharp that cannot load costs thumbnails, not the
 * app's start. Refuses to load inside Electron on Linux whatever it is told.
 */
export class NativeSharpEngine implements ImageEngine {
  readonly kind = 'native'
  private loading: Promise<Sharp> | null = null

  constructor(private readonly options: NativeEngineOptions = {}) {}

  async run<R extends ImageRequest>(request: R) {
    this.loading ??= this.load()
    return runImageRequest(await this.loading, request)
  }

  /**
   * Loads sharp and makes one tiny WebP: libvips sets up its codecs on the first operation (~90 ms
   * measured), which should not fall on the first thumbnail someone waits for.
   */
  warm(): void {
    if (this.loading) return
    this.loading = this.load()
    this.loading
      .then((sharp) =>
        sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } })
          .webp()
          .toBuffer()
      )
      .catch(() => undefined)
  }

  close(): Promise<void> {
    return Promise.resolve()
  }

  private async load(): Promise<Sharp> {
    for (const runtime of [currentRuntime(), this.options.runtime]) {
      if (runtime && !mayLoadNativeSharp(runtime)) {
        throw new ImagingUnavailableError('native libvips is never loaded inside Electron on Linux')
      }
    }
    try {
      const { default: sharp } = await (this.options.load ?? importSharp)()
      configureSharp(sharp)
      return sharp
    } catch (error) {
      throw new ImagingUnavailableError(firstLine(error))
    }
  }
}

function importSharp(): Promise<{ default: Sharp }> {
  return import('sharp')
}
