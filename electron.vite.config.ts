import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'

/**
 * Three bundles (electron-vite layout): main (Electron entry, CLI entry and the job worker share
 * the same services), preload (CommonJS: sandboxed preloads cannot be ES modules) and renderer.
 */
export default defineConfig({
  main: {
    build: {
      externalizeDeps: true,
      rollupOptions: {
        input: {
          index: resolve('src/main/index.ts'),
          cli: resolve('src/main/cli/main.ts'),
          'job-worker': resolve('src/main/jobs/worker-entry.ts'),
          'engine-worker': resolve('src/main/engine/engine-worker.ts')
        }
      }
    }
  },
  preload: {
    build: {
      externalizeDeps: true,
      rollupOptions: {
        input: { index: resolve('src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' }
      }
    }
  },
  renderer: {
    root: resolve('src/renderer'),
    build: {
      rollupOptions: { input: resolve('src/renderer/index.html') }
    }
  }
})
