/** The facts about this process that decide whether native sharp may be loaded into it. */
export interface Runtime {
  platform: NodeJS.Platform
  /** `process.versions`: Electron's binary adds `electron` in every process it starts. */
  versions: Readonly<Record<string, string | undefined>>
}

export function currentRuntime(): Runtime {
  return { platform: process.platform, versions: process.versions }
}

/**
 * Whether native sharp (libvips with its own bundled GLib) may load in this process: everywhere
 * except in a process of Electron's binary on Linux. There Electron links the system GLib, the two
 * clash, and the first decode dies with SIGSEGV (sharp's install notes, "Electron and Linux";
 * electron/electron#46323). The main process, its worker threads, a utilityProcess and
 * ELECTRON_RUN_AS_NODE all carry `process.versions.electron`, so one test covers them all.
 */
export function mayLoadNativeSharp(runtime: Runtime = currentRuntime()): boolean {
  return !(runtime.platform === 'linux' && Boolean(runtime.versions.electron))
}
