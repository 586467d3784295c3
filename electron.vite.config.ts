import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'

const alias = { '@shared': resolve('src/shared') }

export default defineConfig({
  main: {
    resolve: { alias },
    build: {
      rollupOptions: {
        // The app's main process, plus the plain-Node entries that run the same core:
        // the `crawl` command, the browser bridge (`npm run web`) and the benchmarks.
        input: {
          index: resolve('src/main/index.ts'),
          cli: resolve('src/main/cli.ts'),
          web: resolve('src/main/web.ts'),
          bench: resolve('scripts/bench.ts'),
          'bench-thumbnails': resolve('scripts/bench-thumbnails.ts')
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
    plugins: [react()],
    build: {
      // electron-vite leaves the page unminified by default: minified, the bundle halves and the
      // first grid paint comes sooner (see e2e/performance.spec.ts).
      minify: true,
      rollupOptions: { input: { index: resolve('src/renderer/index.html') } }
    }
  }
})
