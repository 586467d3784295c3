// Thumbnails made by Chromium's own decoders in Web Workers, for `npm run bench:thumbnails`: the
// "let the page make them" option, measured on the same JPEGs as the sharp backends.
//   node scripts/bench/chromium-thumbnails.mjs <folder> <bitmap|decoder> <workers> <width> <source width>
// Prints one JSON line: { rate, longestBlockMs, checked } or { skipped }.
//   bitmap:  createImageBitmap(blob, { resizeWidth }) → OffscreenCanvas → convertToBlob(image/webp)
//   decoder: WebCodecs ImageDecoder with desiredWidth/Height (scaled DCT decoding) → canvas → WebP
// Plain JavaScript on purpose: it runs as it is, with Playwright from devDependencies.
/* global Worker -- page.evaluate's function runs in the page */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { join } from 'node:path'
import { chromium } from '@playwright/test'

const [folder, mode = 'bitmap', workerCount = '2', widthText = '400', sourceText = '1800'] =
  process.argv.slice(2)
const width = Number(widthText)
// libjpeg-turbo decodes at M/8 of the size, and Chromium picks the largest that is not larger than
// the desired size: asking for the smallest eighth at least `width` wide gets 450 px from 1800.
// (An app would have to read the size from the JPEG's header first; the benchmark knows it.)
const eighth = Number(sourceText) / 8
const desiredWidth = Math.ceil(width / eighth) * eighth
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
if (!folder || !existsSync(executablePath)) {
  console.log(JSON.stringify({ skipped: `no Chromium at ${executablePath}` }))
  process.exit(0)
}
const names = readdirSync(folder).filter((name) => name.endsWith('.jpg'))

// The worker: one image per message; answers with the WebP's size and dimensions.
const WORKER = `
const WIDTH = ${width}
const DESIRED = ${desiredWidth}
self.onmessage = async ({ data: { id, url, mode } }) => {
  try {
    const blob = await (await fetch(url)).blob()
    let source
    if (mode === 'bitmap') {
      source = await createImageBitmap(blob, { resizeWidth: WIDTH, resizeQuality: 'medium' })
    } else {
      const decoder = new ImageDecoder({ data: blob.stream(), type: blob.type || 'image/jpeg',
        desiredWidth: DESIRED, desiredHeight: Math.round((DESIRED * 2) / 3) })
      source = (await decoder.decode()).image
      decoder.close()
    }
    const sw = source.displayWidth ?? source.width
    const sh = source.displayHeight ?? source.height
    const canvas = new OffscreenCanvas(WIDTH, Math.round((WIDTH * sh) / sw))
    canvas.getContext('2d').drawImage(source, 0, 0, canvas.width, canvas.height)
    source.close()
    const webp = await canvas.convertToBlob({ type: 'image/webp', quality: 0.78 })
    const head = new Uint8Array(await webp.slice(0, 12).arrayBuffer())
    const riff = String.fromCharCode(...head.slice(0, 4)) + String.fromCharCode(...head.slice(8, 12))
    postMessage({ id, ok: riff === 'RIFFWEBP' && webp.type === 'image/webp', width: canvas.width, decoded: sw })
  } catch (error) {
    postMessage({ id, ok: false, error: String(error) })
  }
}`

const server = createServer((request, response) => {
  const url = request.url ?? '/'
  if (url === '/') return response.end('<!doctype html><title>thumbnail bench</title>')
  if (url === '/worker.js') {
    response.setHeader('Content-Type', 'text/javascript')
    return response.end(WORKER)
  }
  const name = decodeURIComponent(url.slice('/images/'.length))
  if (!url.startsWith('/images/') || !names.includes(name)) return response.writeHead(404).end()
  response.setHeader('Content-Type', 'image/jpeg')
  response.end(readFileSync(join(folder, name)))
})
server.on('error', (error) => {
  console.log(JSON.stringify({ skipped: `server: ${error.message}` }))
  process.exit(0)
})
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
const origin = `http://127.0.0.1:${server.address().port}`

const browser = await chromium.launch({
  executablePath,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync'
  ]
})
try {
  const page = await browser.newPage()
  await page.goto(origin)
  const result = await page.evaluate(
    async ({ urls, mode, workerCount }) => {
      const workers = Array.from({ length: workerCount }, () => new Worker('/worker.js'))
      let next = 0
      const make = (worker, url) =>
        new Promise((resolve) => {
          const id = next++
          worker.onmessage = ({ data }) => resolve(data)
          worker.postMessage({ id, url, mode })
        })
      // Warm: every worker has made one before the clock starts (as a long-lived page would).
      const warm = await Promise.all(workers.map((worker) => make(worker, urls[0])))
      const failed = warm.find((answer) => !answer.ok)
      if (failed) return { error: failed.error ?? 'not a WebP' }
      let longest = 0
      let last = performance.now()
      const ticker = setInterval(() => {
        const now = performance.now()
        longest = Math.max(longest, now - last)
        last = now
      }, 1)
      const queue = [...urls]
      const answers = []
      const started = performance.now()
      await Promise.all(
        workers.map(async (worker) => {
          while (queue.length > 0) answers.push(await make(worker, queue.shift()))
        })
      )
      const seconds = (performance.now() - started) / 1000
      clearInterval(ticker)
      workers.forEach((worker) => worker.terminate())
      const bad = answers.find((answer) => !answer.ok)
      if (bad) return { error: bad.error ?? 'not a WebP' }
      return {
        rate: urls.length / seconds,
        longestBlockMs: Math.max(longest, performance.now() - last),
        checked: `${answers.length} WebPs ${answers[0].width} px wide, decoded at ${answers[0].decoded} px`
      }
    },
    {
      urls: names.map((name) => `/images/${encodeURIComponent(name)}`),
      mode,
      workerCount: Number(workerCount)
    }
  )
  console.log(JSON.stringify(result.error ? { skipped: result.error } : result))
} finally {
  await browser.close()
  server.close()
}
