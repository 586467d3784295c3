import { useCallback, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react'
import { useDismiss } from '../hooks/useDismiss'
import { useController, useStore } from '../state/context'
import type { ContextMenuState } from '../state/store'
import { Icon, type IconName } from './Icon'

export function ContextMenu() {
  const menu = useStore((s) => s.menu)
  return menu ? <Menu key={`${menu.id}:${menu.x}:${menu.y}`} {...menu} /> : null
}

interface Item {
  label: string
  icon: IconName
  run: () => void
  checked?: boolean
}

function Menu({ id, x, y }: ContextMenuState) {
  const controller = useController()
  const favorite = useStore((s) => s.favorites.has(id))
  const ref = useRef<HTMLDivElement>(null)
  const refs = useMemo(() => [ref], [])
  const [position, setPosition] = useState({ left: x, top: y })

  const items: Item[] = [
    { label: 'Set as wallpaper', icon: 'wallpaper', run: () => void controller.setWallpaper(id) },
    { label: 'Download', icon: 'download', run: () => void controller.exportItems([id]) },
    { label: 'Open in Google Maps', icon: 'map', run: () => void controller.openInMaps(id) },
    {
      label: 'Favorite',
      icon: 'star',
      checked: favorite,
      run: () => void controller.setFavorite(id, !favorite)
    }
  ]

  // Keep the whole menu on screen, then focus its first item.
  useLayoutEffect(() => {
    const menu = ref.current
    if (!menu) return
    const rect = menu.getBoundingClientRect()
    const margin = 8
    setPosition({
      left: Math.max(margin, Math.min(x, window.innerWidth - rect.width - margin)),
      top: Math.max(margin, Math.min(y, window.innerHeight - rect.height - margin))
    })
    menu.querySelector<HTMLElement>('[role^="menuitem"]')?.focus()
  }, [x, y])

  const close = useCallback(
    (reason: 'escape' | 'outside') => controller.closeMenu(reason === 'escape'),
    [controller]
  )
  useDismiss(true, refs, close)

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const entries = [...event.currentTarget.querySelectorAll<HTMLElement>('[role^="menuitem"]')]
    const current = entries.indexOf(document.activeElement as HTMLElement)
    const go = (index: number) => entries[(index + entries.length) % entries.length]?.focus()
    if (event.key === 'ArrowDown') go(current + 1)
    else if (event.key === 'ArrowUp') go(current - 1)
    else if (event.key === 'Home') go(0)
    else if (event.key === 'End') go(entries.length - 1)
    else if (event.key === 'Tab') controller.closeMenu(true)
    else return
    event.preventDefault()
  }

  return (
    <div
      ref={ref}
      className="menu"
      role="menu"
      aria-label={`Actions for ${controller.describe(id)}`}
      style={{ left: position.left, top: position.top }}
      onKeyDown={onKeyDown}
      onContextMenu={(event) => event.preventDefault()}
    >
      {items.map((item) => (
        <button
          key={item.label}
          type="button"
          className="menu-item"
          role={item.checked === undefined ? 'menuitem' : 'menuitemcheckbox'}
          aria-checked={item.checked}
          tabIndex={-1}
          onClick={() => {
            controller.closeMenu(true)
            item.run()
          }}
        >
          <Icon name={item.icon} filled={item.checked === true} />
          <span>{item.label}</span>
        </button>
      ))}
    </div>
  )
}
