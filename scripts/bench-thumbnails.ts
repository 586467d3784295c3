/**
 * `npm run bench:thumbnails` (built to out/main/bench-thumbnails.js): thumbnails per second and the
 * longest event-loop block for every way of making them, on the same real-size JPEGs (1800×1200,
 * ~320 KB), in one run. Each measurement is a fresh process; rounds interleave the backends so a
 * busy shared machine slows them alike. Medians are reported, and ratios to native sharp taken
 * within each round. `--quick`: one round on fewer images, to check the harness. Results also go
 * to .bench/thumbnails.json. See README "Thumbnails inside Electron on Linux".
 */
import { execFile } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { cpus, loadavg, tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { fixed, formatTable } from './bench/table'
import {
  measureSharp,
  parallelism,
  SHARP_BACKENDS,
  type Measurement,
  type SharpBackend
} from './bench/thumbnail-measure'

const exec = promisify(execFile)
const MEASURE_FLAG = '--measure-thumbnails'
const PLANS = { full: { images: 60, rounds: 3 }, quick: { images: 24, rounds: 1 } }
const GOAL = { rate: 50, blockMs: 20 }
const IDLE_CORES = 2
const APP_ON_LINUX: SharpBackend = 'wasm, 2 workers'
const CHROMIUM_MODES = {
  'Chromium createImageBitmap, 2 Web Workers': 'bitmap',
  'Chromium ImageDecoder (scaled), 2 Web Workers': 'decoder'
} as const

type Row = Partial<Measurement> & { skipped?: string }

async function main(plan: { images: number; rounds: number }): Promise<void> {
  const entry = fileURLToPath(import.meta.url)
  const root = resolve(dirname(entry), '..', '..')
  const folder = await mkdtemp(join(tmpdir(), 'evg-bench-jpegs-'))
  try {
    const ids = Array.from({ length: plan.images }, (_, i) => 1001 + i)
    log(`writing ${ids.length} 1800×1200 test JPEGs…`)
    // Imported here only: the measuring processes (this same bundle) must not load native sharp.
    const { makeTestJpeg } = await import('../test/support/jpeg')
    for (const id of ids) {
      const jpeg = await makeTestJpeg({ width: 1800, height: 1200, seed: id })
      await writeFile(join(folder, `${id}.jpg`), jpeg)
    }

    const load = loadavg()
    const runs = new Map<string, Row[]>()
    for (let round = 1; round <= plan.rounds; round++) {
      for (const backend of Object.keys(SHARP_BACKENDS) as SharpBackend[]) {
        log(`round ${round}/${plan.rounds}: ${backend}`)
        const { stdout } = await exec(process.execPath, [
          entry,
          MEASURE_FLAG,
          backend,
          folder,
          ids.join(',')
        ])
        record(runs, backend, JSON.parse(stdout) as Row)
      }
      for (const [name, mode] of Object.entries(CHROMIUM_MODES)) {
        log(`round ${round}/${plan.rounds}: ${name}`)
        const script = join(root, 'scripts', 'bench', 'chromium-thumbnails.mjs')
        const { stdout } = await exec(process.execPath, [script, folder, mode, '2', '400', '1800'])
        const answer = JSON.parse(stdout) as {
          rate?: number
          longestBlockMs?: number
          skipped?: string
        }
        record(runs, name, {
          ...(answer.rate === undefined ? {} : { warmRate: answer.rate }),
          ...(answer.longestBlockMs === undefined ? {} : { longestBlockMs: answer.longestBlockMs }),
          ...(answer.skipped ? { skipped: answer.skipped } : {})
        })
      }
    }

    const native = runs.get('native') ?? []
    const summary = [...runs].map(([name, rows]) => {
      const ratios = rows.map((row, i) => (row.warmRate ?? NaN) / (native[i]?.warmRate ?? NaN))
      return {
        name,
        warmRate: median(rows.map((row) => row.warmRate)),
        coldRate: median(rows.map((row) => row.coldRate)),
        ratioToNative: median(ratios),
        longestBlockMs: median(rows.map((row) => row.longestBlockMs)),
        worstBlockMs: Math.max(...rows.map((row) => row.longestBlockMs ?? NaN)),
        longestCpuBlockMs: median(rows.map((row) => row.longestCpuBlockMs)),
        cpuMsPerThumbnail: median(rows.map((row) => row.cpuMsPerThumbnail)),
        // What two idle cores would reach if nothing else ran: CPU-bound work, spread over as many
        // cores as the backend uses at once (at most 2). Load-independent, unlike the wall rates.
        idleEstimate:
          Math.min(IDLE_CORES, parallelismOf(name)) /
          (median(rows.map((row) => row.cpuMsPerThumbnail)) / 1000),
        skipped: rows.find((row) => row.skipped)?.skipped
      }
    })
    const app = summary.find((row) => row.name === APP_ON_LINUX)!
    const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED')
    const output = [
      '',
      `${plan.images} thumbnails (400 px WebP) per pass; ${plan.rounds} round(s); ` +
        `${cpus().length} cores, load ${load.map((value) => fixed(value, 1)).join(' ')} at start ` +
        '(a shared machine: compare the ratios)',
      '',
      formatTable(
        [
          'backend',
          'warm /s',
          '× native',
          'cold /s',
          'block ms',
          'worst ms',
          'CPU block ms',
          'CPU ms/thumb',
          'idle est. /s'
        ],
        summary.map((row) => [
          row.skipped ? `${row.name} (skipped: ${row.skipped})` : row.name,
          fixed(row.warmRate, 1),
          fixed(row.ratioToNative, 2),
          fixed(row.coldRate, 1),
          fixed(row.longestBlockMs, 0),
          fixed(row.worstBlockMs, 0),
          fixed(row.longestCpuBlockMs, 1),
          fixed(row.cpuMsPerThumbnail, 1),
          fixed(row.idleEstimate, 0)
        ])
      ),
      '',
      'cold: worker start-up included. block: the longest wall-clock gap between event-loop turns ' +
        '(median of rounds; worst of rounds); CPU block: the most CPU the main thread itself ran ' +
        'between two turns, which a busy machine does not inflate. CPU ms/thumb: all threads, warm; ' +
        `idle est.: min(${IDLE_CORES}, thumbnails at once) ÷ CPU s per thumbnail, what two idle cores ` +
        'would reach. Chromium: warm only, the page’s loop.',
      `the app on Linux (${APP_ON_LINUX}): warm ${fixed(app.warmRate, 1)}/s, cold ` +
        `${fixed(app.coldRate, 1)}/s against ≥ ${GOAL.rate}/s: ${verdict(app.warmRate >= GOAL.rate)} ` +
        `(idle estimate ${fixed(app.idleEstimate, 0)}/s: ${verdict(app.idleEstimate >= GOAL.rate)}); ` +
        `longest main-thread block ${fixed(app.longestBlockMs, 0)} ms wall, ` +
        `${fixed(app.longestCpuBlockMs, 1)} ms CPU, against ≤ ${GOAL.blockMs} ms: ` +
        `${verdict(app.longestBlockMs <= GOAL.blockMs)} (wall), ${verdict(app.longestCpuBlockMs <= GOAL.blockMs)} (CPU)`
    ]
    process.stdout.write(`${output.join('\n')}\n`)
    mkdirSync(join(root, '.bench'), { recursive: true })
    const results = {
      date: new Date().toISOString(),
      plan,
      load,
      goal: GOAL,
      summary,
      runs: Object.fromEntries(runs)
    }
    writeFileSync(join(root, '.bench', 'thumbnails.json'), `${JSON.stringify(results, null, 2)}\n`)
  } finally {
    await rm(folder, { recursive: true, force: true })
  }
}

function parallelismOf(name: string): number {
  return name in SHARP_BACKENDS ? parallelism(name as SharpBackend) : NaN
}

function record(runs: Map<string, Row[]>, name: string, row: Row): void {
  runs.set(name, [...(runs.get(name) ?? []), row])
}

function median(values: (number | undefined)[]): number {
  const known = values
    .filter((value): value is number => Number.isFinite(value))
    .sort((a, b) => a - b)
  if (known.length === 0) return NaN
  const middle = Math.floor(known.length / 2)
  return known.length % 2 ? known[middle]! : (known[middle - 1]! + known[middle]!) / 2
}

function log(message: string): void {
  process.stderr.write(`${message}\n`)
}

if (process.argv[2] === MEASURE_FLAG) {
  const [backend, folder, ids] = process.argv.slice(3) as [SharpBackend, string, string]
  const measurement = await measureSharp(backend, { folder, ids: ids.split(',').map(Number) })
  process.stdout.write(`${JSON.stringify(measurement)}\n`)
} else {
  await main(process.argv.includes('--quick') ? PLANS.quick : PLANS.full).catch(
    (error: unknown) => {
      process.stderr.write(`bench:thumbnails: ${(error as Error).stack ?? String(error)}\n`)
      process.exitCode = 1
    }
  )
}
