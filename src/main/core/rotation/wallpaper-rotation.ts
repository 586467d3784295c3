import { EventEmitter } from 'node:events'
import { z } from 'zod'
import type { WallpaperResult } from '@shared/api'
import {
  emptySourceMessage,
  INTERVAL_MS,
  isRotationFailure,
  WALLPAPER_INTERVALS,
  type RotationOutcome,
  type RotationState,
  type RotationStatus,
  type WallpaperInterval,
  type WallpaperSource
} from '@shared/rotation'
import { JsonStateFile } from '../state-file/json-state-file'
import { drawNext, type Random } from './shuffle-bag'

export interface Clock {
  /** Epoch milliseconds. */
  now(): number
}

export interface Timer {
  set(run: () => void, ms: number): unknown
  clear(handle: unknown): void
}

export const systemClock: Clock = { now: () => Date.now() }

export const systemTimer: Timer = {
  set: (run, ms) => setTimeout(run, ms).unref(),
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout)
}

/**
 * Timers run on a clock that stops while the machine sleeps, so a timer set for a due time 20
 * hours away fires hours late after a night asleep. Waking at least this often notices a due
 * time that passed during a sleep even where the host reports no resume (the browser bridge).
 */
export const MAX_WAIT_MS = 5 * 60_000

export const ROTATION_FILE = 'rotation.json'

export interface RotationOptions {
  /** `<data folder>/rotation.json`. */
  file: string
  /** The person's choices, read at each decision so a change in Settings applies at once. */
  settings(): { interval: WallpaperInterval; source: WallpaperSource }
  /** The images the source holds now. */
  eligible(source: WallpaperSource): readonly number[]
  /** The verified setter: sets the wallpaper and reads it back. May throw (image not available). */
  apply(id: number): Promise<WallpaperResult>
  clock?: Clock
  timer?: Timer
  random?: Random
}

const id = z.number().int().positive()

const outcomeSchema = z.object({
  status: z.enum(['applied', 'not-applied', 'unsupported', 'empty', 'failed']),
  message: z.string().max(2_000),
  id: id.nullable(),
  trigger: z.enum(['schedule', 'manual']),
  at: z.number(),
  failuresInARow: z.number().int().min(0)
}) satisfies z.ZodType<RotationOutcome>

const persistedSchema = z.object({
  version: z.literal(1),
  current: id.nullable(),
  drawn: z.array(id).max(100_000),
  /** The interval `nextDueAt` was worked out for: a different one in the settings means a new schedule. */
  interval: z.enum(WALLPAPER_INTERVALS),
  nextDueAt: z.number().nullable(),
  last: outcomeSchema.nullable()
})

type Persisted = z.infer<typeof persistedSchema>

const FRESH: Persisted = {
  version: 1,
  current: null,
  drawn: [],
  interval: 'never',
  nextDueAt: null,
  last: null
}

/**
 * The wallpaper rotation: which image comes next (a shuffle bag, ./shuffle-bag.ts) and when
 * (every hour / 3 hours / day after the last change). The bag, the current image and the next
 * due time are kept in the data folder, so a restart continues where the app stopped. A change
 * that fell due while the app was closed or the machine slept happens once, at start or on
 * resume; a failed one is tried again at the next due time, never in a loop. Changes, scheduled
 * or asked for, run one at a time. Plain Node with an injectable clock and timer.
 */
export class WallpaperRotation extends EventEmitter<{ changed: [RotationState] }> {
  private readonly clock: Clock
  private readonly timer: Timer
  private readonly random: Random
  private handle: unknown = null
  private queue: Promise<unknown> = Promise.resolve()
  private changing = false
  private closed = false

  private constructor(
    private readonly options: RotationOptions,
    private readonly file: JsonStateFile<Persisted>,
    private saved: Persisted
  ) {
    super()
    this.clock = options.clock ?? systemClock
    this.timer = options.timer ?? systemTimer
    this.random = options.random ?? Math.random
  }

  static async open(options: RotationOptions): Promise<WallpaperRotation> {
    const file = new JsonStateFile(options.file, persistedSchema)
    return new WallpaperRotation(options, file, await file.load(FRESH))
  }

  /** At app start: follows the settings, and makes a change that fell due meanwhile, once. */
  start(): Promise<void> {
    this.followInterval()
    return this.check()
  }

  /** The host calls this when the machine wakes up. */
  resume(): Promise<void> {
    return this.check()
  }

  /** "Next wallpaper": the next image from the bag, now. */
  next(): Promise<RotationOutcome> {
    return this.enqueue(() => this.change('manual'))
  }

