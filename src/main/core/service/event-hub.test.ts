import { setImmediate as nextTurn } from 'node:timers/promises'
import { afterEach, describe, expect, it } from 'vitest'
import type { LibraryRecord } from '@shared/catalog'
import { EventHub } from './event-hub'

const record = (id: number): LibraryRecord => ({
  id,
  country: 'Chile',
  region: '',
  lat: -20,
  lng: -70,
  attribution: '',
  primaryColor: [1, 2, 3],
  hue: 0,
  bytes: 1,
  sha256: '0'.repeat(64),
  savedAt: '2026-12-02T00:00:00.000Z'
})

let hub: EventHub
afterEach(() => hub.close())

describe('EventHub', () => {
  it('sends the first saved item at once, and those that follow in one batch a flush later', async () => {
    hub = new EventHub()
    const batches: number[][] = []
    let next: () => void = () => undefined
    hub.on('itemsAdded', (items) => {
      batches.push(items.map((item) => item.id))
      next()
    })
    hub.queueItem(record(1))
    hub.queueItem(record(2))
    await nextTurn()
    // The first ones of a quiet spell: the same turn's items, without waiting for the interval.
    expect(batches).toEqual([[1, 2]])
    const second = new Promise<void>((resolve) => (next = resolve))
    for (const id of [3, 4, 5]) hub.queueItem(record(id))
    await nextTurn()
    expect(batches).toEqual([[1, 2]])
    await second
    expect(batches).toEqual([
      [1, 2],
      [3, 4, 5]
    ])
  })

  it('sends what is queued on flush(), and nothing twice', async () => {
    hub = new EventHub()
    const batches: number[][] = []
    hub.on('itemsAdded', (items) => batches.push(items.map((item) => item.id)))
    hub.queueItem(record(7))
    hub.flush()
    await nextTurn()
    expect(batches).toEqual([[7]])
  })
})
