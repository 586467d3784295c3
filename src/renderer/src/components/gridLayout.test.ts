import { describe, expect, it } from 'vitest'
import { gridLayout, MAX_RENDERED_ITEMS, renderedItems } from './gridLayout'

describe('gridLayout', () => {
  it('fits as many columns of at least the thumbnail size as the width allows', () => {
    const layout = gridLayout(1440, 800, 220)
    expect(layout.columns).toBe(5)
    expect(layout.cellWidth).toBeGreaterThanOrEqual(220)
    expect(layout.columns * layout.cellWidth + (layout.columns - 1) * layout.gap).toBeCloseTo(
      1440 - 2 * layout.padding
    )
    expect(layout.cellHeight).toBe(Math.round((layout.cellWidth * 2) / 3))
  })

  it('keeps one column when the window is narrower than a thumbnail', () => {
    expect(gridLayout(200, 800, 480).columns).toBe(1)
  })

  it('follows the slider from 120 to 480 px on an ordinary window', () => {
    const small = gridLayout(1280, 720, 120)
    const large = gridLayout(1280, 720, 480)
    expect(small.cellWidth).toBeLessThan(140)
    expect(large.columns).toBe(2)
  })

  it('keeps the rendered items within budget on any screen and slider setting', () => {
    for (const [width, height] of [
      [1280, 720],
      [1920, 1080],
      [2560, 1440],
      [3840, 2160]
    ] as const) {
      for (const size of [120, 220, 480]) {
        const layout = gridLayout(width, height, size)
        expect(renderedItems(layout, height)).toBeLessThanOrEqual(MAX_RENDERED_ITEMS)
        expect(layout.overscan).toBeGreaterThanOrEqual(1)
      }
    }
  })
})
