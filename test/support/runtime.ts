import type { Runtime } from '../../src/main/core/imaging'

/** Any process of Electron's binary on Linux, as the imaging rule sees it, emulated in plain Node. */
export const ELECTRON_ON_LINUX: Runtime = {
  platform: 'linux',
  versions: { ...process.versions, electron: '45.5.0' }
}
