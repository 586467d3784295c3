/**
 * What the app asks of sharp, in one place for both ways of running it: in this process (native
 * sharp) and in a worker thread on sharp's WebAssembly build (inside Electron on Linux, where
 * native libvips must never load).
 *
 * This file is also that worker's entry. Tests start it as it is (Node strips the types), so it
 * imports packages and node: modules only, nothing relative.
 */
import { readFile } from 'node:fs/promises'
import module from 'node:module'
import { isMainThread, parentPort, workerData, type MessagePort } from 'node:worker_threads'
import type SharpModule from 'sharp'

export type Sharp = typeof SharpModule

export interface Size {
  width: number
  height: number
}

export interface RawPixels {
  width: number
  height: number
  /** 3 bytes (RGB) per pixel, rows without padding. */
  data: Buffer
}

export interface WebpSettings {
  quality: number
  effort: number
}

/** A file to read, or the encoded image itself. */
export type ImageInput = string | Uint8Array

export type ImageRequest =
  | { op: 'thumbnail'; input: ImageInput; width: number; webp: WebpSettings }
  | { op: 'decodes'; input: ImageInput }
  | { op: 'pixels'; input: ImageInput; cover?: Size }
  | { op: 'versions' }

export interface ImageResults {
  /** WebP bytes `width` wide (never enlarged), height in proportion. */
  thumbnail: Buffer
  /** Whether every pixel decodes without error. */
  decodes: boolean
  /** RGB pixels, resized to cover `cover` when given. */
  pixels: RawPixels
  /** sharp.versions: `emscripten` is there only in the WebAssembly build. */
  versions: Record<string, string | undefined>
}

export interface RunOptions {
  /**
   * Read a path into memory first and hand sharp the bytes. The WebAssembly build reads files
   * through Emscripten's file system, which made a thumbnail ~40 % slower than from bytes
   * (31 → 21 ms); native libvips reads files fastest itself.
   */
  readFirst?: boolean
}

export async function runImageRequest<R extends ImageRequest>(
  sharp: Sharp,
  request: R,
  options: RunOptions = {}
): Promise<ImageResults[R['op']]> {
  return (await run(sharp, request, options)) as ImageResults[R['op']]
}

async function run(
  sharp: Sharp,
  request: ImageRequest,
  options: RunOptions
): Promise<ImageResults[keyof ImageResults]> {
  const open = async (input: ImageInput): Promise<ImageInput> =>
    options.readFirst && typeof input === 'string' ? readFile(input) : input
  switch (request.op) {
    case 'thumbnail':
      return sharp(await open(request.input), { failOn: 'error' })
        .resize({ width: request.width, withoutEnlargement: true })
        .webp({ quality: request.webp.quality, effort: request.webp.effort })
        .toBuffer()
    case 'decodes':
      try {
        await sharp(await open(request.input), { failOn: 'error' })
          .raw()
          .toBuffer()
        return true
      } catch {
        return false
      }
    case 'pixels': {
      let image = sharp(await open(request.input))
      if (request.cover) {
        image = image.resize(request.cover.width, request.cover.height, { fit: 'cover' })
      }
      const { data, info } = await image.removeAlpha().raw().toBuffer({ resolveWithObject: true })
      return { width: info.width, height: info.height, data }
    }
    case 'versions':
      return versionsOf(sharp)
  }
}

// --- the worker ---

const WORKER_ROLE = 'earthview-wasm-sharp'

export interface WorkerSetup {
  role: typeof WORKER_ROLE
  /** The module to load as sharp; tests name one that is missing to see a load failure. */
  sharp: string
  readFirst: boolean
}

export function workerSetup(sharp = 'sharp', readFirst = true): WorkerSetup {
  return { role: WORKER_ROLE, sharp, readFirst }
}

export type WorkerMessage =
  | { type: 'ready'; versions: Record<string, string | undefined> }
  | { type: 'failed'; message: string }
  | { type: 'done'; id: number; value: ImageResults[keyof ImageResults] }
  | { type: 'refused'; id: number; message: string; code?: string }

/** A worker's answer as the caller gets it: a Buffer crosses the thread as a plain Uint8Array. */
export function reviveBuffers(
  value: ImageResults[keyof ImageResults]
): ImageResults[keyof ImageResults] {
  const asBuffer = (bytes: Uint8Array): Buffer =>
    Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (value instanceof Uint8Array) return asBuffer(value)
  if (typeof value === 'object' && value.data instanceof Uint8Array) {
    return { ...value, data: asBuffer(value.data) } as RawPixels
  }
  return value
}

export interface WorkerJob {
  id: number
  request: ImageRequest
}

/**
 * A native addon must not load in the worker: every resolved `.node` file and every `@img/sharp-*`
 * package but the WebAssembly one is refused, so sharp's own search falls through to
 * `@img/sharp-wasm32` even when the native build is installed (`npm run dev` on Linux).
 */
export function isNativeImageAddon(url: string): boolean {
  return url.endsWith('.node') || /\/@img\/sharp-(?!wasm32\/)/.test(url)
}

/** For this thread from now on (the benchmark also uses it to measure WebAssembly on a main thread). */
export function refuseNativeAddons(): void {
  if (typeof module.registerHooks !== 'function') {
    throw new Error(
      `Node ${process.versions.node} has no module.registerHooks, so native libvips cannot be kept out`
    )
  }
  module.registerHooks({
    resolve(specifier, context, nextResolve) {
      const resolved = nextResolve(specifier, context)
      if (isNativeImageAddon(resolved.url)) {
        throw Object.assign(new Error(`Cannot find module '${specifier}' (refused: native)`), {
          code: 'MODULE_NOT_FOUND'
        })
      }
      return resolved
    }
  })
}

async function serve(port: MessagePort, setup: WorkerSetup): Promise<void> {
  const post = (message: WorkerMessage): void => port.postMessage(message)
  let sharp: Sharp
  try {
    refuseNativeAddons()
    sharp = ((await import(setup.sharp)) as { default: Sharp }).default
    // Belt and braces: a native build must never get as far as a decode in this process.
    if (!versionsOf(sharp).emscripten)
      throw new Error('sharp loaded a native build, not WebAssembly')
    sharp.cache(false)
  } catch (error) {
    post({ type: 'failed', message: firstLine(error) })
    return
  }
  port.on('message', ({ id, request }: WorkerJob) => {
    runImageRequest(sharp, request, { readFirst: setup.readFirst }).then(
      (value) => post({ type: 'done', id, value }),
      (error: unknown) =>
        post({
          type: 'refused',
          id,
          message: firstLine(error),
          ...(hasCode(error) ? { code: error.code } : {})
        })
    )
  })
  post({ type: 'ready', versions: versionsOf(sharp) })
}

function versionsOf(sharp: Sharp): Record<string, string | undefined> {
  return { ...sharp.versions }
}

/** sharp's load errors run to a page of advice; the first line says what failed. */
export function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error)
  return text.trim().split('\n')[0] ?? text
}

function hasCode(error: unknown): error is { code: string } {
  return typeof (error as { code?: unknown } | null)?.code === 'string'
}

if (
  !isMainThread &&
  parentPort &&
  (workerData as Partial<WorkerSetup> | null)?.role === WORKER_ROLE
) {
  void serve(parentPort, workerData as WorkerSetup)
}
