/**
 * Hostile input and careless use, through the README's commands (the built `web` and `crawl`
 * entries, run as child processes): the bridge survives bad frames, slow clients, foreign Host
 * headers and a busy port or data folder; the crawl command ends against a trickling source,
 * leaves a person's files alone, and repairs damaged images with --verify.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { createServer, request, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { startStandin, type Standin } from '../../e2e/standin/server'
import { BUILD_TIMEOUT_MS, builtCli, builtWeb } from '../../scripts/test-setup/built-cli'
import { childOutput, type ChildRun } from '../../test/support/child-output'
import { openRawWebSocket } from '../../test/support/raw-websocket'

const cleanups: (() => Promise<unknown> | void)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function tempFolder(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'evg-hostile-cmd-'))
  cleanups.push(() => rm(folder, { recursive: true, force: true }))
  return folder
}

// --- the bridge -----------------------------------------------------------------------------

let web: string
let cli: string
beforeAll(() => {
  web = builtWeb()
  cli = builtCli()
}, BUILD_TIMEOUT_MS)

interface RunningBridge {
  url: string
  port: number
  child: ChildProcess
  stderr: () => string
}

/** Starts `npm run web`'s entry; resolves once it prints its `listening` line. */
async function startWeb(args: string[]): Promise<RunningBridge> {
  const child = spawn(process.execPath, [web, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  let stderr = ''
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  cleanups.push(() => stop(child))
  const line = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`web exited with ${code}: ${stderr}`)))
    createInterface({ input: child.stdout! }).once('line', resolve)
  })
  const url = /^listening (http:\/\/127\.0\.0\.1:\d+)$/.exec(line)?.[1]
  if (!url) throw new Error(`unexpected first line: ${line}`)
  return { url, port: Number(new URL(url).port), child, stderr: () => stderr }
}

function stop(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    child.once('exit', () => resolve())
    child.kill(signal)
  })
}

/** Runs `npm run web`'s entry to its end: for starts that must be refused. */
function runWeb(args: string[]): Promise<ChildRun> {
  const child = spawn(process.execPath, [web, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  // Should it start after all (the defect), it must not outlive the test.
  cleanups.push(() => stop(child, 'SIGKILL'))
  return childOutput(child)
}

/** A `ws` client, as the page's own origin. */
async function client(bridge: RunningBridge): Promise<WebSocket> {
  const socket = new WebSocket(`${bridge.url.replace('http', 'ws')}/api`, { origin: bridge.url })
  socket.on('error', () => undefined)
  await new Promise((resolve, reject) => {
    socket.once('open', resolve)
    socket.once('error', reject)
  })
  cleanups.push(() => socket.terminate())
  return socket
}

let nextId = 1
function call(
  socket: WebSocket,
  method: string,
  args: unknown[] = []
): Promise<{
  ok: boolean
  value?: unknown
  error?: { code: string; message: string; field?: string }
}> {
  const id = nextId++
  return new Promise((resolve, reject) => {
    const onMessage = (data: Buffer) => {
      const message = JSON.parse(String(data)) as { id?: number; result?: never }
      if (message.id !== id) return
      socket.off('message', onMessage)
      resolve(message.result!)
    }
    socket.on('message', onMessage)
    socket.once('close', () => reject(new Error('closed before the answer')))
    socket.send(JSON.stringify({ id, method, args }))
  })
}

function closed(socket: WebSocket): Promise<number> {
  if (socket.readyState === socket.CLOSED) return Promise.resolve(0)
  return new Promise((resolve) => socket.once('close', (code: number) => resolve(code)))
}

function httpGet(
  url: string,
  path: string,
  host?: string
): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(url)
  return new Promise((resolve, reject) => {
    const req = request(
      { hostname, port, path, headers: host === undefined ? {} : { host } },
      (response) => {
        let body = ''
        response.on('data', (chunk: Buffer) => (body += chunk.toString()))
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }))
      }
    )
    req.on('error', reject)
    req.end()
  })
}

/** Peak and current resident memory of a process, from /proc (Linux). */
function memoryOf(pid: number): { peakMb: number; rssMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(status)?.[1])
  return { peakMb: kb('VmHWM') / 1024, rssMb: kb('VmRSS') / 1024 }
}

