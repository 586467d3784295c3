/**
 * Runs a command as a child process and measures it the way `time -v` would: wall time, CPU time
 * (user + system) and peak resident memory. GNU time gives exact figures from wait4(); without it,
 * /proc is sampled while the child runs (the last sample before exit is slightly early).
 */
import { spawn } from 'node:child_process'
import { accessSync, constants, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface Measurement {
  wallSeconds: number
  cpuSeconds: number
  peakRssBytes: number
  exitCode: number | null
  stdout: string
  stderr: string
  /** 'wait4' via GNU time, or 'proc' sampling. */
  method: 'wait4' | 'proc'
}

const GNU_TIME = '/usr/bin/time'
const SAMPLE_INTERVAL_MS = 20
/** USER_HZ: the unit of utime/stime in /proc/<pid>/stat; 100 on every Linux that matters. */
const CLOCK_TICKS_PER_SECOND = 100

function hasGnuTime(): boolean {
  try {
    accessSync(GNU_TIME, constants.X_OK)
    return true
  } catch {
    return false
  }
}

export async function measure(
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}
): Promise<Measurement> {
  const useTime = hasGnuTime()
  const scratch = mkdtempSync(join(tmpdir(), 'bench-time-'))
  const timeFile = join(scratch, 'time.txt')
  const [file, argv] = useTime
    ? [GNU_TIME, ['-f', '%U %S %M', '-o', timeFile, command, ...args]]
    : [command, [...args]]

  const started = performance.now()
  const child = spawn(file, argv, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  const stdout: Buffer[] = []
  const stderr: Buffer[] = []
  child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk))
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk))

  let sampled = { cpuSeconds: 0, peakRssBytes: 0 }
  const sampler = useTime
    ? undefined
    : setInterval(() => {
        const sample = sampleProc(child.pid)
        if (sample) sampled = sample
      }, SAMPLE_INTERVAL_MS)
  const timeout = options.timeoutMs
    ? setTimeout(() => child.kill('SIGKILL'), options.timeoutMs)
    : undefined

  const exitCode = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject)
    child.once('close', (code) => resolve(code))
  })
  const wallSeconds = (performance.now() - started) / 1000
  if (sampler) clearInterval(sampler)
  if (timeout) clearTimeout(timeout)

  let cpuSeconds = sampled.cpuSeconds
  let peakRssBytes = sampled.peakRssBytes
  if (useTime) {
    const [user, system, maxRssKb] = readFileSync(timeFile, 'utf8')
      .trim()
      .split('\n')
      .at(-1)!
      .split(' ')
      .map(Number)
    cpuSeconds = (user ?? NaN) + (system ?? NaN)
    peakRssBytes = (maxRssKb ?? NaN) * 1024
  }
  rmSync(scratch, { recursive: true, force: true })
  return {
    wallSeconds,
    cpuSeconds,
    peakRssBytes,
    exitCode,
    stdout: Buffer.concat(stdout).toString('utf8'),
    stderr: Buffer.concat(stderr).toString('utf8'),
    method: useTime ? 'wait4' : 'proc'
  }
}

function sampleProc(pid: number | undefined): { cpuSeconds: number; peakRssBytes: number } | null {
  if (pid === undefined) return null
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    const ticks = Number(fields[11]) + Number(fields[12])
    const status = readFileSync(`/proc/${pid}/status`, 'utf8')
    const hwm = /^VmHWM:\s+(\d+) kB/m.exec(status)
    return {
      cpuSeconds: ticks / CLOCK_TICKS_PER_SECOND,
      peakRssBytes: hwm ? Number(hwm[1]) * 1024 : 0
    }
  } catch {
    return null
  }
}
