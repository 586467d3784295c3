import { describe, expect, it } from 'vitest'
import { BufferPool } from './buffer-pool'
import { DocumentError, DocumentExtractor, type ExtractedDocument } from './document-extractor'
import { documentMeta } from './document'

/** A small fake JPEG whose base64 has '/', '+' and needs padding. */
function fakeJpeg(length: number): Buffer {
  const bytes = Buffer.alloc(length)
  let seed = 7
  for (let i = 0; i < length; i++) {
    seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0
    bytes[i] = seed >>> 24
  }
  bytes[0] = 0xff
  bytes[1] = 0xd8
  bytes[length - 2] = 0xff
  bytes[length - 1] = 0xd9
  return bytes
}

function extract(chunks: Buffer[]): ExtractedDocument {
  const extractor = new DocumentExtractor()
  for (const chunk of chunks) extractor.push(chunk)
  return extractor.finish()
}

function failure(document: string, limits = {}): string {
  const extractor = new DocumentExtractor(limits)
  try {
    extractor.push(Buffer.from(document))
    extractor.finish()
  } catch (error) {
    expect(error).toBeInstanceOf(DocumentError)
    return (error as Error).message
  }
  throw new Error('no failure')
}

const jpeg = fakeJpeg(301) // 301 % 3 = 1: base64 ends in "=="
const b64 = jpeg.toString('base64')

const documents: Record<string, string> = {
  flat: `{"id":"1004","dataUri":"data:image/jpeg;base64,${b64}","lat":-19.14,"lng":-68.68,"zoom":14,"attribution":"©2014 CNES / Astrium","country":"Chile","region":"Tamarugal"}`,
  geocode: `{ "id" : "1003", "lat": -10.04, "lng": 143.56, "attribution": "x", "geocode": {"country": "Australia", "locality": "Cape York", "dataUri": "nested, ignored"}, "dataUri" : "data:image/jpeg;base64,${b64}" }`,
  escaped: `{"id":"1006","attribution":"dataUri","dataUri":"data:image\\/jpeg;base64,${b64.replaceAll('/', '\\/')}","country":"China","region":"Ngari"}`,
  wrapped: `{"id":"1007","dataUri":"data:image/jpeg;base64,${b64.slice(0, 76)}\\n${b64.slice(76, 150)}\\r\\n\\u${b64.charCodeAt(150).toString(16).padStart(4, '0')}${b64.slice(151)}","country":"","region":""}`
}