describe('npm run web, against hostile clients', () => {
  it('survives null, a 1.1 MB frame and an invalid UTF-8 frame, and keeps answering', async () => {
    const bridge = await startWeb(['--port', '0', '--data', await tempFolder()])

    const first = await client(bridge)
    first.send('null')
    first.send('42')
    first.send('{"id":null}')
    expect((await call(first, 'getState')).ok).toBe(true) // the same connection still answers

    const big = await client(bridge)
    big.send('x'.repeat(1_100_000))
    expect(await closed(big)).toBe(1009) // message too big: that connection only

    const garbled = await client(bridge)
    garbled.send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false })
    expect(await closed(garbled)).toBe(1007) // invalid UTF-8: that connection only

    expect((await call(first, 'getState')).ok).toBe(true)
    expect((await call(await client(bridge), 'getState')).ok).toBe(true)
    expect(bridge.child.exitCode).toBeNull()
    expect(bridge.stderr()).not.toMatch(/Error|Unhandled/)
  })

  it('drops a client that never reads its replies, holding bounded memory', async () => {
    const bridge = await startWeb(['--port', '0', '--data', await tempFolder()])
    const pid = bridge.child.pid!
    const good = await client(bridge)
    expect((await call(good, 'getState')).ok).toBe(true)
    const before = memoryOf(pid)

    // 1,000 getState calls (~0.19 MB of reply each, 190 MB in all) from a client that reads none.
    const slow = await openRawWebSocket(bridge.url)
    cleanups.push(() => void slow.socket.destroy())
    let id = 0
    const getState = () => slow.sendText(JSON.stringify({ id: ++id, method: 'getState', args: [] }))
    for (let i = 1; i <= 1_000; i++) getState()
    // The bridge hangs up on it. The client cannot see the close while it does not read; its
    // next writes meet the closed connection (a reset) and end the socket. They are more calls:
    // a burst that arrives at once is mostly refused as busy (64 calls at a time, 12 MB of
    // replies), so the unread replies keep growing until the bridge drops the client.
    const dropped = new Promise<void>((resolve) => slow.socket.once('close', () => resolve()))
    const probe = setInterval(getState, 100)
    await dropped.finally(() => clearInterval(probe))
    const after = memoryOf(pid)
    // The bridge stayed well away from the 400 MB the replies would take, and still answers.
    expect(after.peakMb - before.rssMb).toBeLessThan(150)
    expect((await call(good, 'getState')).ok).toBe(true)
  }, 60_000)

  it('answers a bad request target with 400 and a foreign Host with 421 (DNS rebinding)', async () => {
    const bridge = await startWeb(['--port', '0', '--data', await tempFolder()])
    expect((await httpGet(bridge.url, '//[')).status).toBe(400)
    expect((await httpGet(bridge.url, '/', `attacker.example:${bridge.port}`)).status).toBe(421)
    expect((await httpGet(bridge.url, '/media/image/1003', 'attacker.example')).status).toBe(421)
    expect((await httpGet(bridge.url, '/', `127.0.0.1:${bridge.port + 1}`)).status).toBe(421)
    expect((await httpGet(bridge.url, '/', `localhost:${bridge.port}`)).status).toBe(200)
    expect((await httpGet(bridge.url, '/')).status).toBe(200)
    // The WebSocket too: a rebinding page's origin and Host are its own name.
    const foreign = new WebSocket(`${bridge.url.replace('http', 'ws')}/api`, {
      origin: `http://attacker.example:${bridge.port}`,
      headers: { host: `attacker.example:${bridge.port}` }
    })
    const refused = await new Promise<string>((resolve) => {
      foreign.once('unexpected-response', (_request, response) =>
        resolve(String(response.statusCode))
      )
      foreign.once('open', () => resolve('open'))
      foreign.once('error', (error) => resolve(error.message))
    })
    expect(refused).toBe('421')
  })

  it('a second bridge on a busy port says so in one line and exits 2', async () => {
    const first = await startWeb(['--port', '0', '--data', await tempFolder()])
    const second = await runWeb(['--port', String(first.port), '--data', await tempFolder()])
    expect(second.code).toBe(2)
    expect(second.stdout).toBe('')
    const lines = second.stderr.trimEnd().split('\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(
      new RegExp(`^web: port ${first.port} is already in use .*--port N \\(0 picks a free one\\)`)
    )
  })

  it('a second bridge on the same data folder names the one holding it; a dead holder does not block', async () => {
    const data = await tempFolder()
    const first = await startWeb(['--port', '0', '--data', data])
    const second = await runWeb(['--port', '0', '--data', data])
    expect(second.code).toBe(2)
    expect(second.stderr.trimEnd().split('\n')).toEqual([
      `web: The data folder ${data} is in use by the browser bridge (process ${first.child.pid}). Quit it first, or use another data folder.`
    ])
    // Killed without a chance to remove its lock: the next start takes the stale lock over.
    await stop(first.child, 'SIGKILL')
    const third = await startWeb(['--port', '0', '--data', data])
    expect((await call(await client(third), 'getState')).ok).toBe(true)
  })

  it('refuses a library folder that is a file, saves nothing, and starts again', async () => {
    const data = await tempFolder()
    const file = join(data, 'not-a-folder')
    await writeFile(file, 'mine')
    const bridge = await startWeb(['--port', '0', '--data', data])
    const socket = await client(bridge)
    const answer = await call(socket, 'updateSettings', [{ libraryFolder: file }])
    expect(answer.ok).toBe(false)
    expect(answer.error).toMatchObject({ code: 'invalid-argument', field: 'libraryFolder' })
    expect(answer.error!.message).toMatch(/is a file, not a folder/)
    const state = (await call(socket, 'getState')).value as { settings: { libraryFolder: string } }
    expect(state.settings.libraryFolder).toBe(join(data, 'library'))
    await stop(bridge.child)

    const again = await startWeb(['--port', '0', '--data', data])
    const restarted = await call(await client(again), 'getState')
    expect(restarted.value).toMatchObject({ libraryProblem: null })
  })

  it('says in words when --data is a file', async () => {
    const file = join(await tempFolder(), 'data')
    await writeFile(file, 'x')
    const run = await runWeb(['--port', '0', '--data', file])
    expect(run.code).toBe(2)
    expect(run.stderr.trim()).toBe(
      `web: --data: ${file} is a file, not a folder. Choose a folder you can write to.`
    )
  })

  it.runIf(process.getuid?.() === 0)(
    'says in words when --data is on a read-only file system',
    async () => {
      const mount = await tempFolder()
      try {
        execFileSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=1m', 'tmpfs', mount], {
          stdio: 'pipe'
        })
      } catch {
        return // this machine does not let us mount: nothing to show
      }
      cleanups.push(() => void execFileSync('umount', [mount]))
      for (const data of [mount, join(mount, 'data')]) {
        const run = await runWeb(['--port', '0', '--data', data])
        expect(run.code).toBe(2)
        expect(run.stderr).toMatch(/read-only file system/)
        expect(run.stderr).not.toMatch(/ENOENT|mkdir/)
      }
    }
  )
})

