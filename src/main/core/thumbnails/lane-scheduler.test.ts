import { describe, expect, it } from 'vitest'
import { LaneScheduler, type Lane, type LaneSchedulerOptions } from './lane-scheduler'

/** A scheduler whose jobs run until the test ends them, with the order they started in. */
function scheduler(options: Partial<LaneSchedulerOptions> = {}) {
  const started: [number, Lane][] = []
  const lanes = new LaneScheduler(
    { slots: 2, backgroundSlots: 1, fairness: 8, ...options },
    (id, lane) => started.push([id, lane])
  )
  const ids = () => started.map(([id]) => id)
  return { lanes, started, ids }
}

describe('LaneScheduler', () => {
  it('gives the backlog one place of two, and a request the other at once', () => {
    const { lanes, ids, started } = scheduler()
    for (const id of [1, 2, 3, 4, 5]) lanes.add(id, 'background')
    expect(ids()).toEqual([1])
    lanes.add(9, 'demand')
    expect(started).toEqual([
      [1, 'background'],
      [9, 'demand']
    ])
    expect(lanes.active).toBe(2)
  })

  it('starts requests before the backlog as places free up, oldest request first', () => {
    const { lanes, ids } = scheduler()
    for (const id of [1, 2, 3]) lanes.add(id, 'background')
    lanes.add(10, 'demand')
    lanes.add(11, 'demand')
    lanes.add(12, 'demand')
    expect(ids()).toEqual([1, 10])
    // A background place frees: the waiting requests still go first.
    lanes.finished(1)
    expect(ids()).toEqual([1, 10, 11])
    lanes.finished(10)
    expect(ids()).toEqual([1, 10, 11, 12])
    lanes.finished(11)
    lanes.finished(12)
    expect(ids()).toEqual([1, 10, 11, 12, 2])
    // Only one background image at a time, with a free place and nothing asked for.
    expect(lanes.active).toBe(1)
    lanes.finished(2)
    expect(ids()).toEqual([1, 10, 11, 12, 2, 3])
  })

  it('never runs more than its places, nor the backlog more than its own', () => {
    const { lanes, started } = scheduler({ slots: 3, backgroundSlots: 2 })
    let running: [number, Lane][] = []
    let most = 0
    let mostBackground = 0
    const finishOne = () => {
      const [id] = running.shift()!
      lanes.finished(id)
    }
    for (let id = 1; id <= 40; id++) {
      lanes.add(id, id % 3 === 0 ? 'demand' : 'background')
      running = [...running, ...started.splice(0)]
      most = Math.max(most, running.length)
      mostBackground = Math.max(
        mostBackground,
        running.filter(([, lane]) => lane === 'background').length
      )
      if (id % 2 === 0) finishOne()
    }
    while (running.length > 0) {
      finishOne()
      running = [...running, ...started.splice(0)]
      most = Math.max(most, running.length)
    }
    expect(most).toBe(3)
    expect(mostBackground).toBe(2)
    expect(lanes.queued).toBe(0)
  })

  it('moves a queued background id up when it is asked for, and never back down by asking', () => {
    const { lanes, ids } = scheduler({ slots: 1 })
    for (const id of [1, 2, 3, 4]) lanes.add(id, 'background')
    lanes.add(4, 'demand')
    expect(lanes.laneOf(4)).toBe('demand')
    lanes.add(4, 'background')
    expect(lanes.laneOf(4)).toBe('demand')
    // Asking again for what runs changes nothing.
    lanes.add(1, 'demand')
    expect(lanes.isRunning(1)).toBe(true)
    lanes.finished(1)
    lanes.finished(4)
    lanes.finished(2)
    lanes.finished(3)
    expect(ids()).toEqual([1, 4, 2, 3])
  })

  it('lets one backlog image go first after `fairness` requests in a row, so the backlog ends', () => {
    const { lanes, ids } = scheduler({ slots: 1, fairness: 3 })
    lanes.add(1, 'background')
    lanes.add(2, 'background')
    // Someone scrolls without end: a new request is always waiting when a place frees.
    let next = 100
    lanes.add(next++, 'demand')
    for (let round = 0; round < 12; round++) {
      lanes.add(next++, 'demand')
      lanes.finished(ids().at(-1)!)
    }
    expect(ids().slice(0, 6)).toEqual([1, 100, 101, 102, 2, 103])
  })

  it('puts a withdrawn id at the head of the backlog, and forgets removed ones', () => {
    const { lanes, ids } = scheduler({ slots: 1 })
    for (const id of [1, 2, 3]) lanes.add(id, 'background')
    lanes.add(7, 'demand')
    expect(lanes.remove(7)).toBe(true)
    lanes.add(7, 'background', { front: true })
    expect(lanes.remove(3)).toBe(true)
    expect(lanes.remove(3)).toBe(false)
    for (const id of [1, 7, 2]) lanes.finished(id)
    expect(ids()).toEqual([1, 7, 2])
    expect(lanes.queued).toBe(0)
  })

  it('holds the backlog back while told to, and starts it again after', () => {
    const { lanes, ids } = scheduler()
    lanes.holdBackground(true)
    for (const id of [1, 2, 3]) lanes.add(id, 'background')
    lanes.add(9, 'demand')
    lanes.add(10, 'demand')
    expect(ids()).toEqual([9, 10])
    lanes.finished(9)
    lanes.finished(10)
    expect(ids()).toEqual([9, 10])
    lanes.holdBackground(false)
    expect(ids()).toEqual([9, 10, 1])
  })

  it('clear() drops what waits and lets what runs finish', () => {
    const { lanes, ids } = scheduler()
    for (const id of [1, 2, 3]) lanes.add(id, 'background')
    lanes.add(4, 'demand')
    lanes.add(5, 'demand')
    lanes.clear()
    expect(lanes.queued).toBe(0)
    lanes.finished(1)
    lanes.finished(4)
    expect(ids()).toEqual([1, 4])
    expect(lanes.active).toBe(0)
  })
})
