/**
 * Which thumbnail is made next. Two lanes: `demand` (someone is waiting for it: the page's request
 * for a tile on screen) and `background` (the backlog a crawl leaves). Demand goes first; the
 * background never holds more than `backgroundSlots` of the `slots`, so a request from the page
 * starts at once (or after one image, with a single slot) however long the backlog, and on a
 * two-core machine the backlog leaves a core to the page, the crawl and the server. So that the
 * backlog still ends while someone scrolls for a long time, after `fairness` demand jobs in a row
 * have started while a background job could have, one background job goes first.
 *
 * It only orders ids and counts slots: the caller runs each job and says when it ended.
 */
export type Lane = 'demand' | 'background'

export interface LaneSchedulerOptions {
  /** Jobs at once, both lanes together. */
  slots: number
  /** Background jobs at once, at most; at least 1. */
  backgroundSlots: number
  /** Demand jobs started in a row, while background work waited for a slot it could take. */
  fairness: number
}

export class LaneScheduler {
  private readonly lanes: Record<Lane, Set<number>> = {
    demand: new Set(),
    background: new Set()
  }
  private readonly running = new Map<number, Lane>()
  private runningBackground = 0
  private demandStreak = 0
  private backgroundHeld = false
  private readonly slots: number
  private readonly backgroundSlots: number
  private readonly fairness: number

  /** `start` is called as each job starts; call `finished(id)` when it has ended. */
  constructor(
    options: LaneSchedulerOptions,
    private readonly start: (id: number, lane: Lane) => void
  ) {
    this.slots = Math.max(1, Math.floor(options.slots))
    this.backgroundSlots = Math.min(this.slots, Math.max(1, Math.floor(options.backgroundSlots)))
    this.fairness = Math.max(1, Math.floor(options.fairness))
  }

  /** Queued (not running) ids, both lanes. */
  get queued(): number {
    return this.lanes.demand.size + this.lanes.background.size
  }

  get active(): number {
    return this.running.size
  }

  /** The lane an id waits in, or undefined when it is not queued (running, or unknown). */
  laneOf(id: number): Lane | undefined {
    if (this.lanes.demand.has(id)) return 'demand'
    if (this.lanes.background.has(id)) return 'background'
    return undefined
  }

  isRunning(id: number): boolean {
    return this.running.has(id)
  }

  /**
   * Queues an id at the back of a lane, or moves it up to demand. An id already in demand, or
   * running, stays where it is. `front`: at the head of the lane instead (a demand withdrawn goes
   * back to where the backlog is taken from next).
   */
  add(id: number, lane: Lane, options: { front?: boolean } = {}): void {
    if (this.running.has(id) || this.lanes.demand.has(id)) return
    if (lane === 'background' && this.lanes.background.has(id)) return
    this.lanes.background.delete(id)
    const target = this.lanes[lane]
    if (options.front && target.size > 0) {
      const rest = [...target]
      target.clear()
      target.add(id)
      for (const other of rest) target.add(other)
    } else {
      target.add(id)
    }
    this.pump()
  }

  /** Takes a queued id out of its lane; false when it was not queued. */
  remove(id: number): boolean {
    return this.lanes.demand.delete(id) || this.lanes.background.delete(id)
  }

  /** Drops every queued id (running jobs go on). */
  clear(): void {
    this.lanes.demand.clear()
    this.lanes.background.clear()
  }

  /** While held, only demand jobs start; background jobs already running finish. */
  holdBackground(held: boolean): void {
    this.backgroundHeld = held
    if (!held) this.pump()
  }

  /** A job that `start` began has ended: its slot goes to the next one. */
  finished(id: number): void {
    const lane = this.running.get(id)
    if (lane === undefined) return
    this.running.delete(id)
    if (lane === 'background') this.runningBackground--
    this.pump()
  }

  private pump(): void {
    while (this.running.size < this.slots) {
      const lane = this.nextLane()
      if (!lane) return
      const id = this.lanes[lane].values().next().value as number
      this.lanes[lane].delete(id)
      this.running.set(id, lane)
      if (lane === 'background') this.runningBackground++
      this.start(id, lane)
    }
  }

  private nextLane(): Lane | null {
    const backgroundMay =
      !this.backgroundHeld &&
      this.lanes.background.size > 0 &&
      this.runningBackground < this.backgroundSlots
    if (!backgroundMay) return this.lanes.demand.size > 0 ? 'demand' : null
    if (this.lanes.demand.size > 0 && this.demandStreak < this.fairness) {
      this.demandStreak++
      return 'demand'
    }
    this.demandStreak = 0
    return 'background'
  }
}