// --- the crawl command ------------------------------------------------------------------------

function crawl(args: string[], node = process.execPath): Promise<ChildRun> {
  const child = spawn(node, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  cleanups.push(() => stop(child, 'SIGKILL'))
  return childOutput(child)
}

function lastJson(run: ChildRun): {
  saved: number
  skipped: number
  failed: { id: number; reason: string }[]
} {
  return JSON.parse(run.stdout.trimEnd().split('\n').at(-1) ?? '')
}

async function tinyServer(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server: Server = createServer(handler)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  cleanups.push(async () => {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  })
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/v3/{id}.json`
}

describe('npm run crawl, against hostile sources and a folder of the person’s own', () => {
  let standin: Standin
  beforeAll(async () => {
    standin = await startStandin({ ids: [7, 1003, 1004] })
  })
  afterAll(() => standin.close())

  it('a source sending one byte a second ends a one-image crawl with exit 1 in bounded time', async () => {
    const source = await tinyServer((_request, response) => {
      response.on('error', () => undefined)
      response.writeHead(200, { 'Content-Length': '1000' })
      const timer = setInterval(() => response.write(' '), 1_000)
      response.on('close', () => clearInterval(timer))
    })
    const run = await crawl([
      '--out',
      await tempFolder(),
      '--source',
      source,
      '--ids',
      '1003',
      '--retries',
      '0',
      '--json'
    ])
    expect(run.code).toBe(1)
    expect(lastJson(run).failed).toEqual([
      {
        id: 1003,
        kind: 'timeout',
        reason: expect.stringMatching(
          /^too slow: the document did not arrive within 10 s after 1 attempts$/
        )
      }
    ])
    // The deadline is 10 s of grace plus 1,000 bytes at 8 KB/s.
    expect(run.seconds).toBeLessThan(20)
  }, 40_000)

  it('leaves .thesis.part, 7.jpg, notes.txt and holiday.jpg untouched, and says they are there', async () => {
    const out = await tempFolder()
    const theirs: Record<string, Buffer> = {
      '.thesis.part': Buffer.from('chapter one, unsaved'),
      '7.jpg': Buffer.from('not a JPEG at all'),
      'notes.txt': Buffer.from('mine'),
      'holiday.jpg': standin.expectedJpeg(1004)
    }
    for (const [name, bytes] of Object.entries(theirs)) await writeFile(join(out, name), bytes)

    const run = await crawl(['--out', out, '--source', standin.url, '--ids', '1003'])
    expect(run.code).toBe(0)
    expect(run.stderr.trim()).toBe(
      `crawl: ${out} also holds 4 files that are not part of the library (.thesis.part, 7.jpg, holiday.jpg, notes.txt); they are left untouched.`
    )
    // Asking for image 7 does not replace their 7.jpg: it fails, with the reason.
    const seven = await crawl(['--out', out, '--source', standin.url, '--ids', '7', '--json'])
    expect(seven.code).toBe(1)
    expect(lastJson(seven).failed[0]!.reason).toMatch(/7\.jpg .* is not one this library saved/)
    for (const [name, bytes] of Object.entries(theirs)) {
      expect((await readFile(join(out, name))).equals(bytes), name).toBe(true)
    }
    expect((await readdir(out)).sort()).toEqual(
      ['.earthview', '.thesis.part', '1003.jpg', '7.jpg', 'holiday.jpg', 'notes.txt'].sort()
    )
    const index = await readFile(join(out, '.earthview', 'index.jsonl'), 'utf8')
    expect(index).not.toMatch(/"id":7[,}]/) // only tombstones or nothing for 7
    expect(index.split('\n').filter((line) => line.includes('"sha256"'))).toHaveLength(1)
  })

  it('--verify sets a damaged image aside and downloads it again; without it the damage stays', async () => {
    const out = await tempFolder()
    const args = ['--out', out, '--source', standin.url, '--ids', '1003,1004', '--json']
    expect((await crawl(args)).code).toBe(0)
    const path = join(out, '1003.jpg')
    const damaged = await readFile(path)
    damaged[damaged.length >> 1]! ^= 0xff
    await writeFile(path, damaged)

    expect(lastJson(await crawl(args))).toMatchObject({ saved: 0, skipped: 2 })
    const verified = await crawl([...args, '--verify'])
    expect(verified.code).toBe(0)
    expect(lastJson(verified)).toMatchObject({ saved: 1, skipped: 1 })
    expect(verified.stderr).toMatch(
      /verified 2 saved images: 1 intact, 1 damaged \(1003\), set aside/
    )
    expect((await readFile(path)).equals(standin.expectedJpeg(1003))).toBe(true)
    const aside = await readdir(join(out, '.earthview', 'damaged'))
    expect(aside).toHaveLength(1)
    expect((await readFile(join(out, '.earthview', 'damaged', aside[0]!))).equals(damaged)).toBe(
      true
    )
  })

  // The oldest Node the package supports warned when more than 10 requests and retry waits
  // listened to the crawl's one AbortSignal (MaxListenersExceededWarning on stderr).
  it.runIf(existsSync('/usr/bin/node'))(
    'retries quietly on the system Node (20) too',
    async () => {
      const attempts = new Map<string, number>()
      const source = await tinyServer((request, response) => {
        const attempt = (attempts.get(request.url!) ?? 0) + 1
        attempts.set(request.url!, attempt)
        response.writeHead(attempt < 3 ? 503 : 404).end()
      })
      const run = await crawl(
        [
          '--out',
          await tempFolder(),
          '--source',
          source,
          '--ids',
          '1-60',
          '--concurrency',
          '48',
          '--json'
        ],
        '/usr/bin/node'
      )
      expect(run.code).toBe(0)
      expect(lastJson(run)).toMatchObject({ saved: 0, failed: [] })
      expect(run.stderr).toBe('')
    },
    60_000
  )
})
