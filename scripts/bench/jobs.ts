/**
 * The benchmark's runs: our built `crawl` command and the reference crawler, each a measured
 * child process writing into its own fresh folder, removed afterwards.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { measure, type Measurement } from './measure'

export interface RunResult {
  label: string
  wallSeconds: number
  cpuSeconds: number
  peakRssMB: number
  /** JPEG bytes written. */
  bytes: number
  /** Images saved. */
  saved: number
  /** MB of images written per wall second. */
  megabytesPerSecond: number
  /** Our crawler's own clock (the JSON report's seconds); absent for the reference. */
  reportedSeconds?: number
  failed?: number
}

export interface Paths {
  node: string
  /** The Node flags `npm run crawl` runs with (read from package.json), so we measure the same. */
  nodeFlags: string[]
  cli: string
  python: string
  reference: string
}

const RUN_TIMEOUT_MS = 180_000

const scratch: string[] = []

/**
 * A fresh folder for one run's output. Folders are removed together by `removeScratchFolders`
 * when the benchmark ends, not after each run: on ext4 without a journal (these VMs), creating a
 * file right after thousands were deleted scans past every inode freed in the last 30 s, and the
 * next run's file creation took ~0.5 ms each instead of ~20 µs (measured with strace). A real
 * crawl does not follow a mass deletion, so neither does a measured one.
 */
function scratchFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'earth-view-bench-'))
  scratch.push(folder)
  return folder
}

export function removeScratchFolders(): void {
  for (const folder of scratch.splice(0)) rmSync(folder, { recursive: true, force: true })
}

function summarise(label: string, run: Measurement, bytes: number, saved: number): RunResult {
  return {
    label,
    wallSeconds: run.wallSeconds,
    cpuSeconds: run.cpuSeconds,
    peakRssMB: run.peakRssBytes / 1_000_000,
    bytes,
    saved,
    megabytesPerSecond: bytes / 1_000_000 / run.wallSeconds
  }
}

/** Runs `crawl --json --quiet` and checks its report before trusting its time. */
export async function runOurs(
  paths: Paths,
  label: string,
  source: string,
  ids: string,
  extraArgs: string[] = []
): Promise<RunResult> {
  const out = join(scratchFolder(), 'out')
  const run = await measure(
    paths.node,
    [
      ...paths.nodeFlags,
      paths.cli,
      '--out',
      out,
      '--source',
      source,
      '--ids',
      ids,
      '--json',
      '--quiet',
      ...extraArgs
    ],
    { timeoutMs: RUN_TIMEOUT_MS }
  )
  const lastLine = run.stdout.trim().split('\n').at(-1) ?? ''
  let report: { saved: number; bytes: number; seconds: number; failed: unknown[] }
  try {
    report = JSON.parse(lastLine)
  } catch {
    throw new Error(`${label}: no JSON report (exit ${run.exitCode}): ${run.stderr.slice(-500)}`)
  }
  if (run.exitCode !== 0) {
    throw new Error(
      `${label}: exit ${run.exitCode}, ${report.failed.length} failed: ${lastLine.slice(0, 500)}`
    )
  }
  return {
    ...summarise(label, run, report.bytes, report.saved),
    reportedSeconds: report.seconds,
    failed: report.failed.length
  }
}

/** Runs the article's crawler: `python3 seed_aiohttp.py PREFIX FIRST LAST OUT N`. */
export async function runReference(
  paths: Paths,
  label: string,
  prefix: string,
  first: number,
  lastExclusive: number,
  concurrency = 10
): Promise<RunResult> {
  const out = join(scratchFolder(), 'out')
  const run = await measure(
    paths.python,
    [paths.reference, prefix, String(first), String(lastExclusive), out, String(concurrency)],
    { timeoutMs: RUN_TIMEOUT_MS }
  )
  if (run.exitCode !== 0)
    throw new Error(`${label}: exit ${run.exitCode}: ${run.stderr.slice(-500)}`)
  const files = existsSync(out) ? readdirSync(out).filter((name) => name.endsWith('.jpg')) : []
  const bytes = files.reduce((sum, name) => sum + statSync(join(out, name)).size, 0)
  return summarise(label, run, bytes, files.length)
}

/** The item with the median key (the lower middle for even counts): a real run, not an average. */
function medianBy<T>(items: readonly T[], key: (item: T) => number): T {
  const sorted = [...items].sort((a, b) => key(a) - key(b))
  return sorted[Math.floor((sorted.length - 1) / 2)]!
}

/** The run with the median wall time, so all its figures come from one real run. */
export function medianRun(runs: RunResult[]): RunResult {
  return medianBy(runs, (run) => run.wallSeconds)
}

export interface Startup {
  /** `node scripts/run-built.mjs cli --help`, wall seconds (median). */
  helpSeconds: number
  /** From launching `node scripts/run-built.mjs cli …` to its first request at the stand-in (median). */
  firstRequestSeconds: number
}

/**
 * How soon the command is at work when the build is fresh, launched the way `npm run crawl` launches
 * it (npm's own start-up, outside our control, not included). One id per launch, each a new id,
 * so its first request is this launch's.
 */
export async function measureStartup(
  paths: Paths & { runBuilt: string },
  source: string,
  ids: number[],
  firstRequestAt: (id: number) => Promise<number | null>
): Promise<Startup> {
  const help: number[] = []
  const first: number[] = []
  // A teammate's edit can make the build stale mid-bench: a launch that rebuilt is not a start-up.
  // Told by the build's file changing, not by what run-built prints about it.
  const builtCli = join(dirname(paths.runBuilt), '..', 'out', 'main', 'cli.js')
  const builtAt = () => statSync(builtCli, { throwIfNoEntry: false })?.mtimeMs
  const rebuilding = async (run: () => Promise<Measurement>) => {
    const before = builtAt()
    const measured = await run()
    return { measured, rebuilt: builtAt() !== before }
  }
  for (const id of ids) {
    const runHelp = () => measure(paths.node, [...paths.nodeFlags, paths.runBuilt, 'cli', '--help'])
    let helpRun = await rebuilding(runHelp)
    if (helpRun.rebuilt) helpRun = await rebuilding(runHelp)
    help.push(helpRun.measured.wallSeconds)
    const out = join(scratchFolder(), 'out')
    const launched = Date.now()
    const { measured: run, rebuilt } = await rebuilding(() =>
      measure(paths.node, [
        ...paths.nodeFlags,
        paths.runBuilt,
        'cli',
        '--out',
        out,
        '--source',
        source,
        '--ids',
        String(id),
        '--quiet'
      ])
    )
    if (run.exitCode !== 0) throw new Error(`startup run: exit ${run.exitCode}: ${run.stderr}`)
    if (rebuilt) continue
    const at = await firstRequestAt(id)
    if (at === null) throw new Error(`startup run: no request for ${id} reached the stand-in`)
    first.push((at - launched) / 1000)
  }
  const median = (values: number[]) => medianBy(values, (value) => value)
  return { helpSeconds: median(help), firstRequestSeconds: first.length ? median(first) : NaN }
}
