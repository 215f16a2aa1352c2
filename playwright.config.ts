import { defineConfig } from '@playwright/test'

/** e2e: the browser host in Debian chromium (CI) and the Electron app where its binary exists. */
export default defineConfig({
  testDir: './e2e',
  testMatch: '**/*.spec.ts',
  outputDir: './test-results',
  timeout: 60_000,
  retries: process.env.CI ? 1 : 0,
  workers: 1,
  reporter: [['list']]
})
