/**
 * Sources that misbehave on purpose, served by tiny servers in the test: one that trickles its
 * body, one that streams a chunked document without end. Each must end in bounded time and
 * bounded memory, as a failure that says why.
 */
import { createServer, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { Catalog } from '../catalog/catalog'
import { Library } from '../library/library'
import { startCrawl, type CrawlOptions } from './crawl'
import { MAX_DOCUMENT_BYTES } from './fetch-document'

const cleanups: (() => Promise<unknown>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

interface Hostile {
  url: string
  requests: number
  /** Body bytes written to each response, by the time its connection closed. */
  sent: number[]
}

/** A server whose every response is `respond`; sockets are destroyed at cleanup. */
async function hostileServer(respond: (response: ServerResponse) => void): Promise<Hostile> {
  const state: Hostile = { url: '', requests: 0, sent: [] }
  const server: Server = createServer((request, response) => {
    state.requests++
    const index = state.sent.push(0) - 1
    const write = response.write.bind(response) as (chunk: string | Buffer) => boolean
    response.write = ((chunk: string | Buffer) => {
      state.sent[index]! += Buffer.byteLength(chunk)
      return write(chunk)
    }) as typeof response.write
    response.on('error', () => undefined)
    respond(response)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  cleanups.push(async () => {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  })
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/{id}.json`
  return state
}

async function crawlOne(source: string, extra: Partial<CrawlOptions> = {}) {
  const folder = await mkdtemp(join(tmpdir(), 'evg-hostile-'))
  const library = await Library.open(folder)
  cleanups.push(() => rm(folder, { recursive: true, force: true }))
  cleanups.push(() => library.close())
  const crawl = startCrawl({
    source,
    plan: { kind: 'list', ids: [1003] },
    library,
    catalog: new Catalog(),
    concurrency: 1,
    retries: 1,
    retryBaseDelayMs: 5,
    maxRetryDelayMs: 10,
    ...extra
  })
  cleanups.push(async () => {
    crawl.cancel()
    await crawl.done
  })
  return crawl
}

/** Rejects when `promise` takes longer than `ms`: the defect is a crawl that never ends. */
function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`still running after ${ms} ms`)), ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

describe('a source that trickles its body', () => {
  it('fails the document at its total deadline, as a retryable failure, although bytes keep coming', async () => {
    // 500 KB promised, one byte every 50 ms: never silent long enough for the body timeout.
    const source = await hostileServer((response) => {
      response.writeHead(200, { 'Content-Length': String(500_000) })
      const timer = setInterval(() => response.write('{'), 50)
      response.on('close', () => clearInterval(timer))
    })
    const started = performance.now()
    const crawl = await crawlOne(source.url, {
      bodyTimeoutMs: 5_000,
      // Deadline: 0.2 s + 500 KB at 1 MB/s = 0.7 s per attempt.
      deadlineGraceMs: 200,
      minBytesPerSecond: 1_000_000
    })
    const summary = await within(crawl.done, 8_000)
    const seconds = (performance.now() - started) / 1000
    expect(summary.failed).toEqual([
      {
        id: 1003,
        kind: 'timeout',
        reason: 'too slow: the document did not arrive within 1 s after 2 attempts'
      }
    ])
    // Retried once, like any other transient failure.
    expect(source.requests).toBe(2)
    expect(seconds).toBeGreaterThan(1.2)
    expect(seconds).toBeLessThan(5)
  })
})

describe('a source that streams a document without end', () => {
  it('stops reading a chunked document the moment it passes the size limit', async () => {
    // A valid JSON start, then base64 of a JPEG-looking image, as fast as the socket takes it,
    // with no Content-Length to refuse it by: up to 50 MB unless the reader hangs up.
    const head = '{"id":"1003","dataUri":"data:image/jpeg;base64,/9j/'
    const block = 'A'.repeat(64 * 1024)
    const source = await hostileServer((response) => {
      response.writeHead(200, { 'Content-Type': 'application/json' })
      response.write(head)
      let sent = 0
      const pump = () => {
        while (sent < 50 * 1024 * 1024 && !response.destroyed) {
          sent += block.length
          if (!response.write(block)) return void response.once('drain', pump)
        }
        response.end()
      }
      pump()
    })
    const crawl = await crawlOne(source.url)
    const summary = await within(crawl.done, 20_000)
    expect(summary.failed).toEqual([
      { id: 1003, kind: 'too-large', reason: 'document too large (over 4 MB)' }
    ])
    // Not retried: a second look would only read the same 4 MB again.
    expect(source.requests).toBe(1)
    // What was written before the reader hung up: the limit plus what socket buffers held.
    expect(source.sent[0]!).toBeGreaterThan(MAX_DOCUMENT_BYTES)
    expect(source.sent[0]!).toBeLessThan(MAX_DOCUMENT_BYTES + 8 * 1024 * 1024)
  })
})
