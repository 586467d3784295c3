import { describe, expect, it } from 'vitest'
import { googleMapsUrl } from '@shared/catalog'
import { isAllowedExternalUrl } from './external-urls'

describe('isAllowedExternalUrl', () => {
  it('allows Google Maps and Google Earth over https', () => {
    expect(isAllowedExternalUrl(googleMapsUrl({ lat: -10.04, lng: 143.56 }))).toBe(true)
    expect(isAllowedExternalUrl('https://maps.google.com/maps?q=1,2')).toBe(true)
    expect(isAllowedExternalUrl('https://earth.google.com/web/@-10.04,143.56,0a')).toBe(true)
  })

  it.each([
    'http://www.google.com/maps/@1,2,3z',
    'https://www.google.com/search?q=x',
    'https://www.google.com.evil.example/maps',
    'https://evil.example/?https://www.google.com/maps',
    'https://user:pw@www.google.com/maps',
    'https://www.google.com:8443/maps',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'not a url'
  ])('refuses %s', (url) => {
    expect(isAllowedExternalUrl(url)).toBe(false)
  })
})