describe('DocumentExtractor', () => {
  it('checks the fixtures include what the scanner must handle', () => {
    expect(b64).toMatch(/\//)
    expect(b64).toMatch(/\+/)
    expect(b64.endsWith('==')).toBe(true)
  })

  for (const [name, document] of Object.entries(documents)) {
    it(`decodes the ${name} document identically at every chunk split point`, () => {
      const bytes = Buffer.from(document)
      const whole = extract([bytes])
      expect(Buffer.concat(whole.image).equals(jpeg)).toBe(true)
      expect(whole.imageBytes).toBe(jpeg.length)
      expect(whole.fields).not.toHaveProperty('dataUri')
      for (let split = 0; split <= bytes.length; split++) {
        const parts = extract([bytes.subarray(0, split), bytes.subarray(split)])
        expect(Buffer.concat(parts.image).equals(jpeg), `split at ${split}`).toBe(true)
        expect(parts.fields).toEqual(whole.fields)
      }
      const bytewise = extract([...bytes].map((byte) => Buffer.from([byte])))
      expect(Buffer.concat(bytewise.image).equals(jpeg)).toBe(true)
      expect(bytewise.fields).toEqual(whole.fields)
    })
  }

  it('reads both document shapes into the same metadata fields', () => {
    expect(documentMeta(1004, extract([Buffer.from(documents.flat!)]).fields)).toEqual({
      country: 'Chile',
      region: 'Tamarugal',
      lat: -19.14,
      lng: -68.68,
      attribution: '©2014 CNES / Astrium'
    })
    expect(documentMeta(1003, extract([Buffer.from(documents.geocode!)]).fields)).toMatchObject({
      country: 'Australia',
      region: 'Cape York'
    })
    expect(() => documentMeta(1005, extract([Buffer.from(documents.flat!)]).fields)).toThrow(
      'document is for id 1004'
    )
  })

  it('gives a short reason for every kind of bad document', () => {
    const uri = `data:image/jpeg;base64,${b64}`
    expect(failure(`{"id":"1","dataUri":"${uri}","lat":1,`)).toBe('malformed document (cut short)')
    expect(failure(`{"id":"1","dataUri":"${uri.slice(0, 100)}`)).toMatch(/ends inside dataUri/)
    expect(failure(`{"id":"1","dataUri":"${uri}",}`)).toBe('malformed document')
    expect(failure(`<html>503</html>`)).toBe('malformed document')
    expect(failure(`{"id":"1","lat":2}`)).toBe('no dataUri in the document')
    expect(failure(`{"id":"1","dataUri":null}`)).toBe('dataUri is not a string')
    expect(failure(`{"dataUri":"${uri}","dataUri":"${uri}"}`)).toMatch(/two dataUri/)
    expect(failure(`{"dataUri":"https://example.com/x.jpg"}`)).toBe('dataUri is not a data URI')
    expect(failure(`{"dataUri":"data:image/jpeg,abc"}`)).toBe('dataUri is not base64')
    expect(failure(`{"dataUri":"data:image/jpeg;base64,/9j/*AAA"}`)).toBe(
      'dataUri is not valid base64'
    )
    expect(failure(`{"dataUri":"data:image/jpeg;base64,/9j=/9j/"}`)).toBe(
      'dataUri is not valid base64'
    )
    expect(failure(`{"dataUri":"data:image/jpeg;base64,iVBORw0KGgo="}`)).toBe('not a JPEG')
    expect(failure(`{"dataUri":"${uri}"}`, { maxImageBytes: 100 })).toBe('image too large')
    expect(failure(`{"x":"${'a'.repeat(5000)}"}`, { maxOtherBytes: 4096 })).toMatch(/too large/)
  })

  it('decodes a real-sized image in uneven chunks into buffers it borrows and gives back', () => {
    const big = fakeJpeg(700_001) // several decode slices, and a quantum split across chunks
    const body = Buffer.from(
      `{"id":"1","dataUri":"data:image\\/jpeg;base64,${big.toString('base64')}","lat":1}`
    )
    const pool = new BufferPool(4)
    const lent: ArrayBufferLike[] = []
    for (const [chunkSize, hinted] of [
      [65_536, true],
      [65_536, true],
      [4_099, false],
      [body.length, true]
    ] as const) {
      const extractor = new DocumentExtractor({
        buffers: pool,
        documentBytes: hinted ? body.length : undefined
      })
      for (let at = 0; at < body.length; at += chunkSize) {
        extractor.push(body.subarray(at, at + chunkSize))
      }
      const document = extractor.finish()
      expect(document.imageBytes).toBe(big.length)
      expect(Buffer.concat(document.image).equals(big), `chunks of ${chunkSize}`).toBe(true)
      expect(document.fields).toEqual({ id: '1', lat: 1 })
      lent.push(document.image[0]!.buffer)
      extractor.release()
    }
    // The second document was decoded into the first one's buffer, given back in between.
    expect(lent[1]).toBe(lent[0])
    expect(pool.idle).toBeLessThanOrEqual(4)
  })

  it('finds bad base64 past the first decode slice', () => {
    const big = fakeJpeg(400_000).toString('base64')
    const bad = `${big.slice(0, 300_000)}*${big.slice(300_001)}`
    expect(failure(`{"dataUri":"data:image/jpeg;base64,${bad}"}`)).toBe(
      'dataUri is not valid base64'
    )
    const padded = `${big.slice(0, 300_000)}=${big.slice(300_001)}`
    expect(failure(`{"dataUri":"data:image/jpeg;base64,${padded}"}`)).toBe(
      'dataUri is not valid base64'
    )
  })
})
