import { mkdir, readFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import type { z } from 'zod'
import { writeFileAtomic } from '../library/atomic-file'

/**
 * A small JSON file of the app's own state in the data folder (the rotation's bag, the download
 * ledger). Read once and checked against its schema: a file that is missing, unreadable as JSON
 * or not in the expected shape (edited by hand, from a newer version) gives the fallback instead
 * of breaking the app. Written atomically, one write at a time and in call order, so the newest
 * state always wins and a crash leaves the old file or the new one.
 */
export class JsonStateFile<T> {
  private queue: Promise<void> = Promise.resolve()

  constructor(
    readonly path: string,
    private readonly schema: z.ZodType<T>
  ) {}

  async load(fallback: T): Promise<T> {
    let text: string
    try {
      text = await readFile(this.path, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return fallback
      throw error
    }
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch {
      return fallback
    }
    const parsed = this.schema.safeParse(json)
    return parsed.success ? parsed.data : fallback
  }

  /** Resolves once this value (or a newer one) is on disk; rejects when this write failed. */
  save(value: T): Promise<void> {
    const text = `${JSON.stringify(value)}\n`
    const write = this.queue.then(async () => {
      await mkdir(dirname(this.path), { recursive: true })
      await writeFileAtomic(this.path, text)
    })
    this.queue = write.catch(() => undefined)
    return write
  }

  /** Resolves when every write asked for so far has ended. */
  flushed(): Promise<void> {
    return this.queue
  }
}
