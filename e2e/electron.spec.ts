import { _electron as electron, expect, test } from '@playwright/test'
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { findElectronBinary } from '../scripts/electron-binary.cjs'

const root = path.resolve(__dirname, '..')
const binary = findElectronBinary()

test.describe('desktop app (Electron)', () => {
  test.skip(!binary.found, `Electron binary not available here: ${binary.reason}. Run "npx install-electron" where there is internet.`)
  if (!binary.found) console.log(`[electron e2e] skipped: ${binary.reason}`)

  test('opens a sandboxed, context-isolated window that shows the backend', async () => {
    const app = await electron.launch({ executablePath: binary.path, args: [root, '--no-sandbox'], cwd: root })
    try {
      const window = await app.firstWindow()
      await expect(window.getByTestId('backend-name')).toHaveText(/wasm|cpu|tensorflow/, { timeout: 30_000 })
      const prefs = await app.evaluate(({ BrowserWindow }) => {
        const w = BrowserWindow.getAllWindows()[0]
        // getLastWebPreferences exists at run time but is missing from electron.d.ts
        type Prefs = { sandbox?: boolean; contextIsolation?: boolean; nodeIntegration?: boolean }
        const p = (w.webContents as unknown as { getLastWebPreferences(): Prefs | null }).getLastWebPreferences()
        return { sandbox: p?.sandbox, contextIsolation: p?.contextIsolation, nodeIntegration: p?.nodeIntegration }
      })
      expect(prefs).toEqual({ sandbox: true, contextIsolation: true, nodeIntegration: false })
      expect(await window.evaluate(() => [typeof (globalThis as { require?: unknown }).require, typeof (globalThis as { process?: unknown }).process])).toEqual(['undefined', 'undefined'])
      mkdirSync(path.join(__dirname, 'artifacts'), { recursive: true })
      await window.screenshot({ path: path.join(__dirname, 'artifacts', 'electron-info.png') })
    } finally {
      await app.close()
    }
  })
})
