/**
 * The longest time this thread's event loop went without a turn, from now until `stop()`: a 1 ms
 * ticker notes the gaps between its runs (a blocked loop delays it by the block's length).
 */
export function watchEventLoop(): { stop(): number } {
  let longest = 0
  let last = performance.now()
  const note = (): void => {
    const now = performance.now()
    longest = Math.max(longest, now - last)
    last = now
  }
  const ticker = setInterval(note, 1)
  return {
    stop() {
      clearInterval(ticker)
      note()
      return longest
    }
  }
}
