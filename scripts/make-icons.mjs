// Renders the app's icons from their SVG sources (sharp rasterizes SVG in plain Node):
//   node scripts/make-icons.mjs        (npm run icons)
// The outputs are committed, so packaging needs neither this script nor electron-builder's icon
// converter (which downloads its own toolset):
//   build/icon.icns              macOS, from the full 1024-unit grid (the tile with its margin)
//   build/icon.ico               Windows, cropped to the tile
//   build/icon.png               1024 px, the full grid (electron-builder's fallback)
//   build/icons/NxN.png          Linux's icon set, cropped to the tile
//   resources/icon.png           512 px, the window icon on Linux (loaded at run time)
//   resources/trayTemplate.png   the macOS menu-bar template image, 16 px and @2x 32 px
// Sizes up to SMALL px use SMALL_SIZE_STYLE: a thicker limb, no stars or fields, which would
// only blur at a few pixels.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import sharp from 'sharp'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const SMALL = 48
const SMALL_SIZE_STYLE = '<style>.rim{stroke-width:64}.detail{display:none}</style>'
const FULL_GRID = '0 0 1024 1024'
const TILE = '100 100 824 824'

/** The icon's SVG for one size: cropped to the tile or not, simplified when small. */
export function iconSvg(source, { size, crop }) {
  let svg = source.replace(`viewBox="${FULL_GRID}"`, `viewBox="${crop ? TILE : FULL_GRID}"`)
  if (size <= SMALL) svg = svg.replace('</defs>', `</defs>${SMALL_SIZE_STYLE}`)
  return svg
}

/** Rasterizes an SVG (square viewBox) to a size×size PNG, drawn at that size, not scaled down. */
export async function renderPng(svg, size) {
  const viewBox = /viewBox="[\d.]+ [\d.]+ ([\d.]+) [\d.]+"/.exec(svg)
  if (!viewBox) throw new Error('the SVG has no square viewBox')
  const density = (72 * size) / Number(viewBox[1])
  return sharp(Buffer.from(svg), { density })
    .resize(size, size, { fit: 'fill' })
    .png({ compressionLevel: 9 })
    .toBuffer()
}

/** Apple's icns: a header, then one PNG per type (types from Apple's IconFamily.h). */
export function icns(pngsBySize) {
  const types = [
    ['icp4', 16],
    ['ic11', 32],
    ['icp5', 32],
    ['ic12', 64],
    ['ic07', 128],
    ['ic13', 256],
    ['ic08', 256],
    ['ic14', 512],
    ['ic09', 512],
    ['ic10', 1024]
  ]
  const chunks = types.map(([type, size]) => {
    const png = pngsBySize.get(size)
    if (!png) throw new Error(`icns needs a ${size} px PNG`)
    const header = Buffer.alloc(8)
    header.write(type, 0, 'ascii')
    header.writeUInt32BE(png.length + 8, 4)
    return Buffer.concat([header, png])
  })
  const header = Buffer.alloc(8)
  header.write('icns', 0, 'ascii')
  header.writeUInt32BE(8 + chunks.reduce((sum, chunk) => sum + chunk.length, 0), 4)
  return Buffer.concat([header, ...chunks])
}

/** Windows' ico with PNG-compressed images (Vista and later); 256 is written as 0. */
export function ico(pngsBySize) {
  const sizes = [...pngsBySize.keys()].sort((a, b) => a - b)
  const directory = Buffer.alloc(6 + 16 * sizes.length)
  directory.writeUInt16LE(0, 0)
  directory.writeUInt16LE(1, 2)
  directory.writeUInt16LE(sizes.length, 4)
  let offset = directory.length
  sizes.forEach((size, index) => {
    const png = pngsBySize.get(size)
    const entry = 6 + 16 * index
    directory.writeUInt8(size >= 256 ? 0 : size, entry)
    directory.writeUInt8(size >= 256 ? 0 : size, entry + 1)
    directory.writeUInt8(0, entry + 2)
    directory.writeUInt8(0, entry + 3)
    directory.writeUInt16LE(1, entry + 4)
    directory.writeUInt16LE(32, entry + 6)
    directory.writeUInt32LE(png.length, entry + 8)
    directory.writeUInt32LE(offset, entry + 12)
    offset += png.length
  })
  return Buffer.concat([directory, ...sizes.map((size) => pngsBySize.get(size))])
}

async function render(source, sizes, crop) {
  const pngs = new Map()
  for (const size of sizes) pngs.set(size, await renderPng(iconSvg(source, { size, crop }), size))
  return pngs
}

function write(path, data) {
  const full = join(ROOT, path)
  mkdirSync(dirname(full), { recursive: true })
  writeFileSync(full, data)
  process.stdout.write(`${path} (${data.length} bytes)\n`)
}

async function main() {
  const source = readFileSync(join(ROOT, 'build', 'icon.svg'), 'utf8')
  const mac = await render(source, [16, 32, 64, 128, 256, 512, 1024], false)
  write('build/icon.icns', icns(mac))
  write('build/icon.png', mac.get(1024))

  const tile = await render(source, [16, 24, 32, 48, 64, 128, 256, 512, 1024], true)
  write('build/icon.ico', ico(new Map([16, 24, 32, 48, 64, 128, 256].map((s) => [s, tile.get(s)]))))
  for (const [size, png] of tile) write(`build/icons/${size}x${size}.png`, png)
  write('resources/icon.png', tile.get(512))

  const tray = readFileSync(join(ROOT, 'build', 'trayTemplate.svg'), 'utf8')
  write('resources/trayTemplate.png', await renderPng(tray, 16))
  write('resources/trayTemplate@2x.png', await renderPng(tray, 32))
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main()
}
