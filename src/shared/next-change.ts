/**
 * "Next change at 07:00": when the rotation's next change is due, in the person's own time
 * format. The day is added when it is not today ("… tomorrow", "… on Friday"), so the words
 * stay true for a daily rotation. `locale` and `timeZone` default to the system's; tests fix them.
 */
export function formatNextChange(
  at: number,
  now: number,
  options: { locale?: string; timeZone?: string } = {}
): string {
  // "07:00" where clocks run to 24, "7:00 AM" where they run to 12.
  const { hourCycle } = new Intl.DateTimeFormat(options.locale, {
    hour: 'numeric',
    timeZone: options.timeZone
  }).resolvedOptions()
  const time = new Intl.DateTimeFormat(options.locale, {
    hour: hourCycle === 'h11' || hourCycle === 'h12' ? 'numeric' : '2-digit',
    minute: '2-digit',
    timeZone: options.timeZone
  }).format(at)
  const days = dayNumber(at, options.timeZone) - dayNumber(now, options.timeZone)
  if (days <= 0) return `Next change at ${time}`
  if (days === 1) return `Next change at ${time} tomorrow`
  const weekday = new Intl.DateTimeFormat('en-US', {
    weekday: 'long',
    timeZone: options.timeZone
  }).format(at)
  return `Next change at ${time} on ${weekday}`
}

/** Days since the epoch in the given zone, so "tomorrow" follows the local calendar. */
function dayNumber(at: number, timeZone: string | undefined): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    timeZone
  }).formatToParts(at)
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value)
  return Math.round(Date.UTC(part('year'), part('month') - 1, part('day')) / 86_400_000)
}