  /**
   * After the settings or the images changed: a new interval starts counting now, and the state
   * (choices, how many images are eligible) is announced again.
   */
  refresh(): void {
    if (this.closed) return
    this.followInterval()
    this.arm()
    this.announce()
  }

  /** The person set an image from the gallery: it is current, and stays for a whole interval. */
  noteSet(id: number): void {
    if (this.closed) return
    this.remember({ ...this.saved, current: id, nextDueAt: this.dueAfter(this.clock.now()) })
    this.arm()
    this.announce()
  }

  state(): RotationState {
    const { interval, source } = this.options.settings()
    return {
      interval,
      source,
      eligible: new Set(this.options.eligible(source)).size,
      current: this.saved.current,
      nextChangeAt: INTERVAL_MS[interval] === null ? null : this.saved.nextDueAt,
      changing: this.changing,
      last: this.saved.last
    }
  }

  /** Resolves when the changes under way or queued have ended. */
  async idle(): Promise<void> {
    await this.queue
  }

  /** Stops the timer, lets a change under way end, and waits for the state file. */
  async close(): Promise<void> {
    this.closed = true
    this.disarm()
    await this.queue
    await this.file.flushed()
  }

  private check(): Promise<void> {
    return this.enqueue(async () => {
      if (this.closed) return
      try {
        const now = this.clock.now()
        const step = INTERVAL_MS[this.options.settings().interval]
        const due = this.saved.nextDueAt
        if (step !== null && due !== null && due > now + step) {
          // The clock was set back: the due time may not lie more than one interval ahead.
          this.remember({ ...this.saved, nextDueAt: now + step })
        } else if (step !== null && due !== null && now >= due) {
          await this.change('schedule')
        }
      } finally {
        this.arm()
      }
    })
  }

  private async change(trigger: RotationOutcome['trigger']): Promise<RotationOutcome> {
    const { source } = this.options.settings()
    const draw = drawNext(this.saved, this.options.eligible(source), this.random)
    let status: RotationStatus = 'empty'
    let message = emptySourceMessage(source)
    if (draw) {
      this.changing = true
      this.announce()
      try {
        const result = await this.options.apply(draw.id)
        status = result.status
        message = result.message
      } catch (error) {
        status = 'failed'
        message = error instanceof Error ? error.message : String(error)
      } finally {
        this.changing = false
      }
    }

    const now = this.clock.now()
    const failed = isRotationFailure(status)
    const outcome: RotationOutcome = {
      status,
      message,
      id: draw?.id ?? null,
      trigger,
      at: now,
      failuresInARow: failed ? (this.saved.last?.failuresInARow ?? 0) + 1 : 0
    }
    const next: Persisted = { ...this.saved, last: outcome }
    if (draw) {
      // A failed image still leaves the bag, so the next attempt tries another one.
      next.drawn = draw.state.drawn
      if (!failed) next.current = draw.id
    }
    // A scheduled attempt, even a failed one, waits a whole interval: no retry loop. A press that
    // failed leaves the schedule as it was.
    if (!failed || trigger === 'schedule') next.nextDueAt = this.dueAfter(now)
    this.remember(next)
    this.arm()
    this.announce()
    return outcome
  }

  /** A different interval than the schedule was made for: count it from now. */
  private followInterval(): void {
    const { interval } = this.options.settings()
    const now = this.clock.now()
    if (interval !== this.saved.interval) {
      this.remember({ ...this.saved, interval, nextDueAt: this.dueAfter(now) })
    } else if (this.saved.nextDueAt === null && INTERVAL_MS[interval] !== null) {
      this.remember({ ...this.saved, nextDueAt: this.dueAfter(now) })
    }
  }

  private dueAfter(time: number): number | null {
    const step = INTERVAL_MS[this.options.settings().interval]
    return step === null ? null : time + step
  }

  private remember(next: Persisted): void {
    this.saved = next
    // A state file that cannot be written costs, at worst, one repeated image after a restart;
    // the change itself succeeded, so it is not reported as failed.
    this.file.save(next).catch(() => undefined)
  }

  private arm(): void {
    this.disarm()
    const due = this.saved.nextDueAt
    if (this.closed || due === null || INTERVAL_MS[this.options.settings().interval] === null) {
      return
    }
    const wait = Math.max(0, Math.min(due - this.clock.now(), MAX_WAIT_MS))
    this.handle = this.timer.set(() => {
      this.handle = null
      void this.check()
    }, wait)
  }

  private disarm(): void {
    if (this.handle !== null) this.timer.clear(this.handle)
    this.handle = null
  }

  private announce(): void {
    if (!this.closed) this.emit('changed', this.state())
  }

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task)
    this.queue = run.catch(() => undefined)
    return run
  }
}
