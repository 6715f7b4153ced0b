import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import { layersRule } from './tools/eslint/layer-rule.js'

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'coverage/**', '**/fixtures/*.json'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    plugins: { circumplex: { rules: { layers: layersRule } } },
    rules: {
      'circumplex/layers': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' }
      ]
    }
  },
  {
    // Config files must default-export.
    files: ['*.config.ts', 'electron.vite.config.ts', 'vitest*.config.ts'],
    rules: { 'no-restricted-syntax': 'off' }
  },
  {
    files: ['**/*.{js,mjs,cjs}', 'bin/circumplex'],
    languageOptions: {
      globals: Object.fromEntries(
        ['process', 'console', 'URL', 'Buffer', 'performance', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'structuredClone'].map((g) => [g, 'readonly'])
      )
    }
  }
)
