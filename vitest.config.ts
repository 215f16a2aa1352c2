import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'vitest/config'

/** Two projects: node (shared, core, hosts, lint rules) and jsdom (renderer). */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          environment: 'node',
          include: ['src/{shared,core,main,server,cli}/**/*.test.ts', 'tests/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // Parallel test files would fight over XNNPACK's thread pool: one wasm thread per test process.
          env: { CVDM_WASM_THREADS: '1' }
        }
      },
      {
        plugins: [vue()],
        test: {
          name: 'renderer',
          environment: 'jsdom',
          include: ['src/renderer/**/*.test.ts']
        }
      }
    ]
  }
})
