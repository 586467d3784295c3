import { describe, expect, it } from 'vitest'
import {
  API_EVENTS,
  API_METHODS,
  allNames,
  isApiEvent,
  isApiMethod,
  type ApiEvent,
  type ApiMethod
} from './api'

describe('the contract’s lists', () => {
  it('name every method and event once', () => {
    expect(new Set(API_METHODS).size).toBe(API_METHODS.length)
    expect(new Set(API_EVENTS).size).toBe(API_EVENTS.length)
    expect(API_EVENTS).toContain('thumbnailsReady')
    for (const method of API_METHODS) expect(isApiMethod(method)).toBe(true)
    for (const event of API_EVENTS) expect(isApiEvent(event)).toBe(true)
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'on', 42]) {
      expect(isApiMethod(name), String(name)).toBe(false)
      expect(isApiEvent(name), String(name)).toBe(false)
    }
  })

  it('cannot be left incomplete: the type checker refuses a list that misses a name', () => {
    // These lines are checked by `npm run typecheck`: each @ts-expect-error must meet an error.
    const every = Object.fromEntries(API_EVENTS.map((event) => [event, true])) as Record<
      ApiEvent,
      true
    >
    const { thumbnailsReady: _left, ...allButOne } = every
    // @ts-expect-error -- 'thumbnailsReady' is missing, so this table is not a Record<ApiEvent, true>
    allNames<ApiEvent>(allButOne)
    // @ts-expect-error -- an event the contract does not declare
    allNames<ApiEvent>({ ...every, wallpaperChanged: true })
    // @ts-expect-error -- a method list without most of the methods
    allNames<ApiMethod>({ getState: true })
    expect(allNames<ApiEvent>(every)).toEqual(API_EVENTS)
    // And the lists are frozen: nothing can be pushed into them at run time either.
    expect(Object.isFrozen(API_EVENTS) && Object.isFrozen(API_METHODS)).toBe(true)
  })
})
