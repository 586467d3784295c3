import { describe, expect, it } from 'vitest'
import { ScrollSpeed } from './scrollSpeed'

describe('ScrollSpeed', () => {
  it('is fast when a viewport goes by within the window, and calm when scrolling stops', () => {
    const speed = new ScrollSpeed()
    for (let frame = 0; frame < 6; frame++) speed.update(frame * 240, true, frame * 60, 700)
    expect(speed.fast).toBe(true)
    speed.update(6 * 240, false, 400, 700)
    expect(speed.fast).toBe(false)
  })

  it('stays calm for a wheel-speed scroll', () => {
    const speed = new ScrollSpeed()
    for (let frame = 0; frame < 60; frame++) speed.update(frame * 30, true, frame * 16, 700)
    expect(speed.fast).toBe(false)
  })

  it('one slow frame in a fast scroll does not make it calm', () => {
    const speed = new ScrollSpeed()
    const times = [0, 16, 32, 48, 64, 80, 200, 216]
    times.forEach((time, frame) => speed.update(frame * 240, true, time, 700))
    expect(speed.fast).toBe(true)
  })
})
