export interface LoopBlocks {
  /** The longest wall-clock time between two turns of the loop. */
  wallMs: number
  /**
   * The most CPU time this thread spent between two turns. On a busy shared machine a thread that
   * is merely waiting for a core shows long wall gaps; this counts only what the thread itself ran
   * (it misses a thread that blocks without running, e.g. in Atomics.wait).
   */
  cpuMs: number
}

/**
 * How long this thread's event loop went without a turn, from now until `stop()`: a 1 ms ticker
 * notes the gaps between its runs (a blocked loop delays it by the block's length).
 */
export function watchEventLoop(): { stop(): LoopBlocks } {
  const blocks: LoopBlocks = { wallMs: 0, cpuMs: 0 }
  let last = performance.now()
  let lastCpu = process.threadCpuUsage()
  const note = (): void => {
    const now = performance.now()
    const cpu = process.threadCpuUsage(lastCpu)
    blocks.wallMs = Math.max(blocks.wallMs, now - last)
    blocks.cpuMs = Math.max(blocks.cpuMs, (cpu.user + cpu.system) / 1000)
    last = now
    lastCpu = process.threadCpuUsage()
  }
  const ticker = setInterval(note, 1)
  return {
    stop() {
      clearInterval(ticker)
      note()
      return blocks
    }
  }
}
