import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { gallery, isElectron } from './api/transport'
import { App } from './App'
import { pageNotifier } from './lib/page-notifier'
import { applyTheme } from './lib/theme'
import { GalleryController } from './state/controller'
import './styles/app.css'
import './styles/map.css'

const root = document.getElementById('root')
if (!root) throw new Error('index.html lacks #root')

// The system's palette from the first frame; the settings may override it once they arrive.
applyTheme('system')

// In Electron the main process raises the notifications; in a browser the page does.
const controller = new GalleryController(gallery(), undefined, isElectron ? null : pageNotifier())
/**
 * The first render waits briefly for the state: it usually comes within a few frames, and a
 * loading screen rendered and painted first only stood in the way of the grid's first paint
 * (measured through the bridge: the state's message waited behind it). A slow answer still gets
 * the loading screen after this long.
 */
const LOADING_SCREEN_AFTER_MS = 150

const started = controller.start()
void Promise.race([
  started,
  new Promise((resolve) => setTimeout(resolve, LOADING_SCREEN_AFTER_MS))
]).then(() =>
  createRoot(root).render(
    <StrictMode>
      <App controller={controller} />
    </StrictMode>
  )
)
