import { useEffect, type RefObject } from 'react'

/** Closes a popover on Escape or a pointer press outside it (and outside its trigger). */
export function useDismiss(
  open: boolean,
  refs: RefObject<HTMLElement | null>[],
  close: (reason: 'escape' | 'outside') => void
): void {
  useEffect(() => {
    if (!open) return
    const onPointer = (event: PointerEvent) => {
      const target = event.target as Node
      if (refs.some((ref) => ref.current?.contains(target))) return
      close('outside')
    }
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return
      event.stopPropagation()
      close('escape')
    }
    document.addEventListener('pointerdown', onPointer, true)
    document.addEventListener('keydown', onKey, true)
    return () => {
      document.removeEventListener('pointerdown', onPointer, true)
      document.removeEventListener('keydown', onKey, true)
    }
  }, [open, refs, close])
}
