// Regenerates src/main/core/catalog/earth-views.json from the shared Earth View data set,
// keeping only what the app uses (the site links are dead since 2024).
// Usage: node scripts/import-catalog.mjs [path/to/earth-views.json]
import { readFileSync, writeFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'

/** One row of the data set as the app's catalog keeps it (the catalog test checks a sample). */
export function catalogEntry(row) {
  return {
    id: Number(row.id),
    country: (row.country ?? '').trim(),
    region: (row.region ?? '').trim(),
    lat: row.lat,
    lng: row.lng,
    attribution: row.attribution ?? '',
    primaryColor: row.primaryColor.slice(0, 3),
    hue: row.hue
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const source = process.argv[2] ?? '../shared/data/earthview/earth-views.json'
  const rows = JSON.parse(readFileSync(source, 'utf8'))
  const entries = rows.map(catalogEntry).sort((a, b) => a.id - b.id)
  const lines = entries.map((entry) => JSON.stringify(entry))
  writeFileSync('src/main/core/catalog/earth-views.json', `[\n${lines.join(',\n')}\n]\n`)
  console.log(`wrote ${entries.length} entries`)
}
