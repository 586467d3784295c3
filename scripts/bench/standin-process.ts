/**
 * The stand-in, run in its own process so that serving (JSON, base64, throttling) neither counts
 * as the measured crawler's CPU nor competes with the benchmark's own event loop. The benchmark
 * forks its own bundle with `--serve-standin` and talks to the child over IPC.
 */
import { fork, type ChildProcess } from 'node:child_process'
import { startStandin, type Standin, type StandinOptions } from '../../e2e/standin/server'

export const SERVE_STANDIN_FLAG = '--serve-standin'

/** What a benchmark stand-in serves; functions (faults) cannot cross the process boundary. */
export type BenchStandinOptions = Omit<StandinOptions, 'faults' | 'ids'> & { ids: number[] }

export interface StandinProcess {
  url: string
  /** URL_PREFIX for the reference crawler: the template without "{id}.json". */
  prefix: string
  /** The size of every document served, summed (for the ideal transfer time). */
  documentBytes: number
  /** When the first request for id arrived (Date.now() ms), or null. */
  firstRequestAt(id: number): Promise<number | null>
  close(): Promise<void>
}

type ToChild =
  | { type: 'start'; options: BenchStandinOptions }
  | { type: 'close' }
  | { type: 'firstRequest'; id: number }
type FromChild =
  | { type: 'ready'; url: string; documentBytes: number }
  | { type: 'firstRequest'; at: number | null }
  | { type: 'error'; message: string }

/** Parent side: starts a stand-in process running `entry` (the bench bundle). */
export async function startStandinProcess(
  entry: string,
  options: BenchStandinOptions
): Promise<StandinProcess> {
  const child = fork(entry, [SERVE_STANDIN_FLAG], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc']
  })
  const ready = nextMessage(child, 'ready', 120_000)
  child.send({ type: 'start', options } satisfies ToChild)
  const { url, documentBytes } = await ready
  const ask = async <T extends FromChild['type']>(message: ToChild, answer: T) => {
    const reply = nextMessage(child, answer, 10_000)
    child.send(message)
    return reply
  }
  return {
    url,
    prefix: url.replace('{id}.json', ''),
    documentBytes,
    async firstRequestAt(id) {
      return (await ask({ type: 'firstRequest', id }, 'firstRequest')).at
    },
    async close() {
      if (child.exitCode !== null || child.signalCode !== null) return
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
      child.send({ type: 'close' } satisfies ToChild)
      await exited
    }
  }
}

function nextMessage<T extends FromChild['type']>(
  child: ChildProcess,
  type: T,
  timeoutMs: number
): Promise<Extract<FromChild, { type: T }>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => finish(new Error(`stand-in: no "${type}" in ${timeoutMs} ms`)),
      timeoutMs
    )
    const onMessage = (message: FromChild) => {
      if (message.type === 'error') finish(new Error(`stand-in: ${message.message}`))
      else if (message.type === type) finish(undefined, message as Extract<FromChild, { type: T }>)
    }
    const onExit = (code: number | null) => finish(new Error(`stand-in exited (${code})`))
    const finish = (error?: Error, message?: Extract<FromChild, { type: T }>) => {
      clearTimeout(timer)
      child.off('message', onMessage)
      child.off('exit', onExit)
      if (error) reject(error)
      else resolve(message!)
    }
    child.on('message', onMessage)
    child.once('exit', onExit)
  })
}

/** Child side: waits for its options, then serves until the parent says close (or goes away). */
export function serveStandinForParent(): void {
  const send = (message: FromChild) => process.send?.(message)
  let standin: Standin | undefined
  process.once('disconnect', () => process.exit(0))
  process.on('message', (message: ToChild) => {
    if (message.type === 'start') {
      start(message.options).catch((error: unknown) => {
        send({ type: 'error', message: (error as Error).message })
        process.exit(1)
      })
    } else if (!standin) {
      send({ type: 'error', message: `"${message.type}" before the stand-in started` })
    } else if (message.type === 'firstRequest') {
      send({ type: 'firstRequest', at: standin.requestTimes(message.id)[0] ?? null })
    } else if (message.type === 'close') {
      void standin.close().then(() => process.exit(0))
    }
  })

  async function start(options: BenchStandinOptions): Promise<void> {
    standin = await startStandin(options)
    // Every served document answers 200 (no faults here): their sizes are what goes on the wire.
    const documentBytes = options.ids.reduce((sum, id) => sum + standin!.documentLength(id), 0)
    send({ type: 'ready', url: standin.url, documentBytes })
  }
}
