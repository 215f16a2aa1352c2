import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test'
import { mkdirSync, rmSync } from 'node:fs'
import path from 'node:path'
import { findElectronBinary } from '../scripts/electron-binary.cjs'
import { setRestoreOptions } from './support/restore-form'
import { prepareRestoreFixture, type RestoreFixture } from './support/restore-fixtures'

const root = path.resolve(__dirname, '..')
const ARTIFACTS = path.join(__dirname, 'artifacts')
const binary = findElectronBinary()

/** Launches the built app (out/) with a test home; HOME is the fixture's data folder, so the browser starts there. */
async function launch(env: NodeJS.ProcessEnv = {}): Promise<{ app: ElectronApplication; window: Page }> {
  const app = await electron.launch({ executablePath: binary.path, args: [root, '--no-sandbox'], cwd: root, env: { ...process.env, ...env } as Record<string, string> })
  return { app, window: await app.firstWindow() }
}

test.describe('desktop app (Electron)', () => {
  test.skip(!binary.found, `Electron binary not available here: ${binary.reason}. Run "npx install-electron" where there is internet.`)
  if (!binary.found) console.log(`[electron e2e] skipped: ${binary.reason}`)

  test('opens a sandboxed, context-isolated window that shows the backend', async () => {
    const { app, window } = await launch()
    try {
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
      mkdirSync(ARTIFACTS, { recursive: true })
      await window.screenshot({ path: path.join(ARTIFACTS, 'electron-info.png') })
    } finally {
      await app.close()
    }
  })

  // The browser specs' main flow (e2e/restore.spec.ts, e2e/roi.spec.ts) through the desktop app's IPC instead of HTTP.
  test('open a stack, move Z, contrast, draw ROIs, restore the ROI with a tiny model, toggle the uncertainty', async () => {
    test.setTimeout(120_000)
    const fixture: RestoreFixture = prepareRestoreFixture()
    const { app, window } = await launch({ CVDM_HOME: fixture.home, HOME: fixture.data, CVDM_WASM_THREADS: '1' })
    try {
      const errors: string[] = []
      window.on('pageerror', (error) => errors.push(error.message))
      await window.getByTestId(`entry-${fixture.image}`).click({ timeout: 30_000 })
      await expect(window.getByTestId('display-panel')).toBeVisible()
      await expect(window.getByTestId('viewer-loading')).toHaveCount(0)
      await window.getByTestId('slider-z').fill('4')
      await expect(window.getByTestId('position-z')).toContainText('4/8')
      await window.getByTestId('auto-contrast').click()

      await setRestoreOptions(window, fixture.modelId, '2')
      await window.getByTestId('restore-uncertainty').check()

      // A rectangle (R + drag), then a polygon (G + clicks + double-click) that replaces it.
      const box = (await window.getByTestId('viewer-canvas').boundingBox())!
      const cx = box.x + box.width / 2
      const cy = box.y + box.height / 2
      await window.keyboard.press('r')
      await window.mouse.move(cx - 10, cy - 130)
      await window.mouse.down()
      await window.mouse.move(cx + 60, cy - 60, { steps: 5 })
      await window.mouse.up()
      const status = window.getByTestId('roi-status')
      await expect(status).toContainText(/ROI x \d+, y \d+, \d+×\d+ px/)
      await window.keyboard.press('g')
      for (const [dx, dy] of [[-10, -130], [60, -120], [70, -60]]) await window.mouse.click(cx + dx, cy + dy)
      await window.mouse.dblclick(cx - 20, cy - 80)
      await expect(status).toContainText('ROI polygon, 4 vertices')
      await window.keyboard.press('g')

      await window.getByTestId('restore-roi').click()
      await expect(window.getByTestId('compare')).toBeVisible({ timeout: 90_000 })
      await window.keyboard.press('u')
      await expect(window.getByTestId('uncertainty-overlay')).toBeVisible()
      mkdirSync(ARTIFACTS, { recursive: true })
      await window.screenshot({ path: path.join(ARTIFACTS, 'electron-restore.png') })
      await window.keyboard.press('u')
      await expect(window.getByTestId('uncertainty-overlay')).toHaveCount(0)
      expect(errors).toEqual([])
    } finally {
      await app.close()
      rmSync(fixture.dir, { recursive: true, force: true })
    }
  })
})
