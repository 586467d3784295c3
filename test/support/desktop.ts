/**
 * Real stand-ins for a desktop in tests: a private D-Bus session, an Xvfb display, and small shell
 * programs on PATH that record how they were called. Used only by this folder's *.test.ts.
 */
import { execFile, spawn } from 'node:child_process'
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as delay } from 'node:timers/promises'
import { promisify } from 'node:util'
import sharp from 'sharp'

const exec = promisify(execFile)

/** Temp folders whose names hold a space and an apostrophe, so every quoting path is exercised. */
export async function tempDir(label: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `wall paper's ${label}-`))
}

export async function solidJpeg(
  path: string,
  rgb: [number, number, number],
  width = 64,
  height = 48
): Promise<Buffer> {
  const bytes = await sharp({
    create: { width, height, channels: 3, background: { r: rgb[0], g: rgb[1], b: rgb[2] } }
  })
    .jpeg({ quality: 95 })
    .toBuffer()
  await writeFile(path, bytes)
  return bytes
}

/** Which real program PATH finds, or undefined: a test skips only when it is truly absent. */
export async function which(command: string): Promise<string | undefined> {
  try {
    const { stdout } = await exec('sh', ['-c', `command -v ${command}`])
    return stdout.trim() || undefined
  } catch {
    return undefined
  }
}

/** Where each command is, and which are missing (for a describe.skipIf naming them). */
export async function findTools<K extends string>(
  commands: Record<K, string>
): Promise<{ tools: Record<K, string | undefined>; missing: K[] }> {
  const names = Object.keys(commands) as K[]
  const paths = await Promise.all(names.map((name) => which(commands[name])))
  const tools = Object.fromEntries(names.map((name, i) => [name, paths[i]])) as Record<
    K,
    string | undefined
  >
  return { tools, missing: names.filter((name) => !tools[name]) }
}

const UNIT_SEPARATOR = '\x1f'

/**
 * Writes `name` into `dir` as a shell program that appends its name and arguments to
 * dir/calls.log, then runs `body` with a normal PATH (the code under test may see only `dir`).
 */
export async function writeFake(dir: string, name: string, body: string): Promise<void> {
  const log = join(dir, 'calls.log')
  const script = [
    '#!/bin/sh',
    `{ printf '%s' ${shellQuote(name)}; for a in "$@"; do printf '\\037%s' "$a"; done; printf '\\n'; } >> ${shellQuote(log)}`,
    'PATH=/usr/local/bin:/usr/bin:/bin',
    body,
    ''
  ].join('\n')
  await mkdir(dir, { recursive: true })
  await writeFile(join(dir, name), script)
  await chmod(join(dir, name), 0o755)
}

export async function readCalls(dir: string): Promise<string[][]> {
  const text = await readFile(join(dir, 'calls.log'), 'utf8').catch(() => '')
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => line.split(UNIT_SEPARATOR))
}

export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, "'\\''")}'`
}

export interface DbusSession {
  address: string
  stop(): Promise<void>
}

/**
 * A private session bus. Services it starts (dconf-service) inherit `env`, so HOME and
 * XDG_CONFIG_HOME there decide where settings are written.
 */
export async function startDbusSession(env: NodeJS.ProcessEnv): Promise<DbusSession> {
  const { stdout } = await exec(
    'dbus-daemon',
    ['--session', '--fork', '--print-address=1', '--print-pid=1'],
    { env }
  )
  const [address, pidText] = stdout.trim().split('\n')
  const pid = Number(pidText)
  if (!address || !Number.isInteger(pid)) throw new Error(`dbus-daemon printed ${stdout}`)
  return {
    address,
    async stop() {
      try {
        process.kill(pid, 'SIGTERM')
      } catch {
        // Already gone.
      }
    }
  }
}

export interface XDisplay {
  display: string
  stop(): Promise<void>
}

/** Xvfb on a display number it picks itself (-displayfd), ready once xdpyinfo answers. */
export async function startXvfb(width = 320, height = 240): Promise<XDisplay> {
  const child = spawn(
    'Xvfb',
    ['-displayfd', '3', '-screen', '0', `${width}x${height}x24`, '-nolisten', 'tcp', '-noreset'],
    { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] }
  )
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`Xvfb exited (${code}): ${stderr}`)))
  )
  exited.catch(() => undefined)
  const numberPipe = child.stdio[3] as NodeJS.ReadableStream
  const number = await Promise.race([
    new Promise<string>((resolve) => {
      let text = ''
      numberPipe.on('data', (chunk: Buffer) => {
        text += chunk.toString()
        if (text.includes('\n')) resolve(text.trim())
      })
    }),
    exited
  ])
  const display = `:${number}`
  const deadline = Date.now() + 10_000
  for (let wait = 10; ; wait = Math.min(wait * 2, 200)) {
    const ready = await exec('xdpyinfo', ['-display', display]).then(
      () => true,
      () => false
    )
    if (ready) break
    if (Date.now() > deadline) throw new Error(`Xvfb ${display} never accepted connections`)
    await Promise.race([delay(wait), exited])
  }
  return {
    display,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return
      const gone = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGTERM')
      await gone
    }
  }
}

/** The root window's pixels via ImageMagick, decoded by sharp, for assertions. */
export async function rootPixels(
  display: string
): Promise<{ width: number; height: number; data: Buffer }> {
  const { stdout } = await exec(
    'import',
    ['-display', display, '-silent', '-window', 'root', 'png:-'],
    {
      encoding: 'buffer',
      maxBuffer: 64 * 1024 * 1024
    }
  )
  const { data, info } = await sharp(stdout)
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true })
  return { width: info.width, height: info.height, data }
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true })
}
