/**
 * The built `crawl` command (out/main/cli.js), run as a child process against the local stand-in:
 * what scripts depend on (exit status, the --json line, the files) and what a person sees.
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { startStandin, type Standin } from '../../e2e/standin/server'
import { BUILD_TIMEOUT_MS, builtCli } from '../../scripts/test-setup/built-cli'
import { childOutput, type ChildRun } from '../../test/support/child-output'
import { version } from '../../package.json'
import { KNOWN_IDS } from './core/catalog/catalog'

type Run = ChildRun
const collect = childOutput

interface Report {
  requested: number
  saved: number
  skipped: number
  missing: number
  failed: { id: number; kind: string; reason: string }[]
  bytes: number
  seconds: number
}

let cli: string
const scratch: string[] = []

beforeAll(() => {
  cli = builtCli()
}, BUILD_TIMEOUT_MS)

afterEach(() => {
  for (const folder of scratch.splice(0)) rmSync(folder, { recursive: true, force: true })
})

function tempFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'crawl-cli-'))
  scratch.push(folder)
  return folder
}

function crawl(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<Run> {
  const started = performance.now()
  const child = spawn(process.execPath, [cli, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] })
  return collect(child, started)
}

function lastJson(run: Run): Report {
  const lines = run.stdout.trimEnd().split('\n')
  return JSON.parse(lines.at(-1) ?? '') as Report
}

/** Files in a folder, recursively, hidden ones included. */
function tree(folder: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' }).sort()
}

