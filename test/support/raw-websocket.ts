/**
 * A WebSocket client at the byte level, for a client that the `ws` package would not be: one
 * that never reads what it is sent. It does the opening handshake, then writes masked text
 * frames; reading is up to the test (the socket is returned paused).
 */
import { randomBytes } from 'node:crypto'
import { connect, type Socket } from 'node:net'

export interface RawWebSocket {
  socket: Socket
  /** Writes one masked text frame (payload up to 64 KB). */
  sendText(text: string): boolean
}

export async function openRawWebSocket(url: string, path = '/api'): Promise<RawWebSocket> {
  const { hostname, port } = new URL(url)
  const socket = connect(Number(port), hostname)
  socket.on('error', () => undefined)
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve)
    socket.once('error', reject)
  })
  const key = randomBytes(16).toString('base64')
  socket.write(
    `GET ${path} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nOrigin: ${url}\r\n` +
      `Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\n` +
      'Sec-WebSocket-Version: 13\r\n\r\n'
  )
  // Read exactly the handshake's answer, then stop reading.
  await new Promise<void>((resolve, reject) => {
    let head = ''
    const onData = (chunk: Buffer) => {
      head += chunk.toString('latin1')
      const end = head.indexOf('\r\n\r\n')
      if (end === -1) return
      socket.off('data', onData)
      socket.pause()
      if (!head.startsWith('HTTP/1.1 101')) reject(new Error(`handshake refused: ${head}`))
      else {
        // Anything after the headers was a frame already: give it back to the stream.
        const rest = Buffer.from(head.slice(end + 4), 'latin1')
        if (rest.length > 0) socket.unshift(rest)
        resolve()
      }
    }
    socket.on('data', onData)
  })
  return { socket, sendText: (text) => socket.write(maskedTextFrame(text)) }
}

function maskedTextFrame(text: string): Buffer {
  const payload = Buffer.from(text)
  if (payload.length > 0xffff) throw new Error('payload too long for this helper')
  const header =
    payload.length < 126
      ? Buffer.from([0x81, 0x80 | payload.length])
      : Buffer.from([0x81, 0x80 | 126, payload.length >> 8, payload.length & 0xff])
  const mask = randomBytes(4)
  const masked = Buffer.alloc(payload.length)
  for (let i = 0; i < payload.length; i++) masked[i] = payload[i]! ^ mask[i & 3]!
  return Buffer.concat([header, mask, masked])
}
