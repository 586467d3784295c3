/** What a child process printed and how it ended, for tests that run the built commands. */
import type { ChildProcess } from 'node:child_process'

export interface ChildRun {
  code: number | null
  stdout: string
  stderr: string
  seconds: number
}

/** Collects the child's output until it closes; `started` is when it was spawned. */
export function childOutput(child: ChildProcess, started = performance.now()): Promise<ChildRun> {
  let stdout = ''
  let stderr = ''
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  return new Promise((resolve, reject) => {
    child.once('error', reject)
    child.once('close', (code) =>
      resolve({ code, stdout, stderr, seconds: (performance.now() - started) / 1000 })
    )
  })
}
