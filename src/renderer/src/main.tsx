import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { gallery } from './api/transport'
import { App } from './App'
import { GalleryController } from './state/controller'
import './styles/app.css'

const root = document.getElementById('root')
if (!root) throw new Error('index.html lacks #root')

createRoot(root).render(
  <StrictMode>
    <App controller={new GalleryController(gallery())} />
  </StrictMode>
)
