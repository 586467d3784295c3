// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { itemLabel } from '@shared/catalog'
import { GalleryError } from '@shared/errors'
import { CATALOG, fakeGallery, progress, record, settings } from './test/fakeGallery'
import { renderApp } from './test/renderApp'

afterEach(cleanup)

const [australia, tamarugal, ngari, potosi] = CATALOG as [
  (typeof CATALOG)[0],
  (typeof CATALOG)[0],
  (typeof CATALOG)[0],
  (typeof CATALOG)[0]
]
const savedAll = () => CATALOG.map(record)
const tile = (id: number) => document.querySelector<HTMLElement>(`[data-id="${id}"]`)!
const thumbSrc = (id: number) => tile(id).querySelector('img')?.getAttribute('src')

describe('empty and loading states', () => {
  it('explains itself and offers one big Start crawl when nothing is saved', async () => {
    const fake = fakeGallery()
    const { user } = await renderApp(fake)
    expect(screen.getByRole('heading', { name: 'The Earth, from above' })).toBeTruthy()
    expect(screen.queryByRole('list', { name: 'Gallery' })).toBeNull()
    const start = screen.getAllByRole('button', { name: 'Start crawl' })
    expect(start).toHaveLength(1)
    await user.click(start[0]!)
    expect(fake.client.startCrawl).toHaveBeenCalledWith({})
    // A crawl under way replaces the explanation with the live grid.
    expect(await screen.findByRole('list', { name: 'Gallery' })).toBeTruthy()
  })

  it('says what failed when the state cannot be loaded', async () => {
    const fake = fakeGallery()
    fake.client.getState.mockRejectedValueOnce(new Error('disk on fire'))
    const { render } = await import('@testing-library/react')
    const { App } = await import('./App')
    const { GalleryController } = await import('./state/controller')
    render(<App controller={new GalleryController(fake.client)} />)
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toContain('disk on fire')
    expect(within(alert).getByRole('button', { name: 'Try again' })).toBeTruthy()
  })
})

describe('crawl progress', () => {
  it('reports items requested and done on the progress bar, equal when the crawl ends', async () => {
    const fake = fakeGallery({ library: [record(australia)] })
    const { emit } = await renderApp(fake)
    emit(
      'crawlProgress',
      progress({ state: 'running', requested: 2609, done: 120, saved: 118, failed: 2, rate: 41.5 })
    )
    const bar = screen.getByRole('progressbar', { name: 'Crawl progress' })
    expect(bar.getAttribute('aria-valuemax')).toBe('2609')
    expect(bar.getAttribute('aria-valuenow')).toBe('120')
    expect(screen.getByText(/41\.5 images\/s/)).toBeTruthy()
    expect(screen.getByRole('button', { name: 'Pause' })).toBeTruthy()
    expect(screen.getByRole('button', { name: 'Cancel' })).toBeTruthy()

    emit('crawlProgress', progress({ state: 'finished', requested: 2609, done: 2609 }))
    const done = screen.getByRole('progressbar', { name: 'Crawl progress' })
    expect(done.getAttribute('aria-valuenow')).toBe(done.getAttribute('aria-valuemax'))
    expect(screen.queryByRole('button', { name: 'Pause' })).toBeNull()
  })

  it('pauses, resumes and cancels through the API', async () => {
    const fake = fakeGallery({
      library: [record(australia)],
      crawl: progress({ state: 'running', requested: 8, done: 1 })
    })
    const { user } = await renderApp(fake)
    await user.click(screen.getByRole('button', { name: 'Pause' }))
    expect(fake.client.pauseCrawl).toHaveBeenCalled()
    await user.click(await screen.findByRole('button', { name: 'Resume' }))
    expect(fake.client.resumeCrawl).toHaveBeenCalled()
    await user.click(await screen.findByRole('button', { name: 'Cancel' }))
    expect(fake.client.cancelCrawl).toHaveBeenCalled()
  })

  it('takes the failures from a finished crawl and says how it went', async () => {
    const fake = fakeGallery({ library: [record(australia)] })
    const { emit } = await renderApp(fake)
    emit(
      'crawlProgress',
      progress({ state: 'finished', requested: 8, done: 8, saved: 6, failed: 1 })
    )
    emit('crawlFinished', {
      requested: 8,
      saved: 6,
      skipped: 0,
      missing: 1,
      failed: [{ id: 1009, kind: 'http', reason: 'HTTP 500' }],
      bytes: 2_000_000,
      seconds: 3,
      cancelled: false
    })
    expect(screen.getByRole('button', { name: '1 failed' })).toBeTruthy()
    const toast = screen.getByText(/Saved 6 new images, 1 id without an image/)
    expect(toast.textContent).toContain('1 could not be fetched')
  })

  it('lists failures with their reasons and retries them', async () => {
    const fake = fakeGallery({
      library: [record(australia)],
      failures: [
        { id: 1004, kind: 'http', reason: 'HTTP 503 after 4 attempts' },
        { id: 1006, kind: 'invalid', reason: 'truncated JPEG' }
      ]
    })
    const { user } = await renderApp(fake)
    await user.click(screen.getByRole('button', { name: '2 failed' }))
    const list = screen.getByRole('list', { name: 'Failed images' })
    const rows = within(list).getAllByRole('listitem')
    expect(rows.map((row) => row.textContent)).toEqual([
      expect.stringMatching(/1004.*Tamarugal, Chile.*HTTP 503 after 4 attempts/),
      expect.stringMatching(/1006.*Ngari, China.*truncated JPEG/)
    ])
    await user.click(screen.getByRole('button', { name: 'Retry failed' }))
    expect(fake.client.startCrawl).toHaveBeenCalledWith({ retryFailed: true })
  })
})

