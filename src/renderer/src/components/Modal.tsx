import { useEffect, useRef, type HTMLAttributes, type ReactNode, type RefObject } from 'react'
import { createPortal } from 'react-dom'
import { trapTab } from '../hooks/useFocusTrap'

/** The page behind a modal: inert, and hidden from assistive technology, while one is open. */
const PAGE_SELECTOR = '.app'

export interface ModalProps {
  /** The id of the element that names the dialog (its title). */
  labelledBy: string
  /** Asked on Escape, wherever the focus is (and on a press on the backdrop, if enabled). */
  onClose: () => void
  /** The dialog box's class. */
  className: string
  /** The full-window layer behind it. */
  backdropClassName: string
  backdropProps?: HTMLAttributes<HTMLDivElement> & { [data: `data-${string}`]: string }
  /** A press on the backdrop, outside the dialog box, asks to close. */
  closeOnBackdrop?: boolean
  /** Gets the focus back when the modal goes; without it, whoever closes the modal decides. */
  returnFocus?: RefObject<HTMLElement | null>
  children: ReactNode
}

/**
 * The one modal shell (Settings, the detail view): a dialog over the page, rendered into <body>.
 * While it is open the page behind is inert, Tab and Shift+Tab stay inside, and Escape asks it to
 * close. It takes the focus when it opens (unless the focus is already inside) and, with
 * `returnFocus`, gives it back when it closes.
 */
export function Modal({
  labelledBy,
  onClose,
  className,
  backdropClassName,
  backdropProps,
  closeOnBackdrop = false,
  returnFocus,
  children
}: ModalProps) {
  const dialogRef = useRef<HTMLDivElement>(null)

  useEffect(() => {
    const page = document.querySelector<HTMLElement>(PAGE_SELECTOR)
    const returnTo = returnFocus?.current ?? null
    page?.setAttribute('inert', '')
    page?.setAttribute('aria-hidden', 'true')
    const dialog = dialogRef.current
    if (dialog && !dialog.contains(document.activeElement)) dialog.focus()
    return () => {
      page?.removeAttribute('inert')
      page?.removeAttribute('aria-hidden')
      returnTo?.focus()
    }
  }, [returnFocus])

  // On the document: a click on the backdrop or on a disabled button leaves the focus on <body>.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented) return
      event.preventDefault()
      onClose()
    }
    document.addEventListener('keydown', onKey)
    return () => document.removeEventListener('keydown', onKey)
  }, [onClose])

  return createPortal(
    <div
      {...backdropProps}
      className={backdropClassName}
      onMouseDown={
        closeOnBackdrop
          ? (event) => {
              if (event.target === event.currentTarget) onClose()
            }
          : undefined
      }
    >
      <div
        ref={dialogRef}
        className={className}
        role="dialog"
        aria-modal="true"
        aria-labelledby={labelledBy}
        tabIndex={-1}
        onKeyDown={(event) => void trapTab(event)}
      >
        {children}
      </div>
    </div>,
    document.body
  )
}
