/**
 * Boots the built main process (out/main/index.js) against the stand-in Electron in a child
 * process (main-process.ts) and lets a test watch it and play the page and the person.
 */
import { fork, type ChildProcess } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT } from '../../scripts/run-built.mjs'
import type { Command, Commands, Launch, ToParent } from './main-process'
import type { Observation } from './stand-in'

export interface BootOptions {
  /** The folder Electron is started on (package.json), default the project. */
  appFolder?: string
  /** Default `<appFolder>/out/main/index.js`. */
  mainScript?: string
  /**
   * Added to this process's environment, less anything that would steer the app (EARTHVIEW_*,
   * ELECTRON_*): set HOME, EARTHVIEW_DATA_DIR and so on here.
   */
  env: Record<string, string>
  /**
   * Emulates this platform for what reads process.platform (the app's branches, the stand-in's
   * platform rules); Node's own modules, paths included, stay this machine's.
   */
  platform?: NodeJS.Platform
  /** The app's command-line arguments (after the app folder). */
  args?: string[]
}

type Result<C extends keyof Commands> = Awaited<ReturnType<Commands[C]>>

export interface BootedMain {
  /** Everything observed so far, in order. */
  readonly observations: Observation[]
  /** The first observation (past or future) that matches; rejects if the process ends first. */
  waitFor<K extends Observation['kind']>(
    kind: K,
    matches?: (observation: Extract<Observation, { kind: K }>) => boolean
  ): Promise<Extract<Observation, { kind: K }>>
  observed<K extends Observation['kind']>(kind: K): Extract<Observation, { kind: K }>[]
  call<C extends keyof Commands>(name: C, ...args: Parameters<Commands[C]>): Promise<Result<C>>
  /** Resolves with the exit code when the process ends. */
  readonly exited: Promise<number | null>
  /** What the process wrote to stderr so far. */
  stderr(): string
  /** Kills the process if it still runs. */
  stop(): Promise<void>
}

/**
 * A home, a config folder and a data folder of its own for a boot, under `scratch` (the data
 * folder not made: the app makes it).
 */
export function bootFolders(scratch: string, name: string) {
  const root = join(scratch, name)
  const home = join(root, 'home')
  mkdirSync(home, { recursive: true })
  return {
    root,
    data: join(root, 'not-yet-created', 'data'),
    env: { HOME: home, XDG_CONFIG_HOME: join(home, '.config') }
  }
}

function inheritedEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(EARTHVIEW|ELECTRON)_/i.test(name))
  )
}

export function bootMain(options: BootOptions): BootedMain {
  const appFolder = options.appFolder ?? ROOT
  const mainScript = options.mainScript ?? join(appFolder, 'out', 'main', 'index.js')
  const child: ChildProcess = fork(
    join(import.meta.dirname, 'main-process.ts'),
    [
      appFolder,
      mainScript,
      JSON.stringify({ platform: options.platform, args: options.args } satisfies Launch)
    ],
    {
      cwd: appFolder,
      env: { ...inheritedEnv(), ...options.env },
      execArgv: [],
      serialization: 'advanced',
      stdio: ['ignore', 'pipe', 'pipe', 'ipc']
    }
  )

  let stderr = ''
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  child.stdout!.resume()

  const observations: Observation[] = []
  const waiters = new Set<{ test(o: Observation): boolean; resolve(o: Observation): void }>()
  const replies = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>()
  let nextId = 1

  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      for (const reply of replies.values()) reply.reject(ended())
      replies.clear()
      resolve(code)
    })
  })
  const ended = () =>
    new Error(`the main process ended (exit ${child.exitCode ?? child.signalCode}):\n${stderr}`)

  child.on('message', (message: ToParent) => {
    if (message.type === 'observation') {
      observations.push(message.observation)
      for (const waiter of [...waiters]) {
        if (!waiter.test(message.observation)) continue
        waiters.delete(waiter)
        waiter.resolve(message.observation)
      }
      return
    }
    const reply = replies.get(message.id)
    replies.delete(message.id)
    if (message.ok) reply?.resolve(message.value)
    else reply?.reject(new Error(message.error))
  })

  const observed = <K extends Observation['kind']>(kind: K) =>
    observations.filter((o): o is Extract<Observation, { kind: K }> => o.kind === kind)

  return {
    observations,
    observed,
    waitFor(kind, matches = () => true) {
      const test = (o: Observation) => o.kind === kind && matches(o as never)
      const seen = observations.find(test)
      if (seen) return Promise.resolve(seen as never)
      return new Promise((resolve, reject) => {
        const waiter = { test, resolve: resolve as (o: Observation) => void }
        waiters.add(waiter)
        void exited.then(() => {
          if (waiters.delete(waiter)) reject(new Error(`no "${kind}" observed: ${ended().message}`))
        })
      })
    },
    call(name, ...args) {
      if (child.exitCode !== null || child.signalCode !== null) return Promise.reject(ended())
      const id = nextId++
      const command: Command = { id, name, args }
      return new Promise((resolve, reject) => {
        replies.set(id, { resolve: resolve as (value: unknown) => void, reject })
        child.send(command)
      })
    },
    exited,
    stderr: () => stderr,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
      await exited
    }
  }
}
