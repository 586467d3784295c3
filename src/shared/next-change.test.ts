import { describe, expect, it } from 'vitest'
import { formatNextChange } from './next-change'

// A fixed clock: Monday 2 March 2026, 06:00 UTC.
const NOW = Date.parse('2026-03-02T06:00:00Z')
const HOUR = 3_600_000

describe('formatNextChange', () => {
  it('shows the time in the person’s format', () => {
    const utc = { timeZone: 'UTC' }
    expect(formatNextChange(NOW + HOUR, NOW, { ...utc, locale: 'en-GB' })).toBe(
      'Next change at 07:00'
    )
    expect(formatNextChange(NOW + HOUR, NOW, { ...utc, locale: 'en-US' })).toBe(
      'Next change at 7:00 AM'
    )
    expect(formatNextChange(NOW + 11 * HOUR, NOW, { ...utc, locale: 'de-DE' })).toBe(
      'Next change at 17:00'
    )
  })

  it('adds the day when it is not today, by the local calendar', () => {
    const gb = { locale: 'en-GB', timeZone: 'UTC' }
    expect(formatNextChange(NOW + 25 * HOUR, NOW, gb)).toBe('Next change at 07:00 tomorrow')
    expect(formatNextChange(NOW + 3 * 24 * HOUR, NOW, gb)).toBe('Next change at 06:00 on Thursday')
    // 06:00 UTC is 19:00 in Auckland; 23:00 UTC the same day is already tomorrow there.
    const auckland = { locale: 'en-GB', timeZone: 'Pacific/Auckland' }
    expect(formatNextChange(NOW + 2 * HOUR, NOW, auckland)).toBe('Next change at 21:00')
    expect(formatNextChange(NOW + 17 * HOUR, NOW, auckland)).toBe('Next change at 12:00 tomorrow')
  })

  it('says a time already passed (a change under way) as today', () => {
    expect(formatNextChange(NOW - HOUR, NOW, { locale: 'en-GB', timeZone: 'UTC' })).toBe(
      'Next change at 05:00'
    )
  })
})
