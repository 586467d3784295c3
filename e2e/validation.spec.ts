import { expect, test } from './fixtures/app'
import { invokeRaw } from './fixtures/raw-api'

test.use({ appOptions: { ids: '1003-1005' } })

test('a call with wrong types gets a validation error and changes nothing', async ({ gallery }) => {
  const { page } = gallery
  const bad = await invokeRaw(page, 'setFavorite', ['1003', 'yes'])
  expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-argument' } })
  expect(!bad.ok && bad.error.message).toMatch(/setFavorite/)

  expect(await invokeRaw(page, 'updateSettings', [{ concurrency: 1000 }])).toMatchObject({
    ok: false,
    error: {
      code: 'invalid-argument',
      field: 'concurrency',
      message: expect.stringMatching(/<=64/)
    }
  })
  expect(await invokeRaw(page, 'startCrawl', [{ ids: '9-1' }])).toMatchObject({
    ok: false,
    error: { code: 'invalid-argument', message: expect.stringMatching(/low to high/) }
  })
  expect(await invokeRaw(page, 'deleteEverything', [])).toMatchObject({ ok: false })

  const state = await invokeRaw(page, 'getState', [])
  expect(state.ok).toBe(true)
  const settings = (state as { value: { settings: { favorites: number[]; concurrency: number } } })
    .value.settings
  expect(settings.favorites).toEqual([])
  expect(settings.concurrency).toBeLessThanOrEqual(64)
})

test('media URLs resolve only inside the library', async ({ gallery }) => {
  test.skip(gallery.kind !== 'web', 'the custom scheme is covered by the Electron spec')
  const { page } = gallery
  await page.getByRole('button', { name: 'Start crawl' }).click()
  await gallery.waitForCrawlEnd(3)
  const base = gallery.bridge!.url
  const get = async (path: string) => (await page.request.get(`${base}${path}`)).status()
  expect(await get('/media/image/1003')).toBe(200)
  expect(await get('/media/thumb/1003')).toBe(200)
  for (const path of [
    '/media/image/..%2Fsettings.json',
    '/media/image/%2e%2e%2f%2e%2e%2fsettings.json',
    '/media/image/../../settings.json',
    '/media/image/1003.jpg',
    '/media/image/1003%00',
    '/media/thumb/-1',
    '/media/secret/1003',
    '/media/image/99999',
    '/..%2F..%2Fetc%2Fpasswd',
    '/%2e%2e/%2e%2e/etc/passwd'
  ]) {
    expect(await get(path), path).toBe(404)
  }
  const image = await page.request.get(`${base}/media/image/1003`)
  expect(image.headers()['content-type']).toBe('image/jpeg')
  expect(image.headers()['x-content-type-options']).toBe('nosniff')
})

test('the bridge refuses WebSocket connections from other origins', async ({ gallery }) => {
  test.skip(gallery.kind !== 'web', 'the bridge only exists in the web project')
  const { page } = gallery
  // A page on another origin (here: about:blank's opaque origin) must not reach the service.
  const other = await page.context().newPage()
  await other.goto('about:blank')
  const outcome = await other.evaluate(async (url) => {
    const socket = new WebSocket(url.replace('http', 'ws') + '/api')
    return new Promise<string>((resolve) => {
      socket.onopen = () => resolve('open')
      socket.onerror = () => resolve('refused')
    })
  }, gallery.bridge!.url)
  expect(outcome).toBe('refused')
})
