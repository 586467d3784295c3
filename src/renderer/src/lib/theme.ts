import type { Settings } from '@shared/settings'

// Dark when the environment cannot say (jsdom has no matchMedia).
const lightQuery = (): Pick<
  MediaQueryList,
  'matches' | 'addEventListener' | 'removeEventListener'
> =>
  typeof window.matchMedia === 'function'
    ? window.matchMedia('(prefers-color-scheme: light)')
    : { matches: false, addEventListener: () => undefined, removeEventListener: () => undefined }

/**
 * Puts the effective theme on <html data-theme>, so the stylesheet states each palette once:
 * 'system' follows the OS (and its later changes), 'light' / 'dark' override it. Returns the
 * function that stops following the OS.
 */
export function applyTheme(theme: Settings['theme']): () => void {
  const query = lightQuery()
  const apply = () => {
    document.documentElement.dataset.theme =
      theme === 'system' ? (query.matches ? 'light' : 'dark') : theme
  }
  apply()
  if (theme !== 'system') return () => undefined
  query.addEventListener('change', apply)
  return () => query.removeEventListener('change', apply)
}
