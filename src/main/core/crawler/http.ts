/**
 * The two parts of undici the crawler uses, loaded on their own. undici's index also loads
 * fetch, WebSocket, EventSource, caches and mocks: importing it cost the crawl command ~13 MB of
 * RSS and ~80 ms of CPU at start, for code it never runs.
 *
 * These `lib/` paths are undici's internals, not its API, so package.json pins undici exactly:
 * an upgrade is a deliberate change, checked by the crawler's tests (every crawl goes through
 * here), not something a fresh `npm install` does behind our back.
 */
import type { Dispatcher } from 'undici'
import requestOn from 'undici/lib/api/api-request.js'
import AgentClass from 'undici/lib/dispatcher/agent.js'

export const Agent = AgentClass
export type Agent = InstanceType<typeof AgentClass>

export type GetOptions = Omit<Dispatcher.RequestOptions, 'origin' | 'path' | 'method'> & {
  dispatcher: Dispatcher
}

/** A GET through `dispatcher`, like undici's `request(url, { dispatcher, … })`. */
export function get(url: string, options: GetOptions): Promise<Dispatcher.ResponseData> {
  const { dispatcher, ...rest } = options
  const { origin, pathname, search } = new URL(url)
  return requestOn.call(dispatcher, { ...rest, origin, path: pathname + search, method: 'GET' })
}
