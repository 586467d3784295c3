import { describe, expect, it } from 'vitest'
import { mayLoadNativeSharp, type Runtime } from './runtime'
import { isNativeImageAddon } from './sharp-ops'

const node = { node: '24.21.0', v8: '13.6' }
const electron = { ...node, electron: '45.5.0', chrome: '142.0' }

describe('mayLoadNativeSharp', () => {
  it.each<[string, Runtime, boolean]>([
    [
      'Electron on Linux (main, worker, utilityProcess, RUN_AS_NODE)',
      { platform: 'linux', versions: electron },
      false
    ],
    ['Electron on macOS', { platform: 'darwin', versions: electron }, true],
    ['Electron on Windows', { platform: 'win32', versions: electron }, true],
    ['plain Node on Linux (crawl, bridge, tests)', { platform: 'linux', versions: node }, true],
    ['plain Node on macOS', { platform: 'darwin', versions: node }, true]
  ])('%s → %s', (_name, runtime, allowed) => {
    expect(mayLoadNativeSharp(runtime)).toBe(allowed)
  })

  it('is true in this test process, which is plain Node', () => {
    expect(mayLoadNativeSharp()).toBe(true)
  })
})

describe('isNativeImageAddon', () => {
  const modules = 'file:///app/node_modules'
  it.each([
    [`${modules}/@img/sharp-linux-x64/sharp.node`, true],
    // What `@img/sharp-linux-x64/sharp.node` resolves to through the package's exports.
    [`${modules}/@img/sharp-linux-x64/index.cjs`, true],
    [`${modules}/@img/sharp-linuxmusl-arm64/package.json`, true],
    [`${modules}/@img/sharp-libvips-linux-x64/lib/index.js`, true],
    [`${modules}/sharp/src/build/Release/sharp-linux-x64-0.35.5.node`, true],
    [`${modules}/@img/sharp-wasm32/index.cjs`, false],
    [`${modules}/@img/sharp-wasm32/lib/sharp-wasm32-0.35.5.node.js`, false],
    [`${modules}/sharp/dist/index.mjs`, false],
    [`${modules}/@emnapi/runtime/dist/emnapi.cjs.js`, false]
  ])('%s → %s', (url, refused) => {
    expect(isNativeImageAddon(url)).toBe(refused)
  })
})
