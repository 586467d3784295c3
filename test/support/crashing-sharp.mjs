// A stand-in for sharp that reports itself as the WebAssembly build and ends the worker thread it
// runs in as soon as it is asked for an image: for the worker pool's handling of a dead worker.
function sharp() {
  process.exit(3)
}
sharp.versions = { emscripten: 'stand-in', vips: 'stand-in', sharp: 'stand-in' }
sharp.cache = () => undefined
export default sharp
