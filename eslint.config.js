import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'

const noElectron = {
  name: 'electron',
  message: 'Only the Electron glue (src/main/*.ts, src/preload) may import electron.'
}

// Native sharp crashes any process of Electron's binary on Linux: app code reaches sharp only
// through core/imaging, which loads it lazily and only where it is safe.
const noSharp = {
  name: 'sharp',
  allowTypeImports: true,
  message: 'Use the image engine in src/main/core/imaging (sharedImageEngine / createImageEngine).'
}

/**
 * zod stays in the main process: the preload and the page load the contract's names and types
 * only (src/shared/api.ts), never a schema. Type imports are fine; they vanish from the bundle.
 */
const noSchemas = (settings) => [
  'error',
  {
    paths: [
      { name: 'zod', allowTypeImports: true, message: 'The page and the preload load no zod.' },
      {
        name: settings,
        allowTypeImports: true,
        message: 'The settings schema is zod: import its types only (constants: @shared/defaults).'
      }
    ]
  }
]

export default tseslint.config(
  {
    ignores: ['out/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '.bench/**']
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }
      ],
      '@typescript-eslint/consistent-type-imports': 'error'
    }
  },
  {
    // The layering rule: core, shared, renderer and tests run without Electron.
    files: [
      'src/main/core/**',
      'src/shared/**',
      'src/renderer/**',
      'e2e/**',
      'test/**',
      'scripts/**',
      'src/main/cli.ts',
      'src/main/web.ts'
    ],
    rules: { 'no-restricted-imports': ['error', { paths: [noElectron] }] }
  },
  {
    files: ['src/main/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [noSharp] }]
    }
  },
  {
    files: ['src/main/core/**/*.ts', 'src/main/cli.ts', 'src/main/web.ts'],
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [noElectron, noSharp] }] }
  },
  {
    files: ['src/shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron],
          patterns: [
            { group: ['node:*'], message: 'src/shared runs in the page too: no Node modules.' }
          ]
        }
      ]
    }
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}', 'src/preload/**/*.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': noSchemas('@shared/settings') }
  },
  {
    // What the page and the preload load from src/shared (all of it but the settings schema).
    files: ['src/shared/**/*.ts'],
    ignores: ['src/shared/settings.ts', 'src/shared/**/*.test.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': noSchemas('./settings') }
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron],
          patterns: [
            { group: ['node:*'], message: 'The page has no Node: use the gallery API.' },
            {
              group: ['**/main/**', '**/preload/**'],
              message: 'The page talks to the rest only through the gallery API.'
            }
          ]
        }
      ]
    }
  }
)
