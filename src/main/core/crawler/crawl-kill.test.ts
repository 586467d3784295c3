import { afterEach, describe, expect, it } from 'vitest'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { startStandin, type Standin } from '../../../../e2e/standin/server'
import { Catalog } from '../catalog/catalog'
import { Library } from '../library/library'
import { startCrawl } from './crawl'
import { expectLibraryExact, knownIds } from '../../../../test/support/crawl-harness'

const RUN_TS = resolve('e2e/standin/run-ts.mjs')
const CHILD = resolve('e2e/standin/crawl-child.ts')

let standin: Standin | undefined
let folder: string | undefined
afterEach(async () => {
  await standin?.close()
  if (folder) await rm(folder, { recursive: true, force: true })
  standin = undefined
  folder = undefined
})

describe('crawl killed with SIGKILL', () => {
  it('leaves only complete images, and a rerun finishes the rest byte-exact', async () => {
    const ids = knownIds(120, 200)
    standin = await startStandin({ ids, latencyMs: 15 })
    folder = await mkdtemp(join(tmpdir(), 'evg-kill-'))
    const args = { source: standin.url, folder, ids, concurrency: 6 }
    const child = spawn(process.execPath, [RUN_TS, CHILD, JSON.stringify(args)], {
      stdio: ['ignore', 'pipe', 'inherit']
    })
    const exited = once(child, 'exit')
    const lines: string[] = []
    for await (const line of createInterface({ input: child.stdout })) {
      lines.push(line)
      if (lines.filter((l) => l.startsWith('saved ')).length === 15) {
        child.kill('SIGKILL')
        break
      }
    }
    const [code, signal] = await exited
    expect({ code, signal }).toEqual({ code: null, signal: 'SIGKILL' })
    expect(lines.some((l) => l.startsWith('done'))).toBe(false)

    // Right after the kill: every finished-looking image is complete (atomic rename).
    const jpgs = (await readdir(folder)).filter((name) => name.endsWith('.jpg'))
    expect(jpgs.length).toBeGreaterThanOrEqual(15)
    expect(jpgs.length).toBeLessThan(ids.length)
    for (const name of jpgs) {
      const bytes = await readFile(join(folder, name))
      expect(bytes.equals(standin.expectedJpeg(Number.parseInt(name))), name).toBe(true)
    }

    const library = await Library.open(folder)
    const kept = library.list().map((record) => record.id)
    expect(kept.length).toBe(jpgs.length)
    const attemptsBefore = new Map(kept.map((id) => [id, standin!.attempts(id)]))
    const summary = await startCrawl({
      source: standin.url,
      plan: { kind: 'list', ids },
      library,
      catalog: new Catalog(),
      concurrency: 6,
      retryBaseDelayMs: 5
    }).done
    await library.close()

    expect(summary).toMatchObject({ skipped: kept.length, saved: ids.length - kept.length })
    expect(summary.failed).toEqual([])
    for (const id of kept) expect(standin.attempts(id)).toBe(attemptsBefore.get(id))
    await expectLibraryExact(folder, standin, ids)
    const index = (await readFile(join(folder, '.earthview', 'index.jsonl'), 'utf8')).trim()
    expect(new Set(index.split('\n').map((line) => JSON.parse(line).id))).toEqual(new Set(ids))
  })
})
