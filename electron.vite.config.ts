import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'
import type { Plugin } from 'vite'
import { PAGE_CSP } from './src/main/core/security/page-csp'

const alias = { '@shared': resolve('src/shared') }

/**
 * The page's CSP as a meta tag, in builds only: Electron loads the built page from file:, where
 * no response header carries a policy. In development the dev server's page gets its policy as a
 * header (src/main/security.ts), and a strict meta tag would block the inline styles Vite injects.
 */
function pageCspMetaTag(): Plugin {
  return {
    name: 'page-csp-meta-tag',
    apply: 'build',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: PAGE_CSP },
        injectTo: 'head-prepend'
      }
    ]
  }
}

export default defineConfig({
  main: {
    resolve: { alias },
    build: {
      // Dependencies stay external; ws is a devDependency (only the browser bridge uses it, and
      // the packaged app ships no module it does not load) but is external all the same.
      externalizeDeps: { include: ['ws'] },
      rollupOptions: {
        // The app's main process, plus the plain-Node entries that run the same core:
        // the `crawl` command, the browser bridge (`npm run web`) and the benchmark.
        input: {
          index: resolve('src/main/index.ts'),
          cli: resolve('src/main/cli.ts'),
          web: resolve('src/main/web.ts'),
          bench: resolve('scripts/bench.ts')
        }
      }
    }
  },
  preload: {
    resolve: { alias },
    build: {
      // A sandboxed preload must be one self-contained CommonJS file.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve('src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' }
      }
    }
  },
  renderer: {
    root: resolve('src/renderer'),
    resolve: { alias },
    plugins: [react(), pageCspMetaTag()],
    build: {
      // electron-vite leaves the page unminified by default: minified, the bundle halves and the
      // first grid paint comes sooner (see e2e/performance.spec.ts).
      minify: true,
      rollupOptions: { input: { index: resolve('src/renderer/index.html') } }
    }
  }
})