describe('grid', () => {
  it('shows every catalog item by place and id, thumbnails for saved ones', async () => {
    const fake = fakeGallery({ library: [record(tamarugal)] })
    await renderApp(fake)
    const grid = screen.getByRole('list', { name: 'Gallery' })
    const items = within(grid).getAllByRole('button')
    expect(items.map((item) => item.getAttribute('aria-label'))).toEqual(CATALOG.map(itemLabel))
    // Thumbnails are requested just after the first paint of the grid.
    await waitFor(() =>
      expect(tile(1004).querySelector('img')?.getAttribute('src')).toBe('/media/thumb/1004')
    )
    expect(tile(1003).querySelector('img')).toBeNull()
    expect(screen.getByText('8 images')).toBeTruthy()
  })

  it('turns placeholders into thumbnails as items arrive, cache-busting remade thumbnails', async () => {
    const fake = fakeGallery({
      library: [record(australia)],
      crawl: progress({ state: 'running', requested: 8, done: 1 })
    })
    const { emit } = await renderApp(fake)
    await waitFor(() => expect(tile(1003).querySelector('img')).not.toBeNull())
    expect(tile(1006).querySelector('img')).toBeNull()
    emit('itemsAdded', [record(ngari), record(potosi)])
    expect(tile(1006).querySelector('img')?.getAttribute('src')).toBe('/media/thumb/1006')
    const clock = vi.spyOn(Date, 'now').mockReturnValue(1_700_000_000_000)
    try {
      emit('thumbnailsReady', [1006])
      expect(thumbSrc(1006)).toBe('/media/thumb/1006?v=1700000000000')
      // Remade again within the same millisecond: still a new URL.
      emit('thumbnailsReady', [1006])
      expect(thumbSrc(1006)).toBe('/media/thumb/1006?v=1700000000001')
    } finally {
      clock.mockRestore()
    }
    expect(thumbSrc(1007)).toBe('/media/thumb/1007')
  })

  it('never gives a remade thumbnail a URL an earlier page load used (those are cached for good)', async () => {
    const seen = new Set<string>()
    for (const [load, now] of [
      [1, 1_700_000_000_000],
      [2, 1_700_000_050_000]
    ] as const) {
      const fake = fakeGallery({ library: [record(ngari)] })
      const { emit } = await renderApp(fake)
      await waitFor(() => expect(thumbSrc(1006)).toBe('/media/thumb/1006'))
      const clock = vi.spyOn(Date, 'now').mockReturnValue(now)
      try {
        emit('thumbnailsReady', [1006])
      } finally {
        clock.mockRestore()
      }
      const src = thumbSrc(1006)!
      expect(seen.has(src), `load ${load}: ${src}`).toBe(false)
      seen.add(src)
      cleanup()
    }
  })

  it('filters by place, favorites and downloads, and sorts', async () => {
    const fake = fakeGallery({
      library: [record(tamarugal), record(ngari)],
      settings: settings({ favorites: [1006, 1010] })
    })
    const { user } = await renderApp(fake)
    const labels = () =>
      within(screen.getByRole('list', { name: 'Gallery' }))
        .getAllByRole('button')
        .map((item) => item.dataset.id)

    await user.type(screen.getByRole('searchbox', { name: 'Search places' }), 'CHILE')
    expect(labels()).toEqual(['1004', '1010'])
    expect(screen.getByText('2 images')).toBeTruthy()

    await user.click(screen.getByRole('button', { name: 'Favorites only' }))
    expect(labels()).toEqual(['1010'])

    await user.clear(screen.getByRole('searchbox', { name: 'Search places' }))
    expect(labels()).toEqual(['1006', '1010'])

    await user.click(screen.getByRole('radio', { name: 'Saved' }))
    expect(labels()).toEqual(['1006'])

    await user.click(screen.getByRole('button', { name: 'Favorites only' }))
    await user.click(screen.getByRole('radio', { name: 'All' }))
    await user.selectOptions(screen.getByRole('combobox', { name: 'Sort by' }), 'country')
    expect(labels()).toEqual(['1003', '1007', '1011', '1010', '1004', '1006', '1009', '1008'])
  })

  it('says when nothing matches and clears the filters', async () => {
    const fake = fakeGallery({ library: savedAll() })
    const { user } = await renderApp(fake)
    await user.type(screen.getByRole('searchbox', { name: 'Search places' }), 'atlantis')
    expect(screen.getByRole('heading', { name: /No images match “atlantis”/ })).toBeTruthy()
    await user.click(screen.getByRole('button', { name: 'Clear filters' }))
    expect(screen.getByText('8 images')).toBeTruthy()
  })
})

