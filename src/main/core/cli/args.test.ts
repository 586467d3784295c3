import { describe, expect, it } from 'vitest'
import { DEFAULT_CONCURRENCY, DEFAULT_RETRIES } from '@shared/settings'
import { DEFAULT_SOURCE } from '@shared/source'
import { parseCrawlArgs, UsageError, type CrawlOptions } from './args'

function options(argv: string[]): CrawlOptions {
  const command = parseCrawlArgs(argv)
  if (command.kind !== 'crawl') throw new Error(`expected a crawl, got ${command.kind}`)
  return command.options
}

function usageError(argv: string[]): string {
  try {
    parseCrawlArgs(argv)
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError)
    return (error as Error).message
  }
  throw new Error(`${argv.join(' ')} was accepted`)
}

describe('parseCrawlArgs', () => {
  it('has the documented defaults', () => {
    expect(options([])).toEqual({
      out: undefined,
      source: DEFAULT_SOURCE,
      plan: { kind: 'known' },
      concurrency: DEFAULT_CONCURRENCY,
      retries: DEFAULT_RETRIES,
      verify: false,
      json: false,
      quiet: false
    })
  })

  it('reads every option, as "--flag value" or "--flag=value"', () => {
    expect(
      options([
        '--out',
        '/tmp/ev',
        '--source=http://127.0.0.1:9/{id}.json',
        '--ids',
        '1000-1002,5003',
        '--concurrency=64',
        '--retries',
        '0',
        '--verify',
        '--json',
        '--quiet'
      ])
    ).toEqual({
      out: '/tmp/ev',
      source: 'http://127.0.0.1:9/{id}.json',
      plan: { kind: 'list', ids: [1000, 1001, 1002, 5003] },
      concurrency: 64,
      retries: 0,
      verify: true,
      json: true,
      quiet: true
    })
  })

  it('answers --help and --version before checking anything else', () => {
    expect(parseCrawlArgs(['--help'])).toEqual({ kind: 'help' })
    expect(parseCrawlArgs(['-h', '--concurrency', 'lots'])).toEqual({ kind: 'help' })
    expect(parseCrawlArgs(['--version'])).toEqual({ kind: 'version' })
  })

  it.each([
    [['--bogus'], 'unknown option "--bogus"'],
    [['stray'], 'unexpected argument "stray"'],
    [['-x'], 'unexpected argument "-x"'],
    [['-hx'], 'unexpected argument "-hx"'],
    [['--'], 'unexpected argument "--"'],
    [['--bogus=1'], 'unknown option "--bogus"'],
    [['--verify=yes'], '--verify takes no value'],
    [['--ids', '--verify'], '--ids needs a value'],
    [['--out'], '--out needs a value'],
    [['--out', '--json'], '--out needs a value'],
    [['--out', ''], '--out: the folder name is empty'],
    [['--json=yes'], '--json takes no value'],
    [['--concurrency', '0'], '--concurrency must be a whole number from 1 to 64, not "0"'],
    [['--concurrency', '65'], '--concurrency must be a whole number from 1 to 64, not "65"'],
    [['--concurrency', '2.5'], '--concurrency must be a whole number from 1 to 64, not "2.5"'],
    [['--concurrency', '1e1'], '--concurrency must be a whole number from 1 to 64, not "1e1"'],
    [['--retries', '-1'], '--retries must be a whole number from 0 to 10, not "-1"'],
    [['--retries=-1'], '--retries must be a whole number from 0 to 10, not "-1"'],
    [['--retries', '11'], '--retries must be a whole number from 0 to 10, not "11"'],
    [['--ids', 'abc'], '--ids: "abc" is not an id or a range like 1000-2999'],
    [['--ids', '5-1'], '--ids: "5-1": a range must run from low to high'],
    [['--ids', '0'], '--ids: "0": ids run from 1 to 99999'],
    [['--ids', ''], '--ids: the id list is empty'],
    [['--source', 'http://example.com/1.json'], '--source: the source URL must contain {id}'],
    [
      ['--source', 'ftp://example.com/{id}.json'],
      '--source: the source URL must start with http:// or https://'
    ],
    [['--source', 'not a url {id}'], '--source: "not a url {id}" is not a URL']
  ])('rejects %j', (argv, message) => {
    expect(usageError(argv)).toBe(message)
  })
})
