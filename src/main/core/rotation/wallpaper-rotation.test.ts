import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { WallpaperResult } from '@shared/api'
import { GalleryError } from '@shared/errors'
import type { RotationState, WallpaperInterval, WallpaperSource } from '@shared/rotation'
import { seededRandom } from '../../../../test/support/seeded-random'
import {
  MAX_WAIT_MS,
  ROTATION_FILE,
  WallpaperRotation,
  type Clock,
  type Timer
} from './wallpaper-rotation'

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

/**
 * Wall-clock time and timers the test moves by hand. `advance` is time passing on a running
 * machine (timers fire in order); `sleep` is a suspended one: the wall clock jumps, while timers,
 * whose clock stood still, fire that much later.
 */
class FakeTime implements Clock, Timer {
  current = Date.parse('2026-03-02T06:00:00Z')
  pending: { run: () => void; at: number }[] = []

  now(): number {
    return this.current
  }

  set(run: () => void, ms: number): unknown {
    const handle = { run, at: this.current + ms }
    this.pending.push(handle)
    return handle
  }

  clear(handle: unknown): void {
    this.pending = this.pending.filter((pending) => pending !== handle)
  }

  async advance(ms: number, rotation: WallpaperRotation): Promise<void> {
    const target = this.current + ms
    for (;;) {
      const next = [...this.pending].sort((a, b) => a.at - b.at)[0]
      if (!next || next.at > target) break
      this.current = Math.max(this.current, next.at)
      this.clear(next)
      next.run()
      await rotation.idle()
    }
    this.current = target
  }

  sleep(ms: number): void {
    this.current += ms
    for (const pending of this.pending) pending.at += ms
  }
}

interface Harness {
  time: FakeTime
  rotation: WallpaperRotation
  applied: number[]
  states: RotationState[]
  choices: { interval: WallpaperInterval; source: WallpaperSource }
  eligible: number[]
  /** What the fake setter does next; 'applied' by default. */
  answer: (id: number) => Promise<WallpaperResult>
}

const folders: string[] = []
afterEach(() => {
  folders.length = 0
})

async function dataFolder(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'evg-rotation-'))
  folders.push(folder)
  return folder
}

const applied = (id: number): Promise<WallpaperResult> =>
  Promise.resolve({ status: 'applied', message: `Set ${id}.`, desktop: 'GNOME' })

async function openRotation(
  folder: string,
  setup: Partial<Pick<Harness, 'choices' | 'eligible'>> & { time?: FakeTime; seed?: number } = {}
): Promise<Harness> {
  const harness = {
    time: setup.time ?? new FakeTime(),
    applied: [] as number[],
    states: [] as RotationState[],
    choices: setup.choices ?? { interval: 'day', source: 'favorites' },
    eligible: setup.eligible ?? [1, 2, 3],
    answer: applied
  } as Harness
  harness.rotation = await WallpaperRotation.open({
    file: join(folder, ROTATION_FILE),
    settings: () => harness.choices,
    eligible: () => harness.eligible,
    apply: (id) => {
      harness.applied.push(id)
      return harness.answer(id)
    },
    clock: harness.time,
    timer: harness.time,
    random: seededRandom(setup.seed ?? 7)
  })
  harness.rotation.on('changed', (state) => harness.states.push(state))
  return harness
}

