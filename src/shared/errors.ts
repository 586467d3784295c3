/** Errors that cross the IPC / WebSocket boundary keep a code and a message a person can read. */
export type GalleryErrorCode =
  | 'invalid-argument'
  | 'not-found'
  | 'busy'
  | 'io'
  | 'unsupported'
  | 'cancelled'
  | 'forbidden'
  | 'internal'
  /** The page lost its connection to the app (the bridge's WebSocket closed or never opened). */
  | 'disconnected'

export interface GalleryErrorInfo {
  code: GalleryErrorCode
  message: string
  /** The setting or argument a refusal is about, so the page can show it beside that field. */
  field?: string
}

export class GalleryError extends Error {
  override name = 'GalleryError'
  readonly field: string | undefined

  constructor(
    readonly code: GalleryErrorCode,
    message: string,
    details: { field?: string } = {}
  ) {
    super(message)
    this.field = details.field
  }

  toJSON(): GalleryErrorInfo {
    return {
      code: this.code,
      message: this.message,
      ...(this.field === undefined ? {} : { field: this.field })
    }
  }
}

/** Anything thrown, as something safe to send to the page. */
export function toErrorInfo(error: unknown): GalleryErrorInfo {
  if (error instanceof GalleryError) return error.toJSON()
  const message = error instanceof Error ? error.message : String(error)
  return { code: 'internal', message: message || 'Something went wrong.' }
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: GalleryErrorInfo }
