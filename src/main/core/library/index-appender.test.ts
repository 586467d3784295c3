import { afterEach, describe, expect, it } from 'vitest'
import { mkdtemp, open, readFile, rm, type FileHandle } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { IndexAppender } from './index-appender'

let folder: string | undefined
let file: FileHandle | undefined
afterEach(async () => {
  await file?.close().catch(() => undefined)
  if (folder) await rm(folder, { recursive: true, force: true })
  folder = file = undefined
})

async function indexFile(): Promise<{ path: string; file: FileHandle; writes: string[] }> {
  folder = await mkdtemp(join(tmpdir(), 'index-appender-'))
  const path = join(folder, 'index.jsonl')
  file = await open(path, 'a')
  // Records what reaches the file in each write, to see the batching.
  const writes: string[] = []
  const appendFile = file.appendFile.bind(file)
  file.appendFile = (data, options) => {
    writes.push(String(data))
    return appendFile(data, options)
  }
  return { path, file, writes }
}

describe('IndexAppender', () => {
  it('writes every line whole and in order, batching the ones that arrive during a write', async () => {
    const { path, file, writes } = await indexFile()
    const appender = new IndexAppender(file)
    const lines = Array.from({ length: 200 }, (_, i) => `{"id":${i + 1}}\n`)
    const written: number[] = []
    await Promise.all(lines.map((line, i) => appender.append(line).then(() => written.push(i))))

    expect(await readFile(path, 'utf8')).toBe(lines.join(''))
    // The first line goes alone; everything that queued behind it shares few writes.
    expect(writes[0]).toBe(lines[0])
    expect(writes.length).toBeLessThan(10)
    expect(written.sort((a, b) => a - b)).toEqual(lines.map((_, i) => i))
  })

  it('resolves a line only once it is in the file', async () => {
    const { path, file } = await indexFile()
    const appender = new IndexAppender(file)
    await appender.append('{"id":1}\n')
    expect(await readFile(path, 'utf8')).toBe('{"id":1}\n')
    const second = appender.append('{"id":2}\n')
    const third = appender.append('{"id":3}\n')
    await third
    expect(await readFile(path, 'utf8')).toBe('{"id":1}\n{"id":2}\n{"id":3}\n')
    await second
  })

  it('fails the lines of a write that failed, and goes on with the next ones', async () => {
    const { path, file, writes } = await indexFile()
    const appender = new IndexAppender(file)
    const appendFile = file.appendFile.bind(file)
    let failNext = true
    file.appendFile = (data, options) => {
      if (failNext) {
        failNext = false
        return Promise.reject(new Error('ENOSPC: no space left on device, write'))
      }
      return appendFile(data, options)
    }
    const first = appender.append('{"id":1}\n')
    const second = appender.append('{"id":2}\n')
    await expect(first).rejects.toThrow('ENOSPC')
    await expect(second).resolves.toBeUndefined()
    await appender.flushed()
    expect(await readFile(path, 'utf8')).toBe('{"id":2}\n')
    expect(writes).toEqual(['{"id":2}\n'])
  })
})
