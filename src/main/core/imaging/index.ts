export {
  createImageEngine,
  IMAGE_ENGINE_VARIABLE,
  sharedImageEngine,
  type ImageEngineOptions
} from './choose-engine'
export { ImagingUnavailableError, type ImageEngine } from './image-engine'
export { NativeSharpEngine, type NativeEngineOptions } from './native-engine'
export { currentRuntime, mayLoadNativeSharp, type Runtime } from './runtime'
export type { ImageRequest, ImageResults, RawPixels, Size, WebpSettings } from './sharp-ops'
export { WasmSharpEngine, DEFAULT_WASM_WORKERS, type WasmEngineOptions } from './wasm-engine'
