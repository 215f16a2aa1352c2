import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'electron-vite'
import { resolve } from 'node:path'

/** Main (Node, CJS; plus the engine worker process), preload (sandboxed: one CommonJS file importing only electron) and renderer (Vue). */
export default defineConfig({
  main: {
    build: {
      // The engine worker is a second entry: it lands in out/main/engine-worker.js, where engineWorkerEntry()
      // (src/core/restore/engine-host.ts) forks it from the bundled main.
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          'engine-worker': resolve(__dirname, 'src/core/restore/engine-worker.ts')
        }
      }
    }
  },
  preload: {
    build: {
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' }
      }
    }
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    build: { rollupOptions: { input: resolve(__dirname, 'src/renderer/index.html') } },
    plugins: [vue()]
  }
})
