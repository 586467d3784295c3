// A stand-in for sharp that says, on a BroadcastChannel, that a worker thread has loaded it:
// for checking when the WebAssembly engine starts its workers.
new BroadcastChannel('announcing-sharp').postMessage('loaded')

function sharp() {
  throw new Error('the announcing stand-in makes no images')
}
sharp.versions = { emscripten: 'stand-in', vips: 'stand-in', sharp: 'stand-in' }
sharp.cache = () => undefined
export default sharp
