/** Real JPEGs for tests, made by sharp: a blurred noise field looks enough like a photo. */
import sharp from 'sharp'

export interface TestJpegOptions {
  width?: number
  height?: number
  /** Different seeds give different pictures (and so different bytes). */
  seed?: number
}

export async function makeTestJpeg(options: TestJpegOptions = {}): Promise<Buffer> {
  const { width = 1200, height = 800, seed = 1 } = options
  const mean = 60 + ((seed * 37) % 140)
  return sharp({
    create: {
      width,
      height,
      channels: 3,
      background: '#000',
      noise: { type: 'gaussian', mean, sigma: 40 }
    }
  })
    .blur(1.5)
    .jpeg({ quality: 82 })
    .toBuffer()
}
