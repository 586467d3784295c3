import type { ImageEngine } from './image-engine'
import { NativeSharpEngine, type NativeEngineOptions } from './native-engine'
import { currentRuntime, mayLoadNativeSharp, type Runtime } from './runtime'
import { WasmSharpEngine, type WasmEngineOptions } from './wasm-engine'

export interface ImageEngineOptions {
  /** Default: this process. Tests pass Electron-on-Linux to run the app's Linux path in plain Node. */
  runtime?: Runtime
  native?: NativeEngineOptions
  wasm?: WasmEngineOptions
}

/** Native sharp wherever it is safe, its WebAssembly build in worker threads where it is not. */
export function createImageEngine(options: ImageEngineOptions = {}): ImageEngine {
  const runtime = options.runtime ?? currentRuntime()
  return mayLoadNativeSharp(runtime)
    ? new NativeSharpEngine({ ...options.native, runtime })
    : new WasmSharpEngine(options.wasm)
}

/**
 * `EARTHVIEW_IMAGE_ENGINE=wasm` gives any process the engine of the app inside Electron on Linux
 * (`npm run web` with it runs that path end to end in a browser). Nothing can force native sharp.
 */
export const IMAGE_ENGINE_VARIABLE = 'EARTHVIEW_IMAGE_ENGINE'

let shared: ImageEngine | null = null

/** The process's one engine (its workers are shared by thumbnails and the wallpaper check). */
export function sharedImageEngine(env: NodeJS.ProcessEnv = process.env): ImageEngine {
  shared ??= env[IMAGE_ENGINE_VARIABLE] === 'wasm' ? new WasmSharpEngine() : createImageEngine()
  return shared
}
