import { describe, expect, it } from 'vitest'
import { fitBounds } from './bounds'

const laptop = { x: 0, y: 25, width: 1440, height: 875 }
const leftMonitor = { x: -1920, y: 0, width: 1920, height: 1080 }

describe('fitBounds', () => {
  it('keeps bounds that already fit', () => {
    const saved = { x: 100, y: 80, width: 1200, height: 700 }
    expect(fitBounds(saved, laptop)).toEqual(saved)
    const left = { x: -1800, y: 40, width: 1000, height: 800 }
    expect(fitBounds(left, leftMonitor)).toEqual(left)
  })

  it('pulls a window that was saved off the right or bottom edge back on screen', () => {
    expect(fitBounds({ x: 3000, y: 2000, width: 1000, height: 600 }, laptop)).toEqual({
      x: 440,
      y: 300,
      width: 1000,
      height: 600
    })
  })

  it('pulls a window above or left of the work area down into it', () => {
    expect(fitBounds({ x: -500, y: -300, width: 1000, height: 600 }, laptop)).toEqual({
      x: 0,
      y: 25,
      width: 1000,
      height: 600
    })
  })

  it('shrinks a window bigger than the screen it is now on', () => {
    expect(fitBounds({ x: 0, y: 0, width: 2560, height: 1440 }, laptop)).toEqual(laptop)
  })

  it('grows a window below the minimum size', () => {
    expect(fitBounds({ x: 10, y: 30, width: 200, height: 200 }, laptop)).toEqual({
      x: 10,
      y: 30,
      width: 720,
      height: 480
    })
  })

  it('fills a screen smaller than the minimum size instead of overflowing it', () => {
    const tiny = { x: 0, y: 0, width: 640, height: 400 }
    expect(fitBounds({ x: 50, y: 50, width: 900, height: 700 }, tiny)).toEqual(tiny)
  })
})
