import { describe, expect, it } from 'vitest'
import type { CrawlSummary } from '@shared/crawl'
import { GalleryController, type Notifier } from '../state/controller'
import { fakeGallery } from '../test/fakeGallery'
import { pageNotifier } from './page-notifier'

/** A window with the parts of the Notification API the notifier uses, counting what it shows. */
function fakePage(options: { focused: boolean; permission: NotificationPermission }) {
  const shown: { title: string; body: string | undefined }[] = []
  const requests: number[] = []
  class FakeNotification {
    static permission = options.permission
    static requestPermission() {
      requests.push(1)
      return Promise.resolve(options.permission)
    }
    onclick: (() => void) | null = null
    constructor(title: string, init?: NotificationOptions) {
      shown.push({ title, body: init?.body })
    }
  }
  const page = {
    Notification: FakeNotification,
    document: { hasFocus: () => options.focused },
    focus: () => undefined
  } as unknown as Window & { Notification: typeof Notification }
  return { page, shown, requests }
}

const notice = { title: 'Crawl finished', body: 'Saved 3 images.' }

describe('pageNotifier', () => {
  it('shows a notification only while the page is not focused and it may', () => {
    const away = fakePage({ focused: false, permission: 'granted' })
    expect(pageNotifier(away.page)!.notifyIfUnfocused(notice)).toBe(true)
    expect(away.shown).toEqual([notice])

    const here = fakePage({ focused: true, permission: 'granted' })
    expect(pageNotifier(here.page)!.notifyIfUnfocused(notice)).toBe(false)
    const denied = fakePage({ focused: false, permission: 'denied' })
    expect(pageNotifier(denied.page)!.notifyIfUnfocused(notice)).toBe(false)
    expect([...here.shown, ...denied.shown]).toEqual([])
  })

  it('asks for permission only while the person has not answered', () => {
    const undecided = fakePage({ focused: true, permission: 'default' })
    pageNotifier(undecided.page)!.askPermission()
    expect(undecided.requests).toHaveLength(1)
    const answered = fakePage({ focused: true, permission: 'denied' })
    pageNotifier(answered.page)!.askPermission()
    expect(answered.requests).toHaveLength(0)
  })

  it('is absent where the browser has no notifications', () => {
    expect(pageNotifier({ document: {} } as unknown as Window)).toBeNull()
  })
})

describe('GalleryController notifications', () => {
  const summary: CrawlSummary = {
    requested: 4,
    saved: 3,
    skipped: 0,
    missing: 1,
    failed: [],
    bytes: 1_000,
    seconds: 1,
    cancelled: false
  }

  it('hands a finished crawl to the notifier, once', async () => {
    const fake = fakeGallery()
    const notices: { title: string; body: string }[] = []
    const notifier: Notifier = {
      notifyIfUnfocused: (notice) => notices.push(notice) > 0,
      askPermission: () => undefined
    }
    const controller = new GalleryController(fake.client, undefined, notifier)
    await controller.start()
    fake.emit('crawlFinished', summary)
    expect(notices).toEqual([
      { title: 'Crawl finished', body: 'Saved 3 images (1 id without an image).' }
    ])
    controller.stop()
  })
})
