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
// Ask for the state before React's first render: the request and the render overlap.
void controller.start()

createRoot(root).render(
  <StrictMode>
    <App controller={controller} />
  </StrictMode>
)
