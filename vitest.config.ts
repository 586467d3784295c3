import { resolve } from 'node:path'
import { defineConfig, type Plugin } from 'vitest/config'

const MODULE_PATH = '?modulePath'

/**
 * electron-vite bundles a `?modulePath` import (a worker thread's entry) into a file of its own and
 * gives its path. Tests get the source file's path instead: Node runs it as it is, stripping types.
 */
function modulePathAsSource(): Plugin {
  return {
    name: 'module-path-as-source',
    enforce: 'pre',
    async resolveId(id, importer) {
      if (!id.endsWith(MODULE_PATH)) return null
      const source = await this.resolve(id.slice(0, -MODULE_PATH.length), importer)
      return source ? `\0module-path:${source.id}` : null
    },
    load(id) {
      if (!id.startsWith('\0module-path:')) return null
      return `export default ${JSON.stringify(id.slice('\0module-path:'.length))}`
    }
  }
}

export default defineConfig({
  plugins: [modulePathAsSource()],
  resolve: { alias: { '@shared': resolve('src/shared') } },
  test: {
    include: [
      'src/**/*.test.ts',
      'src/**/*.test.tsx',
      'scripts/**/*.test.ts',
      'test/**/*.test.ts',
      'e2e/standin/**/*.test.ts'
    ],
    testTimeout: 30_000,
    hookTimeout: 30_000
  }
})
