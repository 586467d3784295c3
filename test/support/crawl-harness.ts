/** Shared set-up for the crawler's integration tests (real stand-in server, real folders). */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'vitest'
import { startStandin, type Standin, type StandinOptions } from '../../e2e/standin/server'
import { Catalog } from '../../src/main/core/catalog/catalog'
import { Library } from '../../src/main/core/library/library'
import { startCrawl, type Crawl, type CrawlOptions } from '../../src/main/core/crawler/crawl'

export interface Harness {
  standin: Standin
  library: Library
  catalog: Catalog
  folder: string
  crawl(ids: number[], options?: Partial<CrawlOptions>): Crawl
  cleanup(): Promise<void>
}

/** The first `n` known ids. */
export function knownIds(n: number, from = 0): number[] {
  return new Catalog().knownIds().slice(from, from + n)
}

export async function harness(options: StandinOptions = {}): Promise<Harness> {
  const folder = await mkdtemp(join(tmpdir(), 'evg-crawl-'))
  const standin = await startStandin(options)
  const library = await Library.open(folder)
  const catalog = new Catalog()
  return {
    standin,
    library,
    catalog,
    folder,
    crawl: (ids, extra = {}) =>
      startCrawl({
        source: standin.url,
        plan: { kind: 'list', ids },
        library,
        catalog,
        concurrency: 4,
        retries: 3,
        retryBaseDelayMs: 5,
        maxRetryDelayMs: 200,
        ...extra
      }),
    async cleanup() {
      await library.close()
      await standin.close()
      await rm(folder, { recursive: true, force: true })
    }
  }
}

/** Every saved file is exactly what the stand-in served, and nothing else lies in the folder. */
export async function expectLibraryExact(
  folder: string,
  standin: Standin,
  ids: readonly number[]
): Promise<void> {
  const names = (await readdir(folder)).sort()
  expect(names).toEqual(['.earthview', ...ids.map((id) => `${id}.jpg`)].sort())
  for (const id of ids) {
    const bytes = await readFile(join(folder, `${id}.jpg`))
    expect(bytes.equals(standin.expectedJpeg(id)), `image ${id}`).toBe(true)
  }
  expect((await readdir(join(folder, '.earthview'))).sort()).toEqual(['index.jsonl'])
}
