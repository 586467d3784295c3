import type { Notice } from '@shared/notices'
import type { Notifier } from '../state/controller'

/**
 * The browser bridge's notifications: the page's own Notification API, shown only while the
 * page is not focused (a focused page shows a toast instead). Null where the browser has none.
 */
export function pageNotifier(
  page: Window & { Notification?: typeof globalThis.Notification } = window
): Notifier | null {
  const Notification = page.Notification
  if (typeof Notification !== 'function') return null
  return {
    notifyIfUnfocused(notice: Notice): boolean {
      if (page.document.hasFocus() || Notification.permission !== 'granted') return false
      const shown = new Notification(notice.title, { body: notice.body })
      shown.onclick = () => page.focus()
      return true
    },
    askPermission(): void {
      if (Notification.permission !== 'default') return
      void Notification.requestPermission().catch(() => undefined)
    }
  }
}
