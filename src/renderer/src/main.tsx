// Must run before the shared contract (through ./api/transport) creates its zod schemas.
import './zodJitless'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { gallery } from './api/transport'
import { App } from './App'
import { applyTheme } from './lib/theme'
import { GalleryController } from './state/controller'
import './styles/app.css'
import './styles/map.css'

const root = document.getElementById('root')
if (!root) throw new Error('index.html lacks #root')

// The system's palette from the first frame; the settings may override it once they arrive.
applyTheme('system')

const controller = new GalleryController(gallery())
// Ask for the state before React's first render: the request and the render overlap.
void controller.start()

createRoot(root).render(
  <StrictMode>
    <App controller={controller} />
  </StrictMode>
)
