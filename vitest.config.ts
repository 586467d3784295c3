import { resolve } from 'node:path'
import { defineConfig } from 'vitest/config'

export default defineConfig({
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
