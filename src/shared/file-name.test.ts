import { describe, expect, it } from 'vitest'
import type { CatalogEntry } from '@shared/catalog'
import { DEFAULT_FILENAME_TEMPLATE } from '@shared/settings'
import { Catalog } from '../main/core/catalog/catalog'
import { fileNameFor, MAX_NAME_BYTES, withCopyNumber } from './file-name'

function entry(fields: Partial<CatalogEntry> = {}): CatalogEntry {
  return {
    id: 1003,
    country: 'Australia',
    region: 'Queensland',
    lat: -16.920334,
    lng: 145.770859,
    attribution: '©2014 DigitalGlobe',
    primaryColor: [10, 20, 30],
    hue: 200,
    ...fields
  }
}

const T = DEFAULT_FILENAME_TEMPLATE

/** What every produced name must satisfy on Windows, macOS and Linux. */
function expectPortable(name: string): void {
  expect(name).toMatch(/\.jpg$/)
  // eslint-disable-next-line no-control-regex
  expect(name).not.toMatch(/[<>:"/\\|?*\u0000-\u001f\u007f]/)
  expect(name).not.toMatch(/^[ .]/)
  expect(name.slice(0, -4)).not.toMatch(/[ .]$/)
  expect(name.split('.')[0]!.trim()).not.toMatch(
    /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)$/i
  )
  expect(new TextEncoder().encode(name).length).toBeLessThanOrEqual(MAX_NAME_BYTES)
  expect(name).toBe(name.normalize('NFC'))
  expect(name).not.toContain('\ufffd')
}

describe('fileNameFor', () => {
  it('fills the default template', () => {
    expect(fileNameFor(T, entry())).toBe('Australia - Queensland (1003).jpg')
  })

  it('drops an empty part together with its separator', () => {
    expect(fileNameFor(T, entry({ region: '' }))).toBe('Australia (1003).jpg')
    expect(fileNameFor(T, entry({ country: '' }))).toBe('Queensland (1003).jpg')
    expect(fileNameFor(T, entry({ country: '  ', region: '' }))).toBe('(1003).jpg')
    expect(fileNameFor('{id} {country} - {region}.jpg', entry({ region: '' }))).toBe(
      '1003 Australia.jpg'
    )
    expect(fileNameFor('[{region}] {country} {id}', entry({ region: '' }))).toBe(
      'Australia 1003.jpg'
    )
    expect(fileNameFor('{region}, {country} #{id}', entry({ country: '' }))).toBe(
      'Queensland #1003.jpg'
    )
  })

  it('fills {lat} and {lng}, keeps unknown placeholders as text, and always ends .jpg', () => {
    expect(fileNameFor('{id}_{lat}_{lng}', entry())).toBe('1003_-16.920334_145.770859.jpg')
    expect(fileNameFor('{id} {lat}', entry({ lat: 0 }))).toBe('1003 0.jpg')
    expect(fileNameFor('{id} {nope}.JPEG', entry())).toBe('1003 {nope}.jpg')
    expect(fileNameFor('{id}.png', entry())).toBe('1003.png.jpg')
  })

  it('replaces characters that are not allowed in file names', () => {
    const name = fileNameFor(T, entry({ country: 'A/B\\C: "D"', region: 'what? <*> |x|\u0007' }))
    expect(name).toBe("A-B-C- 'D' - what -x- (1003).jpg")
    expectPortable(name)
  })

  it('treats a value with nothing printable as empty', () => {
    expect(fileNameFor(T, entry({ region: '???' }))).toBe('Australia (1003).jpg')
    expect(fileNameFor(T, entry({ region: '\u0001\u0002' }))).toBe('Australia (1003).jpg')
  })

  it('trims dots and spaces from the ends', () => {
    expect(fileNameFor('{country}...  ', entry({ country: '  .hidden. ' }))).toBe('hidden.jpg')
    expect(fileNameFor('{region}.', entry({ region: 'St.' }))).toBe('St.jpg')
  })

  it('avoids names Windows reserves, with or without an extension', () => {
    for (const reserved of ['CON', 'nul', 'Com1', 'LPT9', 'aux']) {
      const name = fileNameFor('{country}', entry({ country: reserved }))
      expect(name).toBe(`_${reserved}.jpg`)
      expectPortable(name)
    }
    expect(fileNameFor('{country}.{id}', entry({ country: 'PRN' }))).toBe('_PRN.1003.jpg')
    expect(fileNameFor('{country}', entry({ country: 'CONSOLE' }))).toBe('CONSOLE.jpg')
  })

  it('keeps names within 200 UTF-8 bytes, cutting place names first and whole characters', () => {
    const long = entry({ country: 'Ünïcödé '.repeat(30), region: '🇦🇺 Région '.repeat(20) })
    const name = fileNameFor(T, long)
    expectPortable(name)
    expect(name).toMatch(/ \(1003\)\.jpg$/)
    expect(new TextEncoder().encode(name).length).toBeGreaterThan(MAX_NAME_BYTES - 8)
  })

  it('cuts a long literal template at a character boundary', () => {
    const name = fileNameFor(`{id} ${'é'.repeat(300)}`, entry())
    expectPortable(name)
    expect(name.startsWith('1003 ééé')).toBe(true)
  })

  it('normalises to NFC so the same place always gives the same name', () => {
    const decomposed = entry({ country: 'Co\u0302te d’Ivoire' })
    expect(fileNameFor(T, decomposed)).toBe(fileNameFor(T, entry({ country: 'Côte d’Ivoire' })))
  })

  it('gives a portable, distinct name for every image in the bundled catalog', () => {
    const names = new Set<string>()
    for (const item of new Catalog().entries()) {
      const name = fileNameFor(T, item)
      expectPortable(name)
      names.add(name)
    }
    expect(names.size).toBe(new Catalog().size)
  })
})

describe('withCopyNumber', () => {
  it('numbers copies before the extension', () => {
    expect(withCopyNumber('Australia (1003).jpg', 1)).toBe('Australia (1003).jpg')
    expect(withCopyNumber('Australia (1003).jpg', 2)).toBe('Australia (1003) (2).jpg')
    expect(withCopyNumber('Australia (1003).jpg', 12)).toBe('Australia (1003) (12).jpg')
  })

  it('stays within the length limit', () => {
    const name = fileNameFor(T, entry({ country: 'x'.repeat(400) }))
    const copy = withCopyNumber(name, 3)
    expectPortable(copy)
    expect(copy).toMatch(/ \(3\)\.jpg$/)
  })
})