describe('crawl (built command)', () => {
  let standin: Standin
  // 1003 and 1004 exist in the catalog; 1001, 1002 and 1005 do not (404 → missing).
  const PRESENT = [1003, 1004, 1006, 1007]
  const FAILING = 1008

  beforeAll(async () => {
    standin = await startStandin({
      ids: [...PRESENT, FAILING],
      faults: (id) => (id === FAILING ? 'http500' : undefined)
    })
  })
  afterAll(() => standin.close())

  it('prints usage for --help and the version for --version', async () => {
    const help = await crawl(['--help'])
    expect(help.code).toBe(0)
    expect(help.stdout).toContain('Usage: npm run crawl -- [options]')
    for (const flag of [
      '--out',
      '--source',
      '--ids',
      '--concurrency',
      '--retries',
      '--verify',
      '--json',
      '--quiet'
    ]) {
      expect(help.stdout).toContain(flag)
    }
    expect(help.stderr).toBe('')

    const shown = await crawl(['--version'])
    expect(shown.code).toBe(0)
    expect(shown.stdout.trim()).toBe(version)
  })

  it('saves byte-exact images, reports JSON, and resumes with everything skipped', async () => {
    const out = join(tempFolder(), 'new', 'Earth View')
    const args = ['--out', out, '--source', standin.url, '--ids', '1001-1007', '--json']

    const first = await crawl(args)
    expect(first.stderr).toBe('') // not a terminal: no progress bar
    expect(first.code).toBe(0)
    const report = lastJson(first)
    expect(Object.keys(report)).toEqual([
      'requested',
      'saved',
      'skipped',
      'missing',
      'failed',
      'bytes',
      'seconds'
    ])
    const expectedBytes = PRESENT.reduce((sum, id) => sum + standin.expectedJpeg(id).length, 0)
    expect(report).toMatchObject({
      requested: 7,
      saved: 4,
      skipped: 0,
      missing: 3,
      failed: [],
      bytes: expectedBytes
    })
    expect(report.seconds).toBeGreaterThan(0)
    for (const id of PRESENT) {
      expect(readFileSync(join(out, `${id}.jpg`)).equals(standin.expectedJpeg(id))).toBe(true)
    }
    const visible = readdirSync(out).filter((name) => !name.startsWith('.'))
    expect(visible.sort()).toEqual(PRESENT.map((id) => `${id}.jpg`))
    expect(readdirSync(out).some((name) => name.startsWith('.'))).toBe(true) // the index

    const requestsBefore = PRESENT.map((id) => standin.attempts(id))
    const second = await crawl(args)
    expect(second.code).toBe(0)
    expect(lastJson(second)).toMatchObject({
      requested: 7,
      saved: 0,
      skipped: 4,
      missing: 3,
      failed: [],
      bytes: 0
    })
    expect(PRESENT.map((id) => standin.attempts(id))).toEqual(requestsBefore)
  })

  it('prints a human summary without --json, and nothing at all with --quiet', async () => {
    const out = tempFolder()
    const human = await crawl(['--out', out, '--source', standin.url, '--ids', '1003,1004'])
    expect(human.code).toBe(0)
    expect(human.stdout).toMatch(/^Done: 2 saved, 0 skipped, 0 missing, 0 failed of 2 ids; /)
    expect(human.stdout).toContain(`Folder: ${out}`)

    const quiet = await crawl(['--out', out, '--source', standin.url, '--ids', '1003', '--quiet'])
    expect(quiet.code).toBe(0)
    expect(quiet.stdout).toBe('')
    expect(quiet.stderr).toBe('')
  })

  it('exits 1 and names the failed ids with their reasons', async () => {
    const out = tempFolder()
    const base = [
      '--out',
      out,
      '--source',
      standin.url,
      '--ids',
      `1003,${FAILING}`,
      '--retries',
      '1'
    ]

    const json = await crawl([...base, '--json'])
    expect(json.code).toBe(1)
    const report = lastJson(json)
    expect(report.saved).toBe(1)
    expect(report.failed).toHaveLength(1)
    expect(report.failed[0]!.id).toBe(FAILING)
    expect(report.failed[0]!.kind).toBe('http')
    expect(report.failed[0]!.reason).toMatch(/500/)
    expect(standin.attempts(FAILING)).toBe(2) // one try plus one retry

    const human = await crawl(base)
    expect(human.code).toBe(1)
    expect(human.stdout).toMatch(new RegExp(`^\\s+${FAILING}\\s+.*500`, 'm'))
  })

  it('uses <Pictures>/Earth View when --out is not given', async () => {
    const home = tempFolder()
    const env = { PATH: process.env.PATH, HOME: home, XDG_CONFIG_HOME: join(home, 'no-config') }
    const run = await crawl(['--source', standin.url, '--ids', '1003', '--json'], env)
    expect(run.code).toBe(0)
    expect(existsSync(join(home, 'Pictures', 'Earth View', '1003.jpg'))).toBe(true)
  })

  describe('refuses bad usage with exit 2, one line, and nothing written', () => {
    it.each([
      [['--bogus'], 'unknown option "--bogus"'],
      [['--concurrency', '0'], '--concurrency must be a whole number from 1 to 64'],
      [['--concurrency', 'many'], '--concurrency must be a whole number from 1 to 64'],
      [['--retries', '11'], '--retries must be a whole number from 0 to 10'],
      [['--ids', '12-x'], '--ids: "12-x" is not an id or a range'],
      [['--ids', '9-1'], '--ids: "9-1": a range must run from low to high'],
      [
        ['--source', 'ftp://example.com/{id}.json'],
        '--source: the source URL must start with http'
      ],
      [['--source', 'http://127.0.0.1:9/doc.json'], '--source: the source URL must contain {id}']
    ])('%j', async (args, message) => {
      const parent = tempFolder()
      const out = join(parent, 'out')
      const requests = standin.totalRequests()
      const run = await crawl(['--out', out, '--source', standin.url, ...args])
      expectUsageError(run, message)
      expect(tree(parent)).toEqual([])
      expect(standin.totalRequests()).toBe(requests)
    })

    it('when --out is a file, or under one', async () => {
      const parent = tempFolder()
      const file = join(parent, 'a-file')
      writeFileSync(file, 'not a folder')
      for (const out of [file, join(file, 'below')]) {
        const run = await crawl(['--out', out, '--source', standin.url, '--ids', '1003'])
        expectUsageError(run, 'is a file, not a folder')
      }
      expect(tree(parent)).toEqual(['a-file'])
      expect(readFileSync(file, 'utf8')).toBe('not a folder')
    })

    it('when --out cannot be created or written', async () => {
      // /proc refuses new files even for root, which chmod-based checks cannot show.
      const run = await crawl(['--out', '/proc/earth-view', '--source', standin.url])
      expectUsageError(run, '--out: cannot create /proc/earth-view')
      expect(existsSync('/proc/earth-view')).toBe(false)
    })

    function expectUsageError(run: Run, message: string): void {
      expect(run.code).toBe(2)
      expect(run.stdout).toBe('')
      const lines = run.stderr.trimEnd().split('\n')
      expect(lines).toHaveLength(2)
      expect(lines[0]).toMatch(/^crawl: /)
      expect(lines[0]).toContain(message)
      expect(lines[1]).toContain('--help')
    }
  })

  it('ends in bounded time with exit 1 when the source is unreachable', async () => {
    const port = await closedPort()
    const source = `http://127.0.0.1:${port}/v3/{id}.json`

    const few = await crawl([
      '--out',
      tempFolder(),
      '--source',
      source,
      '--ids',
      '1003-1005',
      '--json'
    ])
    expect(few.code).toBe(1)
    const report = lastJson(few)
    expect(report.failed.map((failure) => failure.id)).toEqual([1003, 1004, 1005])
    expect(report.failed[0]).toMatchObject({
      kind: 'connection',
      reason: 'connection refused after 5 attempts'
    })

    // Every known id, each with retries and backoff: it must give up, not grind through 2,609.
    const all = await crawl(['--out', tempFolder(), '--source', source, '--json'])
    expect(all.code).toBe(1)
    const whole = lastJson(all)
    expect(whole.requested).toBe(KNOWN_IDS.length)
    expect(whole.failed).toHaveLength(KNOWN_IDS.length)
    expect(whole.failed.at(-1)).toMatchObject({
      kind: 'not-tried',
      reason: 'not tried: the source is unreachable (connection refused)'
    })
    expect(all.seconds).toBeLessThan(20)
  })

  it('on SIGINT cancels, prints the summary and exits 130', async () => {
    const slow = await startStandin({ ids: [1003, 1004, 1006, 1007], latencyMs: 60_000 })
    try {
      const out = tempFolder()
      const started = performance.now()
      const child = spawn(
        process.execPath,
        [cli, '--out', out, '--source', slow.url, '--ids', '1003-1007', '--json'],
        { stdio: ['ignore', 'pipe', 'pipe'] }
      )
      const finished = collect(child, started)
      await vi.waitFor(() => expect(slow.totalRequests()).toBeGreaterThan(0), {
        timeout: 10_000,
        interval: 20
      })
      child.kill('SIGINT')
      const run = await finished
      expect(run.code).toBe(130)
      const report = lastJson(run)
      expect(report.requested).toBe(5)
      expect(report.saved).toBe(0)
      expect(run.seconds).toBeLessThan(15)
    } finally {
      await slow.close()
    }
  })

  it.runIf(existsSync('/usr/bin/script'))(
    'draws a progress bar when stderr is a terminal',
    async () => {
      const out = tempFolder()
      const command = [
        process.execPath,
        cli,
        '--out',
        out,
        '--source',
        standin.url,
        '--ids',
        '1003-1007'
      ]
      // script(1) gives the command a real pseudo-terminal (its output then arrives on our stdout).
      const child = spawn(
        '/usr/bin/script',
        ['-qec', command.map((part) => `'${part}'`).join(' '), '/dev/null'],
        { stdio: ['ignore', 'pipe', 'pipe'] }
      )
      const run = await collect(child, performance.now())
      expect(run.code).toBe(0)
      expect(run.stdout).toMatch(/\r\[#+\]\s+5\/5\s+100%/)
      expect(run.stdout).toContain('Done: 4 saved')
    }
  )
})

function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}
