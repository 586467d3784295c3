import { afterEach, describe, expect, it } from 'vitest'
import { request } from 'undici'
import { startStandin, type Standin } from './server'

let standin: Standin | undefined
afterEach(async () => {
  await standin?.close()
  standin = undefined
})

async function fetchText(url: string): Promise<{ status: number; text: string; length: string }> {
  const response = await request(url)
  return {
    status: response.statusCode,
    text: await response.body.text(),
    length: String(response.headers['content-length'])
  }
}

function imageOf(document: { dataUri: string }): Buffer {
  const prefix = 'data:image/jpeg;base64,'
  expect(document.dataUri.startsWith(prefix)).toBe(true)
  return Buffer.from(document.dataUri.slice(prefix.length), 'base64')
}

describe('Earth View stand-in', () => {
  it('serves flat and geocode documents carrying the expected, unique JPEG bytes', async () => {
    standin = await startStandin({ ids: [1003, 1004, 1006, 1007], shape: 'mixed' })
    const flat = await fetchText(standin.url.replace('{id}', '1004'))
    expect(flat.status).toBe(200)
    expect(Number(flat.length)).toBe(Buffer.byteLength(flat.text))
    expect(standin.documentLength(1004)).toBe(Buffer.byteLength(flat.text))
    const flatDoc = JSON.parse(flat.text)
    expect(flatDoc).toMatchObject({ id: '1004', country: 'Chile', region: 'Tamarugal' })
    const jpeg = imageOf(flatDoc)
    expect(jpeg.equals(standin.expectedJpeg(1004))).toBe(true)
    expect(jpeg.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]))
    expect(jpeg.subarray(-2)).toEqual(Buffer.from([0xff, 0xd9]))
    expect(jpeg.length).toBeGreaterThan(5_000)

    const geo = JSON.parse((await fetchText(standin.url.replace('{id}', '1003'))).text)
    expect(geo.geocode).toEqual({ country: 'Australia' })
    expect(geo.country).toBeUndefined()
    expect(imageOf(geo).equals(standin.expectedJpeg(1003))).toBe(true)
    expect(standin.expectedJpeg(1003).equals(standin.expectedJpeg(1004))).toBe(false)

    expect((await fetchText(standin.url.replace('{id}', '1005'))).status).toBe(404)
    expect(standin.attempts(1004)).toBe(1)
    expect(standin.totalRequests()).toBe(3)
  })

  it('escapes slashes when asked, and the document still parses to the same bytes', async () => {
    standin = await startStandin({ ids: [1004], escapeSlashes: true })
    const { text, length } = await fetchText(standin.url.replace('{id}', '1004'))
    expect(text).toContain('data:image\\/jpeg;base64,')
    expect(Number(length)).toBe(Buffer.byteLength(text))
    expect(standin.documentLength(1004)).toBe(Buffer.byteLength(text))
    expect(imageOf(JSON.parse(text)).equals(standin.expectedJpeg(1004))).toBe(true)
  })

  it('injects faults per attempt', async () => {
    standin = await startStandin({
      ids: [1004, 1006],
      faults: (id, attempt) =>
        id === 1004 && attempt === 1
          ? 'http503'
          : id === 1006
            ? { status: 429, retryAfterSeconds: 7 }
            : undefined
    })
    expect((await fetchText(standin.url.replace('{id}', '1004'))).status).toBe(503)
    expect((await fetchText(standin.url.replace('{id}', '1004'))).status).toBe(200)
    const limited = await request(standin.url.replace('{id}', '1006'))
    await limited.body.dump()
    expect(limited.statusCode).toBe(429)
    expect(limited.headers['retry-after']).toBe('7')
    expect(standin.attempts(1004)).toBe(2)
  })

  it('cuts bodies short for truncate and reset', async () => {
    standin = await startStandin({
      ids: [1004, 1006],
      faults: (id) => (id === 1004 ? 'truncate' : 'reset')
    })
    await expect(fetchText(standin.url.replace('{id}', '1004'))).rejects.toThrow()
    await expect(fetchText(standin.url.replace('{id}', '1006'))).rejects.toThrow()
  })

  it('shares one bandwidth limit across responses', async () => {
    standin = await startStandin({ ids: [1004, 1006], bandwidthBytesPerSecond: 200_000 })
    const started = performance.now()
    const [a, b] = await Promise.all([
      fetchText(standin.url.replace('{id}', '1004')),
      fetchText(standin.url.replace('{id}', '1006'))
    ])
    const seconds = (performance.now() - started) / 1000
    const bytes = a.text.length + b.text.length
    // The first chunk of each response goes out at once; the rest is paced by the link.
    expect(seconds).toBeGreaterThanOrEqual((bytes - 2 * 16 * 1024) / 200_000 - 0.01)
  })
})
