import { describe, expect, it } from 'vitest'
import { afterLastWindowClosed, shouldTellAboutTray } from './window-close'

describe('closing the last window', () => {
  it('keeps the app in the tray while the wallpaper rotates, quits otherwise (not on macOS)', () => {
    expect(afterLastWindowClosed({ platform: 'linux', interval: 'day' })).toBe('keep-running')
    expect(afterLastWindowClosed({ platform: 'win32', interval: 'hour' })).toBe('keep-running')
    expect(afterLastWindowClosed({ platform: 'linux', interval: 'never' })).toBe('quit')
    expect(afterLastWindowClosed({ platform: 'win32', interval: 'never' })).toBe('quit')
    expect(afterLastWindowClosed({ platform: 'darwin', interval: 'never' })).toBe('keep-running')
  })

  it('tells the person once, and only when the app stays for the rotation', () => {
    expect(shouldTellAboutTray({ platform: 'linux', interval: 'day', alreadyTold: false })).toBe(
      true
    )
    expect(shouldTellAboutTray({ platform: 'linux', interval: 'day', alreadyTold: true })).toBe(
      false
    )
    expect(shouldTellAboutTray({ platform: 'linux', interval: 'never', alreadyTold: false })).toBe(
      false
    )
    expect(shouldTellAboutTray({ platform: 'darwin', interval: 'day', alreadyTold: false })).toBe(
      false
    )
  })
})
