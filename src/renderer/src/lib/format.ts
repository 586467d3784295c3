/** Text the UI shows for numbers, sizes, times and places; fixed to English to match the UI copy. */

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 })
const oneDecimal = new Intl.NumberFormat('en-US', {
  minimumFractionDigits: 1,
  maximumFractionDigits: 1
})

export function formatCount(value: number): string {
  return integer.format(value)
}

/** "1 image", "2,609 images". */
export function formatImages(count: number): string {
  return `${formatCount(count)} ${count === 1 ? 'image' : 'images'}`
}

export function formatRate(imagesPerSecond: number): string {
  return `${oneDecimal.format(imagesPerSecond)} images/s`
}

export function formatThroughput(bytesPerSecond: number): string {
  return `${oneDecimal.format(bytesPerSecond / 1_000_000)} MB/s`
}

export function formatBytes(bytes: number): string {
  if (bytes < 1_000) return `${formatCount(bytes)} B`
  if (bytes < 1_000_000) return `${oneDecimal.format(bytes / 1_000)} KB`
  if (bytes < 1_000_000_000) return `${oneDecimal.format(bytes / 1_000_000)} MB`
  return `${oneDecimal.format(bytes / 1_000_000_000)} GB`
}

/** "45 s", "3 min 05 s", "1 h 02 min". */
export function formatDuration(totalSeconds: number): string {
  const seconds = Math.max(0, Math.round(totalSeconds))
  if (seconds < 60) return `${seconds} s`
  const minutes = Math.floor(seconds / 60)
  if (minutes < 60) return `${minutes} min ${String(seconds % 60).padStart(2, '0')} s`
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`
}

export function formatEta(etaSeconds: number | null): string {
  return etaSeconds === null || !Number.isFinite(etaSeconds)
    ? 'estimating…'
    : `${formatDuration(etaSeconds)} left`
}

const degrees = new Intl.NumberFormat('en-US', {
  minimumFractionDigits: 4,
  maximumFractionDigits: 4
})

/** "12.3456° S, 45.6789° E". */
export function formatCoordinates(lat: number, lng: number): string {
  const latText = `${degrees.format(Math.abs(lat))}° ${lat < 0 ? 'S' : 'N'}`
  const lngText = `${degrees.format(Math.abs(lng))}° ${lng < 0 ? 'W' : 'E'}`
  return `${latText}, ${lngText}`
}

/** "< 0.1 km", "3.4 km", "1,234 km": tenths of a kilometre matter only close by. */
export function formatDistance(km: number): string {
  if (km < 0.1) return '< 0.1 km'
  return `${km < 10 ? oneDecimal.format(km) : formatCount(km)} km`
}

export function rgb([r, g, b]: readonly [number, number, number]): string {
  return `rgb(${r} ${g} ${b})`
}
