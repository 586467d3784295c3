/**
 * A crawl in its own process, for the kill -9 test: prints "saved <id>" per saved image so the
 * test knows when to kill it. Run with run-ts.mjs; the one argument is JSON:
 * { "source": "...{id}...", "folder": "...", "ids": [..], "concurrency": 4 }
 */
import { Catalog } from '../../src/main/core/catalog/catalog'
import { startCrawl } from '../../src/main/core/crawler'
import { Library } from '../../src/main/core/library'

const args = JSON.parse(process.argv[2] ?? '{}') as {
  source: string
  folder: string
  ids: number[]
  concurrency: number
}
const library = await Library.open(args.folder)
const crawl = startCrawl({
  source: args.source,
  plan: { kind: 'list', ids: args.ids },
  library,
  catalog: new Catalog(),
  concurrency: args.concurrency,
  retryBaseDelayMs: 10
})
crawl.on('saved', (record) => process.stdout.write(`saved ${record.id}\n`))
const summary = await crawl.done
await library.close()
process.stdout.write(`done ${JSON.stringify(summary)}\n`)
