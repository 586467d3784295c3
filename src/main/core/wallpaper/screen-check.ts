import {
  ImagingUnavailableError,
  sharedImageEngine,
  type ImageEngine,
  type RawPixels
} from '../imaging'
import type { BackendContext } from './backend'

export type RawImage = RawPixels

/**
 * The root window as the X server draws it: ImageMagick's import, else xwd; undefined if neither,
 * or if the PNG cannot be decoded because sharp cannot be loaded.
 */
export async function captureRoot(
  context: BackendContext,
  engine: ImageEngine = sharedImageEngine()
): Promise<RawImage | undefined> {
  const viaImport = await context.runBinary('import', ['-silent', '-window', 'root', 'png:-'])
  if (viaImport.ok && viaImport.stdout.length > 0) {
    try {
      return await engine.run({ op: 'pixels', input: viaImport.stdout })
    } catch (error) {
      if (error instanceof ImagingUnavailableError) return undefined
      throw error
    }
  }
  const viaXwd = await context.runBinary('xwd', ['-root', '-silent'])
  if (viaXwd.ok) return decodeXwd(viaXwd.stdout)
  return undefined
}

/** A TrueColor ZPixmap XWD dump (what xwd writes on 24/32-bit displays) as RGB. */
export function decodeXwd(file: Buffer): RawImage | undefined {
  if (file.length < 100) return undefined
  const field = (index: number): number => file.readUInt32BE(index * 4)
  const [headerSize, version, format] = [field(0), field(1), field(2)]
  const [width, height, byteOrder, bitsPerPixel, bytesPerLine] = [
    field(4),
    field(5),
    field(7),
    field(11),
    field(12)
  ]
  const masks = [field(14), field(15), field(16)]
  const colours = field(19)
  const ZPIXMAP = 2
  if (version !== 7 || format !== ZPIXMAP || (bitsPerPixel !== 32 && bitsPerPixel !== 24)) {
    return undefined
  }
  const start = headerSize + colours * 12
  if (width === 0 || height === 0 || start + bytesPerLine * height > file.length) return undefined
  const bytes = bitsPerPixel / 8
  const shifts = masks.map((mask) => (mask === 0 ? 0 : Math.log2(mask & -mask)))
  const data = Buffer.alloc(width * height * 3)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = start + y * bytesPerLine + x * bytes
      let pixel = 0
      for (let b = 0; b < bytes; b++) {
        const byte = file[byteOrder === 0 ? at + b : at + bytes - 1 - b] ?? 0
        pixel += byte * 2 ** (8 * b)
      }
      for (let channel = 0; channel < 3; channel++) {
        const mask = masks[channel] ?? 0
        const max = mask / 2 ** (shifts[channel] ?? 0)
        const value = Math.floor((pixel & mask) >>> 0) / 2 ** (shifts[channel] ?? 0)
        data[(y * width + x) * 3 + channel] = max > 0 ? Math.round((value / max) * 255) : 0
      }
    }
  }
  return { width, height, data }
}

const GRID_COLUMNS = 8
const GRID_ROWS = 6
/** Per channel, out of 255: generous enough for scaling filters and JPEG, not for another picture. */
const TOLERANCE = 24
/** Windows may cover part of the desktop; a quarter of the screen showing the picture is enough. */
const MIN_MATCHING_CELLS = 0.25

function cellMeans(image: RawImage): number[][] {
  const cells: number[][] = []
  for (let row = 0; row < GRID_ROWS; row++) {
    for (let column = 0; column < GRID_COLUMNS; column++) {
      const x0 = Math.floor((column * image.width) / GRID_COLUMNS)
      const x1 = Math.max(x0 + 1, Math.floor(((column + 1) * image.width) / GRID_COLUMNS))
      const y0 = Math.floor((row * image.height) / GRID_ROWS)
      const y1 = Math.max(y0 + 1, Math.floor(((row + 1) * image.height) / GRID_ROWS))
      cells.push(meanOf(image, x0, x1, y0, y1))
    }
  }
  return cells
}

function meanOf(image: RawImage, x0: number, x1: number, y0: number, y1: number): number[] {
  const sum = [0, 0, 0]
  let count = 0
  for (let y = y0; y < Math.min(y1, image.height); y++) {
    for (let x = x0; x < Math.min(x1, image.width); x++) {
      const at = (y * image.width + x) * 3
      for (let channel = 0; channel < 3; channel++) sum[channel]! += image.data[at + channel] ?? 0
      count++
    }
  }
  return sum.map((value) => value / Math.max(1, count))
}

const close = (a: number[], b: number[]): boolean =>
  a.every((value, channel) => Math.abs(value - (b[channel] ?? 0)) <= TOLERANCE)

export interface ScreenComparison {
  shows: boolean
  matchingCells: number
  screenMean: number[]
  imageMean: number[]
}

/**
 * Does the screen show the picture? Either a quarter of an 8x6 grid matches the picture scaled to
 * cover the screen (what --bg-fill and zoom-fill draw), or the screen's average colour is the
 * picture's (several monitors each cropping their own copy).
 */
export async function compareWithScreen(
  imagePath: string,
  screen: RawImage,
  engine: ImageEngine = sharedImageEngine()
): Promise<ScreenComparison> {
  const expected = await engine.run({
    op: 'pixels',
    input: imagePath,
    cover: { width: screen.width, height: screen.height }
  })
  const expectedCells = cellMeans(expected)
  const screenCells = cellMeans(screen)
  const matching = screenCells.filter((cell, index) =>
    close(cell, expectedCells[index] ?? [])
  ).length
  const screenMean = meanOf(screen, 0, screen.width, 0, screen.height)
  const imageMean = meanOf(expected, 0, expected.width, 0, expected.height)
  const matchingCells = matching / screenCells.length
  return {
    shows: matchingCells >= MIN_MATCHING_CELLS || close(screenMean, imageMean),
    matchingCells,
    screenMean,
    imageMean
  }
}
