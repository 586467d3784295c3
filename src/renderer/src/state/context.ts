import { createContext, useContext, useSyncExternalStore } from 'react'
import type { GalleryController } from './controller'
import type { AppState } from './store'

export const ControllerContext = createContext<GalleryController | null>(null)

export function useController(): GalleryController {
  const controller = useContext(ControllerContext)
  if (!controller) throw new Error('useController() outside <ControllerContext.Provider>')
  return controller
}

/** One slice of the state; the component re-renders only when that slice changes identity. */
export function useStore<T>(select: (state: AppState) => T): T {
  const { store } = useController()
  return useSyncExternalStore(
    store.subscribe,
    () => select(store.get()),
    () => select(store.get())
  )
}