describe('WallpaperRotation: due times', () => {
  it('changes nothing at a first start, then once per interval while running', async () => {
    const h = await openRotation(await dataFolder(), {
      choices: { interval: 'hour', source: 'favorites' }
    })
    await h.rotation.start()
    expect(h.applied).toEqual([])
    const start = h.time.now()
    expect(h.rotation.state().nextChangeAt).toBe(start + HOUR)
    // The timer never waits longer than MAX_WAIT_MS, so it re-checks on the way.
    expect(h.time.pending.map((p) => p.at - start)).toEqual([MAX_WAIT_MS])

    await h.time.advance(HOUR - 1, h.rotation)
    expect(h.applied).toEqual([])
    await h.time.advance(1, h.rotation)
    expect(h.applied).toHaveLength(1)
    expect(h.rotation.state().nextChangeAt).toBe(start + 2 * HOUR)

    await h.time.advance(3 * HOUR, h.rotation)
    expect(h.applied).toHaveLength(4)
    expect(h.rotation.state()).toMatchObject({ current: h.applied[3], changing: false })
  })

  it('catches up once on resume after a sleep across several due times', async () => {
    const h = await openRotation(await dataFolder(), {
      choices: { interval: '3-hours', source: 'favorites' }
    })
    await h.rotation.start()
    h.time.sleep(20 * HOUR)
    await h.rotation.resume()
    expect(h.applied).toHaveLength(1)
    expect(h.rotation.state().nextChangeAt).toBe(h.time.now() + 3 * HOUR)
    // Resuming again (some desktops report it twice) changes nothing more.
    await h.rotation.resume()
    await h.time.advance(3 * HOUR - 1, h.rotation)
    expect(h.applied).toHaveLength(1)
  })

  it('catches up within MAX_WAIT_MS after a sleep even when no resume is reported', async () => {
    const h = await openRotation(await dataFolder())
    await h.rotation.start()
    await h.time.advance(2 * HOUR, h.rotation)
    h.time.sleep(2 * DAY)
    await h.time.advance(MAX_WAIT_MS, h.rotation)
    expect(h.applied).toHaveLength(1)
    await h.time.advance(DAY - MAX_WAIT_MS - 1, h.rotation)
    expect(h.applied).toHaveLength(1)
  })

  it('catches up once at start when a change fell due while the app was closed', async () => {
    const folder = await dataFolder()
    const first = await openRotation(folder)
    await first.rotation.start()
    await first.rotation.close()

    const time = new FakeTime()
    time.current = first.time.now() + 3 * DAY + 5 * MINUTE
    const second = await openRotation(folder, { time })
    await second.rotation.start()
    expect(second.applied).toHaveLength(1)
    expect(second.rotation.state().nextChangeAt).toBe(time.now() + DAY)
  })

  it('changes nothing at start when nothing is due', async () => {
    const folder = await dataFolder()
    const first = await openRotation(folder)
    await first.rotation.start()
    const due = first.rotation.state().nextChangeAt
    await first.rotation.close()

    const time = new FakeTime()
    time.current = first.time.now() + DAY - MINUTE
    const second = await openRotation(folder, { time })
    await second.rotation.start()
    expect(second.applied).toEqual([])
    expect(second.rotation.state().nextChangeAt).toBe(due)
  })

  it('starts counting when an interval is chosen and stops at "Never"', async () => {
    const h = await openRotation(await dataFolder(), {
      choices: { interval: 'never', source: 'favorites' }
    })
    await h.rotation.start()
    expect(h.rotation.state().nextChangeAt).toBeNull()
    expect(h.time.pending).toEqual([])

    await h.time.advance(HOUR, h.rotation)
    h.choices = { interval: 'hour', source: 'favorites' }
    h.rotation.refresh()
    expect(h.rotation.state().nextChangeAt).toBe(h.time.now() + HOUR)
    expect(h.states.at(-1)?.interval).toBe('hour')

    h.choices = { interval: 'never', source: 'favorites' }
    h.rotation.refresh()
    expect(h.rotation.state().nextChangeAt).toBeNull()
    expect(h.time.pending).toEqual([])
    await h.time.advance(5 * DAY, h.rotation)
    expect(h.applied).toEqual([])
  })

  it('pulls a due time back when the clock was set back', async () => {
    const h = await openRotation(await dataFolder())
    await h.rotation.start()
    h.time.current -= 3 * DAY
    await h.rotation.resume()
    expect(h.rotation.state().nextChangeAt).toBe(h.time.now() + DAY)
  })

  it('a press restarts the interval; so does an image set from the gallery', async () => {
    const h = await openRotation(await dataFolder())
    await h.rotation.start()
    await h.time.advance(20 * HOUR, h.rotation)
    await h.rotation.next()
    expect(h.rotation.state().nextChangeAt).toBe(h.time.now() + DAY)

    await h.time.advance(HOUR, h.rotation)
    h.rotation.noteSet(42)
    expect(h.rotation.state()).toMatchObject({ current: 42, nextChangeAt: h.time.now() + DAY })
  })
})

describe('WallpaperRotation: order', () => {
  it('presses go through every image before any repeats, never the same twice in a row', async () => {
    const h = await openRotation(await dataFolder(), { eligible: [4, 5, 6, 7] })
    await h.rotation.start()
    for (let i = 0; i < 16; i++) {
      const outcome = await h.rotation.next()
      expect(outcome).toMatchObject({ status: 'applied', trigger: 'manual' })
    }
    for (let round = 0; round < 4; round++) {
      expect([...h.applied.slice(round * 4, round * 4 + 4)].sort()).toEqual([4, 5, 6, 7])
    }
    for (let i = 1; i < h.applied.length; i++) expect(h.applied[i]).not.toBe(h.applied[i - 1])
  })

  it('presses made at once run one after another and each gets its own image', async () => {
    const h = await openRotation(await dataFolder())
    await h.rotation.start()
    const outcomes = await Promise.all([h.rotation.next(), h.rotation.next(), h.rotation.next()])
    expect(new Set(outcomes.map((outcome) => outcome.id)).size).toBe(3)
    expect(h.applied).toEqual(outcomes.map((outcome) => outcome.id))
  })
})