describe('keyboard and detail view', () => {
  it('moves with arrows, opens with Enter, closes with Escape and returns focus', async () => {
    const fake = fakeGallery({ library: savedAll() })
    const { user } = await renderApp(fake)
    act(() => tile(1003).focus())
    expect(tile(1003).tabIndex).toBe(0)
    await user.keyboard('{ArrowRight}')
    expect(document.activeElement).toBe(tile(1004))
    expect(tile(1004).tabIndex).toBe(0)
    expect(tile(1003).tabIndex).toBe(-1)

    await user.keyboard('{Enter}')
    const dialog = screen.getByRole('dialog', { name: 'Tamarugal, Chile' })
    expect(dialog.getAttribute('aria-modal')).toBe('true')
    expect(within(dialog).getByText('19.1402° S, 68.6840° W')).toBeTruthy()
    // The same modal shell as Settings: the page behind is out of reach, Tab stays inside.
    expect(dialog.contains(document.activeElement)).toBe(true)
    expect(screen.queryByRole('button', { name: 'Settings' })).toBeNull()
    const buttons = within(dialog).getAllByRole('button')
    act(() => buttons.at(-1)!.focus())
    await user.tab()
    expect(document.activeElement).toBe(buttons[0])

    await user.keyboard('{ArrowRight}')
    expect(screen.getByRole('dialog', { name: 'Ngari, China' })).toBeTruthy()
    await user.click(screen.getByRole('button', { name: 'Previous' }))
    expect(screen.getByRole('dialog', { name: 'Tamarugal, Chile' })).toBeTruthy()

    await user.keyboard('{Escape}')
    expect(screen.queryByRole('dialog')).toBeNull()
    await waitFor(() => expect(document.activeElement).toBe(tile(1004)))
    expect(screen.getByRole('button', { name: 'Settings' })).toBeTruthy()
  })

  it('toggles a favorite from the detail view', async () => {
    const fake = fakeGallery({ library: savedAll() })
    const { user } = await renderApp(fake)
    await user.click(tile(1006))
    const favorite = screen.getByRole('button', { name: 'Favorite' })
    expect(favorite.getAttribute('aria-pressed')).toBe('false')
    await user.click(favorite)
    expect(fake.client.setFavorite).toHaveBeenCalledWith(1006, true)
    expect(favorite.getAttribute('aria-pressed')).toBe('true')
    await user.click(favorite)
    expect(fake.client.setFavorite).toHaveBeenLastCalledWith(1006, false)
    await waitFor(() => expect(favorite.getAttribute('aria-pressed')).toBe('false'))
  })

  it('sets the wallpaper and says what happened; downloads with a Show in folder action', async () => {
    const fake = fakeGallery({ library: savedAll() })
    fake.client.setWallpaper.mockResolvedValueOnce({
      status: 'not-applied',
      message: 'Could not set it: gsettings is missing. Install it or set the file by hand.',
      desktop: 'GNOME'
    })
    const { user } = await renderApp(fake)
    await user.click(tile(1004))
    await user.click(screen.getByRole('button', { name: 'Set as wallpaper' }))
    expect(fake.client.setWallpaper).toHaveBeenCalledWith(1004)
    expect(await screen.findByText(/gsettings is missing/)).toBeTruthy()

    await user.click(screen.getByRole('button', { name: 'Download' }))
    expect(fake.client.exportItems).toHaveBeenCalledWith([1004])
    const toast = await screen.findByText(/1 image in \/home\/ada\/Pictures\/Earth View/)
    await user.click(
      within(toast.closest('.toast')!).getByRole('button', { name: 'Show in folder' })
    )
    expect(fake.client.showDownloadFolder).toHaveBeenCalled()

    fake.client.exportItems.mockResolvedValueOnce({
      folder: '/home/ada/Pictures/Earth View',
      written: [],
      skipped: 1,
      fetched: 0,
      failed: []
    })
    await user.click(screen.getByRole('button', { name: 'Download' }))
    expect(await screen.findByText(/1 already there, not copied again/)).toBeTruthy()

    await user.click(screen.getByRole('button', { name: 'Open in Google Maps' }))
    expect(fake.client.openInMaps).toHaveBeenCalledWith(1004)
    await user.click(screen.getByRole('button', { name: 'Close' }))
    expect(screen.queryByRole('dialog')).toBeNull()
  })

  it('shows a not-yet-saved item as its colour with a note', async () => {
    const fake = fakeGallery({ library: [record(australia)] })
    const { user } = await renderApp(fake)
    await user.click(tile(1008))
    const dialog = screen.getByRole('dialog', { name: 'Utah, United States' })
    expect(within(dialog).getByText('Not downloaded yet')).toBeTruthy()
    expect(dialog.querySelector('img')).toBeNull()
  })

  it('selects with Ctrl+click and Shift+arrows, and downloads the selection', async () => {
    const fake = fakeGallery({ library: savedAll() })
    const { user } = await renderApp(fake)
    await user.keyboard('{Control>}')
    await user.click(tile(1003))
    await user.click(tile(1006))
    await user.keyboard('{/Control}')
    expect(screen.queryByRole('dialog')).toBeNull()
    await user.click(screen.getByRole('button', { name: 'Download 2 selected' }))
    expect(fake.client.exportItems).toHaveBeenCalledWith([1003, 1006])

    // The range runs from the last Ctrl+clicked item (the anchor).
    act(() => tile(1006).focus())
    await user.keyboard('{Shift>}{ArrowRight}{ArrowRight}{/Shift}')
    expect(document.activeElement).toBe(tile(1008))
    expect(screen.getByRole('button', { name: 'Download 3 selected' })).toBeTruthy()
  })

  it('opens a context menu from the keyboard with the item actions', async () => {
    const fake = fakeGallery({ library: savedAll() })
    const { user } = await renderApp(fake)
    act(() => tile(1007).focus())
    await user.keyboard('{Shift>}{F10}{/Shift}')
    const menu = screen.getByRole('menu')
    expect([...menu.querySelectorAll('[role^=menuitem]')].map((item) => item.textContent)).toEqual([
      'Set as wallpaper',
      'Download',
      'Open in Google Maps',
      'Favorite'
    ])
    expect(document.activeElement).toBe(
      within(menu).getByRole('menuitem', { name: 'Set as wallpaper' })
    )
    await user.keyboard('{ArrowUp}{Enter}')
    expect(fake.client.setFavorite).toHaveBeenCalledWith(1007, true)
    expect(screen.queryByRole('menu')).toBeNull()
    await waitFor(() => expect(document.activeElement).toBe(tile(1007)))
  })
})

