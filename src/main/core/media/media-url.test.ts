import { describe, expect, it } from 'vitest'
import { mediaCacheControl, parseMediaPath, parseMediaUrl } from './media-url'

describe('parseMediaUrl', () => {
  it('reads the kind, the id and the version of a well-formed URL', () => {
    expect(parseMediaUrl('earthview://image/1003')).toEqual({
      kind: 'image',
      id: '1003',
      version: null
    })
    expect(parseMediaUrl('earthview://thumb/14793?v=3')).toEqual({
      kind: 'thumb',
      id: '14793',
      version: '3'
    })
  })

  it.each([
    ['another scheme', 'file:///etc/passwd'],
    ['http', 'http://image/1003'],
    ['an unknown kind', 'earthview://original/1003'],
    ['no id', 'earthview://image/'],
    ['no path at all', 'earthview://image'],
    ['a non-numeric id', 'earthview://image/abc'],
    ['a file name', 'earthview://image/1003.jpg'],
    ['a negative id', 'earthview://image/-1'],
    ['a leading zero', 'earthview://image/01003'],
    ['zero', 'earthview://image/0'],
    ['an id too long', 'earthview://image/123456'],
    ['a fractional id', 'earthview://image/1e3'],
    ['an extra segment', 'earthview://image/1003/x'],
    ['a trailing slash', 'earthview://image/1003/'],
    ['a doubled slash', 'earthview://image//1003'],
    ['dot segments', 'earthview://image/../../etc/passwd'],
    ['dot segments that would resolve to a valid URL', 'earthview://image/x/../1003'],
    ['an encoded dot segment', 'earthview://image/%2e%2e/1003'],
    ['an encoded slash', 'earthview://image/1003%2F..%2Fsecret'],
    ['an encoded backslash', 'earthview://image/..%5C1003'],
    ['a backslash', 'earthview://image\\1003'],
    ['an encoded NUL', 'earthview://image/1003%00'],
    ['credentials', 'earthview://user:pw@image/1003'],
    ['a port', 'earthview://image:8080/1003'],
    ['an unknown query parameter', 'earthview://image/1003?path=/etc/passwd'],
    ['a repeated version', 'earthview://image/1003?v=1&v=2'],
    ['a version with odd characters', 'earthview://image/1003?v=%2F'],
    ['a fragment', 'earthview://image/1003#x'],
    ['no slashes', 'earthview:image/1003'],
    ['an empty string', ''],
    ['garbage', 'not a url']
  ])('refuses %s', (_why, url) => {
    expect(parseMediaUrl(url)).toBeNull()
  })

  it('refuses very long URLs', () => {
    expect(parseMediaUrl(`earthview://image/1003?v=${'1'.repeat(600)}`)).toBeNull()
  })
})

describe('parseMediaPath', () => {
  it('reads the bridge form', () => {
    expect(parseMediaPath('/media/thumb/1003?v=2')).toEqual({
      kind: 'thumb',
      id: '1003',
      version: '2'
    })
    expect(parseMediaPath('/media/image/2000')).toEqual({
      kind: 'image',
      id: '2000',
      version: null
    })
  })

  it.each([
    ['another prefix', '/static/image/1003'],
    ['an absolute URL to another host', '//evil.example/media/image/1003'],
    ['a full URL', 'http://evil.example/media/image/1003'],
    ['an unknown kind', '/media/original/1003'],
    ['dot segments', '/media/image/../../../etc/passwd'],
    ['dot segments that would resolve to a valid path', '/media/image/x/../1003'],
    ['encoded dot segments', '/media/image/%2e%2e/%2e%2e/etc/passwd'],
    ['an encoded slash', '/media/image/1003%2f..'],
    ['an extra segment', '/media/image/1003/x'],
    ['a non-numeric id', '/media/thumb/abc'],
    ['an unknown query parameter', '/media/thumb/1003?x=1']
  ])('refuses %s', (_why, target) => {
    expect(parseMediaPath(target)).toBeNull()
  })
})

describe('mediaCacheControl', () => {
  it('lets a versioned URL be cached for good and makes an unversioned one revalidate', () => {
    expect(mediaCacheControl({ kind: 'thumb', id: '1', version: '4' })).toBe(
      'private, max-age=31536000, immutable'
    )
    expect(mediaCacheControl({ kind: 'image', id: '1', version: null })).toBe('no-cache')
  })
})
