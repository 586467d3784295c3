/**
 * Appends index lines with group commit: while one write is on its way to the file, the lines
 * that arrive meanwhile wait and then go down together in the next write. A crawl saves dozens of
 * images at once; appending them one write after another made every save wait its turn in a queue
 * of thread-pool round trips (tens of milliseconds each under load), holding a download slot.
 * Each `append` still resolves only once its own line has been written, and lines stay whole and
 * in order.
 */
import type { FileHandle } from 'node:fs/promises'

interface Waiting {
  lines: string[]
  resolve: () => void
  reject: (error: unknown) => void
  promise: Promise<void>
}

export class IndexAppender {
  private writing: Promise<void> | undefined
  private next: Waiting | undefined

  constructor(private readonly file: FileHandle) {}

  /** Resolves once `line` is in the file (written, not fsynced). */
  append(line: string): Promise<void> {
    const batch = (this.next ??= waiting())
    batch.lines.push(line)
    if (!this.writing) this.writeNext()
    return batch.promise
  }

  /** Resolves once every line appended so far is written (failures are the appenders' to see). */
  async flushed(): Promise<void> {
    while (this.writing) await this.writing
  }

  private writeNext(): void {
    const batch = this.next
    this.next = undefined
    if (!batch) {
      this.writing = undefined
      return
    }
    this.writing = this.file.appendFile(batch.lines.join('')).then(
      () => {
        batch.resolve()
        this.writeNext()
      },
      (error: unknown) => {
        batch.reject(error)
        this.writeNext()
      }
    )
  }
}

function waiting(): Waiting {
  let resolve!: () => void
  let reject!: (error: unknown) => void
  const promise = new Promise<void>((res, rej) => {
    resolve = res
    reject = rej
  })
  // A batch nobody awaits any more (its saves were abandoned) must not be an unhandled rejection.
  promise.catch(() => undefined)
  return { lines: [], resolve, reject, promise }
}
