import { execFile } from 'node:child_process'

/** Why a command did not do its job, in the words a message can use. */
export type CommandFailure = 'missing' | 'failed' | 'timeout'

export interface CommandResult {
  ok: boolean
  stdout: string
  stderr: string
  failure?: CommandFailure
  /** A short reason for a person, e.g. "exited with code 1: No such schema". */
  reason?: string
}

export interface CommandBinaryResult extends Omit<CommandResult, 'stdout'> {
  stdout: Buffer
}

export interface RunOptions {
  env: NodeJS.ProcessEnv
  timeoutMs: number
}

export type Runner = (file: string, args: readonly string[]) => Promise<CommandResult>

const MAX_OUTPUT = 64 * 1024 * 1024

/**
 * Runs a program without a shell. Never rejects: a missing program, a non-zero exit and a timeout
 * all come back as a failure with a reason, because each of those is an expected answer here.
 */
export function runCommand(
  file: string,
  args: readonly string[],
  options: RunOptions
): Promise<CommandResult> {
  return run(file, args, options).then((result) => ({
    ...result,
    stdout: result.stdout.toString('utf8')
  }))
}

export function runCommandBinary(
  file: string,
  args: readonly string[],
  options: RunOptions
): Promise<CommandBinaryResult> {
  return run(file, args, options)
}

function run(
  file: string,
  args: readonly string[],
  { env, timeoutMs }: RunOptions
): Promise<CommandBinaryResult> {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      {
        env,
        timeout: timeoutMs,
        killSignal: 'SIGKILL',
        maxBuffer: MAX_OUTPUT,
        encoding: 'buffer',
        windowsHide: true
      },
      (error, stdoutRaw, stderrRaw) => {
        const stdout = Buffer.isBuffer(stdoutRaw) ? stdoutRaw : Buffer.from(stdoutRaw ?? '')
        const stderr = (Buffer.isBuffer(stderrRaw) ? stderrRaw : Buffer.from(stderrRaw ?? ''))
          .toString('utf8')
          .trim()
        if (!error) {
          resolve({ ok: true, stdout, stderr })
          return
        }
        const failure = classify(error)
        resolve({
          ok: false,
          stdout,
          stderr,
          failure,
          reason: describe(file, error, failure, stderr, timeoutMs)
        })
      }
    )
  })
}

interface ExecError extends Error {
  code?: string | number | null
  killed?: boolean
  signal?: NodeJS.Signals | null
}

function classify(error: ExecError): CommandFailure {
  if (error.code === 'ENOENT') return 'missing'
  if (error.killed) return 'timeout'
  return 'failed'
}

function describe(
  file: string,
  error: ExecError,
  failure: CommandFailure,
  stderr: string,
  timeoutMs: number
): string {
  if (failure === 'missing') return `${file} is not installed`
  if (failure === 'timeout') return `${file} did not answer within ${formatSeconds(timeoutMs)}`
  const detail = firstMeaningfulLine(stderr)
  const how =
    typeof error.code === 'number'
      ? `exited with code ${error.code}`
      : error.signal
        ? `was stopped by ${error.signal}`
        : error.code
          ? `could not start (${error.code})`
          : 'failed'
  return detail ? `${file} ${how}: ${detail}` : `${file} ${how}`
}

function formatSeconds(ms: number): string {
  const seconds = ms / 1000
  return seconds === 1 ? '1 second' : `${Number(seconds.toFixed(1))} seconds`
}

/** The first non-empty stderr line, shortened so a message stays one sentence. */
export function firstMeaningfulLine(text: string): string {
  const line = text
    .split('\n')
    .map((candidate) => candidate.trim())
    .find((candidate) => candidate.length > 0)
  if (!line) return ''
  const clean = line.replace(/\s+/g, ' ').replace(/[.\s]+$/, '')
  return clean.length > 160 ? `${clean.slice(0, 157)}...` : clean
}
