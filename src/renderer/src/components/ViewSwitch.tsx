import { memo, useEffect } from 'react'
import { useController, useStore } from '../state/context'
import { preloadMap, preloadMapWhenIdle } from './map/LazyMapView'
import { Icon } from './Icon'

const warmMap = () => void preloadMap().catch(() => undefined)

/** "Grid" or "Map": two toggle buttons; the choice is a setting, so it is remembered. */
export const ViewSwitch = memo(function ViewSwitch() {
  const controller = useController()
  const view = useStore((s) => s.settings?.view ?? 'grid')
  useEffect(() => preloadMapWhenIdle(), [])
  return (
    <div className="view-switch" role="group" aria-label="View">
      <button
        className="view-button"
        aria-pressed={view === 'grid'}
        onClick={() => controller.setView('grid')}
      >
        <Icon name="grid" size={15} />
        Grid
      </button>
      <button
        className="view-button"
        aria-pressed={view === 'map'}
        onPointerEnter={warmMap}
        onFocus={warmMap}
        onClick={() => controller.setView('map')}
      >
        <Icon name="globe" size={15} />
        Map
      </button>
    </div>
  )
})