describe('WallpaperRotation: persistence', () => {
  it('a restart continues the same bag and keeps the current image', async () => {
    const folder = await dataFolder()
    const first = await openRotation(folder, { eligible: [1, 2, 3] })
    await first.rotation.start()
    await first.rotation.next()
    await first.rotation.next()
    const due = first.rotation.state().nextChangeAt
    await first.rotation.close()
    const onDisk = JSON.parse(await readFile(join(folder, ROTATION_FILE), 'utf8'))
    expect(onDisk).toMatchObject({ current: first.applied[1], drawn: first.applied })

    const second = await openRotation(folder, { eligible: [1, 2, 3], seed: 99 })
    await second.rotation.start()
    expect(second.applied).toEqual([])
    expect(second.rotation.state()).toMatchObject({ current: first.applied[1], nextChangeAt: due })
    const remaining = [1, 2, 3].find((id) => !first.applied.includes(id))
    expect((await second.rotation.next()).id).toBe(remaining)
  })

  it('starts afresh from a state file that is not valid', async () => {
    const folder = await dataFolder()
    await writeFile(join(folder, ROTATION_FILE), '{"version":1,"current":"x"')
    const h = await openRotation(folder)
    await h.rotation.start()
    expect(h.rotation.state()).toMatchObject({ current: null, last: null })
    expect((await h.rotation.next()).status).toBe('applied')
  })
})

describe('WallpaperRotation: failures', () => {
  it('a failed scheduled change waits for the next due time, and says so once', async () => {
    const h = await openRotation(await dataFolder(), {
      choices: { interval: 'hour', source: 'favorites' }
    })
    h.answer = () =>
      Promise.resolve({
        status: 'not-applied',
        message: 'gsettings said no.',
        desktop: 'GNOME'
      })
    await h.rotation.start()
    await h.time.advance(HOUR, h.rotation)
    expect(h.applied).toHaveLength(1)
    expect(h.rotation.state().last).toMatchObject({
      status: 'not-applied',
      trigger: 'schedule',
      message: 'gsettings said no.',
      failuresInARow: 1
    })
    expect(h.rotation.state().current).toBeNull()
    expect(h.rotation.state().nextChangeAt).toBe(h.time.now() + HOUR)

    // Many timer wake-ups, no retries: the next attempt is an hour later.
    await h.time.advance(HOUR - 1, h.rotation)
    expect(h.applied).toHaveLength(1)
    await h.time.advance(1, h.rotation)
    expect(h.applied).toHaveLength(2)
    expect(h.applied[1]).not.toBe(h.applied[0])
    expect(h.rotation.state().last?.failuresInARow).toBe(2)

    h.answer = applied
    await h.time.advance(HOUR, h.rotation)
    expect(h.rotation.state().last).toMatchObject({ status: 'applied', failuresInARow: 0 })
    expect(h.rotation.state().current).toBe(h.applied[2])
  })

  it('an image that cannot be had is a failed change, not a crash', async () => {
    const h = await openRotation(await dataFolder())
    h.answer = (id) => Promise.reject(new GalleryError('not-found', `Image ${id} is gone.`))
    await h.rotation.start()
    const due = h.rotation.state().nextChangeAt
    const outcome = await h.rotation.next()
    expect(outcome).toMatchObject({ status: 'failed', message: `Image ${outcome.id} is gone.` })
    // A press that failed leaves the schedule alone.
    expect(h.rotation.state()).toMatchObject({ nextChangeAt: due, changing: false })
  })

  it('an empty set says what to do, sets nothing and breaks nothing', async () => {
    const h = await openRotation(await dataFolder(), {
      eligible: [],
      choices: { interval: 'hour', source: 'favorites' }
    })
    await h.rotation.start()
    const outcome = await h.rotation.next()
    expect(outcome).toMatchObject({ status: 'empty', id: null })
    expect(outcome.message).toMatch(/no favorites yet.*Favorite/i)
    expect(h.rotation.state().eligible).toBe(0)

    await h.time.advance(HOUR, h.rotation)
    expect(h.rotation.state().last).toMatchObject({ status: 'empty', trigger: 'schedule' })
    expect(h.rotation.state().nextChangeAt).toBe(h.time.now() + HOUR)
    expect(h.applied).toEqual([])

    h.eligible = [9]
    expect((await h.rotation.next()).id).toBe(9)
  })
})