describe('settings and errors', () => {
  it('shows the download folder and changes it', async () => {
    const fake = fakeGallery({ library: savedAll() })
    const { user } = await renderApp(fake)
    expect(screen.getByText('/home/ada/Pictures/Earth View')).toBeTruthy()
    await user.click(screen.getByRole('button', { name: 'Choose download folder' }))
    expect(fake.client.chooseDownloadFolder).toHaveBeenCalled()
    expect(await screen.findAllByText('/elsewhere')).not.toHaveLength(0)
  })

  it('resizes thumbnails at once and saves the size when the slider rests', async () => {
    const fake = fakeGallery({ library: savedAll() })
    await renderApp(fake)
    const slider = screen.getByRole('slider', { name: 'Thumbnail size' })
    fireEvent.change(slider, { target: { value: '300' } })
    fireEvent.change(slider, { target: { value: '340' } })
    expect((slider as HTMLInputElement).value).toBe('340')
    await waitFor(() => expect(fake.client.updateSettings).toHaveBeenCalledTimes(1))
    expect(fake.client.updateSettings).toHaveBeenCalledWith({ thumbnailSize: 340 })
  })

  it('turns an error event into a readable alert', async () => {
    const fake = fakeGallery({ library: savedAll() })
    const { emit } = await renderApp(fake)
    emit('error', { code: 'io', message: 'Could not write /data/library/1004.jpg: disk full.' })
    const alert = screen.getByRole('alert')
    expect(alert.textContent).toContain('disk full')
    expect(alert.textContent).toContain('Check your connection and that the folder is writable')
  })

  it('says so when the connection to the app is lost', async () => {
    const fake = fakeGallery({ library: savedAll() })
    fake.client.startCrawl.mockRejectedValueOnce(
      new GalleryError('disconnected', 'The socket closed (code 1006).')
    )
    const { user } = await renderApp(fake)
    await user.click(screen.getByRole('button', { name: 'Start crawl' }))
    expect((await screen.findByRole('alert')).textContent).toContain('Lost the connection')
  })

  it('goes by the error’s code, not its wording: a lost connection elsewhere is an ordinary error', async () => {
    const fake = fakeGallery({ library: savedAll() })
    const message = 'The connection to the NAS was lost; cannot reach /mnt/photos.'
    fake.client.startCrawl.mockRejectedValueOnce(new GalleryError('io', message))
    const { user } = await renderApp(fake)
    await user.click(screen.getByRole('button', { name: 'Start crawl' }))
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toContain(message)
    expect(alert.textContent).not.toContain('Lost the connection')
  })

  it('follows settings.theme, and the system when it is "system"', async () => {
    // The OS prefers dark, then switches to light while the app is open.
    const os = new EventTarget() as EventTarget & { matches: boolean }
    os.matches = false
    window.matchMedia = (() => os) as unknown as typeof window.matchMedia
    try {
      const fake = fakeGallery({ library: savedAll(), settings: settings({ theme: 'light' }) })
      const { emit } = await renderApp(fake)
      expect(document.documentElement.dataset.theme).toBe('light')
      emit('settingsChanged', settings({ theme: 'system' }))
      expect(document.documentElement.dataset.theme).toBe('dark')
      os.matches = true
      os.dispatchEvent(new Event('change'))
      expect(document.documentElement.dataset.theme).toBe('light')
    } finally {
      delete (window as { matchMedia?: unknown }).matchMedia
    }
  })

  it('unsubscribes from every event when unmounted', async () => {
    const fake = fakeGallery()
    const { unmount } = await renderApp(fake)
    expect(fake.listenerCount('crawlProgress')).toBe(1)
    unmount()
    expect(fake.listenerCount('crawlProgress')).toBe(0)
  })
})
