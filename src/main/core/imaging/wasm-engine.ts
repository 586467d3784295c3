/// <reference types="electron-vite/node" />
import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import { GalleryError } from '@shared/errors'
import type { ImageEngine } from './image-engine'
import { ImagingUnavailableError } from './image-engine'
// electron-vite bundles the worker's entry as a file of its own and gives its path; the tests'
// config maps it to the TypeScript source, which Node runs as it is.
import workerPath from './sharp-ops?modulePath'
import {
  firstLine,
  reviveBuffers,
  workerSetup,
  type ImageRequest,
  type ImageResults,
  type WorkerMessage
} from './sharp-ops'

export interface WasmEngineOptions {
  /** Worker threads at most. Default: 2 (or 1 on a single core), measured in `npm run bench:thumbnails`. */
  workers?: number
  /** A worker idle this long stops: each holds ~110 MB. Default 30 s. */
  idleMs?: number
  /** The module each worker loads as sharp; tests name a missing one. */
  sharp?: string
  /** Read files into memory before sharp sees them (default; the benchmark compares both). */
  readFirst?: boolean
}

export const DEFAULT_WASM_WORKERS = 2
const DEFAULT_IDLE_MS = 30_000

interface Task {
  request: ImageRequest
  resolve: (value: ImageResults[keyof ImageResults]) => void
  reject: (error: Error) => void
}

interface Slot {
  worker: Worker
  ready: boolean
  /** The one request this worker is on, with its id. */
  task: (Task & { id: number }) | null
  idleTimer: NodeJS.Timeout | null
}

/**
 * sharp's WebAssembly build in worker threads, for the processes where native libvips must not
 * load. On the calling thread the WebAssembly build froze the event loop for up to ~350 ms (its
 * start-up and proxied file reads); in workers the main thread only passes paths and bytes.
 *
 * Workers start on demand, take one request at a time from one FIFO queue, and stop after
 * `idleMs` without work. A worker that cannot load sharp makes the engine unavailable for good; one
 * that dies mid-request fails that request only and is replaced.
 */
export class WasmSharpEngine implements ImageEngine {
  readonly kind = 'wasm'
  private readonly maxWorkers: number
  private readonly idleMs: number
  private readonly queue: Task[] = []
  private readonly slots = new Set<Slot>()
  private failure: ImagingUnavailableError | null = null
  private closed = false
  private nextId = 1

  constructor(private readonly options: WasmEngineOptions = {}) {
    const workers = options.workers ?? Math.min(DEFAULT_WASM_WORKERS, availableParallelism())
    this.maxWorkers = Math.max(1, Math.floor(workers))
    this.idleMs = options.idleMs ?? DEFAULT_IDLE_MS
  }

  run<R extends ImageRequest>(request: R): Promise<ImageResults[R['op']]> {
    if (this.failure) return Promise.reject(this.failure)
    if (this.closed) return Promise.reject(cancelled())
    return new Promise((resolve, reject) => {
      this.queue.push({
        request,
        resolve: resolve as Task['resolve'],
        reject
      })
      this.pump()
    })
  }

  /** Starts one worker if none runs; it rests (and stops after `idleMs`) if no request comes. */
  warm(): void {
    if (this.failure || this.closed || this.slots.size > 0) return
    this.spawn()
  }

  /** Stops every worker; what is queued or running is cancelled. */
  async close(): Promise<void> {
    this.closed = true
    this.rejectAll(cancelled())
    await this.stopAll()
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) break
      if (slot.ready && !slot.task) this.assign(slot, this.queue.shift()!)
    }
    const starting = [...this.slots].filter((slot) => !slot.ready).length
    const wanted = Math.min(this.queue.length - starting, this.maxWorkers - this.slots.size)
    for (let i = 0; i < wanted; i++) this.spawn()
  }

  private spawn(): void {
    const worker = new Worker(workerPath, {
      workerData: workerSetup(this.options.sharp, this.options.readFirst)
    })
    const slot: Slot = { worker, ready: false, task: null, idleTimer: null }
    this.slots.add(slot)
    worker.on('message', (message: WorkerMessage) => this.onMessage(slot, message))
    // 'error' (an uncaught exception, or an entry that cannot load) is followed by 'exit'.
    worker.on('error', (error) => this.onStopped(slot, firstLine(error)))
    worker.on('exit', (code) => this.onStopped(slot, `it exited with code ${code}`))
  }

  private assign(slot: Slot, task: Task): void {
    if (slot.idleTimer) clearTimeout(slot.idleTimer)
    slot.idleTimer = null
    slot.worker.ref()
    slot.task = { ...task, id: this.nextId++ }
    slot.worker.postMessage({ id: slot.task.id, request: task.request })
  }

  private onMessage(slot: Slot, message: WorkerMessage): void {
    if (!this.slots.has(slot)) return
    if (message.type === 'failed') {
      this.fail(new ImagingUnavailableError(message.message))
      return
    }
    if (message.type === 'ready') {
      slot.ready = true
    } else {
      const task = slot.task
      if (!task || task.id !== message.id) return
      slot.task = null
      if (message.type === 'done') task.resolve(reviveBuffers(message.value))
      else task.reject(Object.assign(new Error(message.message), { code: message.code }))
    }
    this.pump()
    if (!slot.task) this.rest(slot)
  }

  /** An idle worker does not keep the process alive, and stops after a while. */
  private rest(slot: Slot): void {
    slot.worker.unref()
    slot.idleTimer = setTimeout(() => {
      this.slots.delete(slot)
      void slot.worker.terminate()
    }, this.idleMs)
    slot.idleTimer.unref()
  }

  private onStopped(slot: Slot, reason: string): void {
    if (!this.slots.delete(slot)) return
    if (slot.idleTimer) clearTimeout(slot.idleTimer)
    if (!slot.ready) {
      // It never served a request: it cannot (a missing worker file, a broken install).
      this.fail(new ImagingUnavailableError(`the image worker could not start: ${reason}`))
      return
    }
    slot.task?.reject(
      new GalleryError('internal', `The image worker stopped (${reason}) while making this image.`)
    )
    this.pump()
  }

  private fail(error: ImagingUnavailableError): void {
    this.failure ??= error
    this.rejectAll(this.failure)
    void this.stopAll()
  }

  private rejectAll(error: Error): void {
    for (const task of this.queue.splice(0)) task.reject(error)
    for (const slot of this.slots) {
      slot.task?.reject(error)
      slot.task = null
    }
  }

  private async stopAll(): Promise<void> {
    const slots = [...this.slots]
    this.slots.clear()
    await Promise.all(
      slots.map((slot) => {
        if (slot.idleTimer) clearTimeout(slot.idleTimer)
        return slot.worker.terminate()
      })
    )
  }
}

function cancelled(): GalleryError {
  return new GalleryError('cancelled', 'The image workers are shut down.')
}
