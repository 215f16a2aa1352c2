import { expect, test, type Page } from '@playwright/test'
import { copyFileSync, mkdirSync } from 'node:fs'
import path from 'node:path'
import { setRestoreOptions } from './support/restore-form'
import { ARTIFACTS, useRestoreSession } from './support/restore-session'

const DOCS = path.resolve(__dirname, '..', 'docs', 'images')
const session = useRestoreSession()

/** Saves a screenshot as an artifact and, with CVDM_E2E_DOCS=1, as docs/images/ui-<name>.png. */
async function shot(page: Page, name: string): Promise<void> {
  const file = path.join(ARTIFACTS, `restore-${name}.png`)
  await page.screenshot({ path: file })
  if (process.env.CVDM_E2E_DOCS === '1') {
    mkdirSync(DOCS, { recursive: true })
    copyFileSync(file, path.join(DOCS, `ui-${name}.png`))
  }
}

test('open a stack, move Z, contrast, draw an ROI, restore it with a tiny model, compare and show the uncertainty', async () => {
  test.setTimeout(90_000)
  const page = await session.browser.newPage({ viewport: { width: 1280, height: 800 }, colorScheme: 'dark' })
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(error.message))
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()))
  await page.goto(session.app.url)

  // Open the z-stack, move Z, change the contrast.
  await page.getByTestId(`entry-${session.fixture.image}`).click()
  await expect(page.getByTestId('display-panel')).toBeVisible()
  await expect(page.getByTestId('viewer-loading')).toHaveCount(0)
  await page.getByTestId('slider-z').fill('4')
  await expect(page.getByTestId('position-z')).toContainText('4/8')
  await expect(page.getByTestId('viewer-loading')).toHaveCount(0)
  await page.getByTestId('reset-contrast').click()
  await page.getByTestId('auto-contrast').click()

  // The restore panel lists the test model and shows the engine. (CVDM_E2E_MODEL / CVDM_E2E_STEPS: e.g. the shipped
  // default-sr2x for documentation screenshots; the test itself uses the tiny random-weight model.)
  const modelId = process.env.CVDM_E2E_MODEL ?? session.fixture.modelId
  await expect(page.getByTestId('restore-model').locator(`option[value="${session.fixture.modelId}"]`)).toHaveCount(1)
  await setRestoreOptions(page, modelId, process.env.CVDM_E2E_STEPS ?? '2')
  await page.getByTestId('restore-uncertainty').check()
  await expect(page.getByTestId('restore-backend')).not.toHaveText('starting…', { timeout: 30_000 })
  await expect(page.getByTestId('restore-roi')).toBeDisabled()

  // Draw an ROI with the rectangle tool (R), then move it by its body.
  await page.keyboard.press('r')
  await expect(page.getByTestId('tool-rect')).toHaveAttribute('aria-pressed', 'true')
  const box = (await page.getByTestId('viewer-canvas').boundingBox())!
  const cx = box.x + box.width / 2
  const cy = box.y + box.height / 2
  // Around a bright spot of stack.tif (z 4) in the fitted 1280×800 layout, so the screenshots show structure.
  await page.mouse.move(cx - 10, cy - 130)
  await page.mouse.down()
  await page.mouse.move(cx + 60, cy - 60, { steps: 5 })
  await page.mouse.up()
  const status = page.getByTestId('roi-status')
  await expect(status).toContainText(/ROI x \d+, y \d+, \d+×\d+ px/)
  const drawn = await status.textContent()
  await page.mouse.move(cx + 25, cy - 95)
  await page.mouse.down()
  await page.mouse.move(cx + 30, cy - 95, { steps: 3 })
  await page.mouse.up()
  await expect(status).not.toHaveText(drawn ?? '')
  await shot(page, 'roi')

  // Restore the ROI: progress, then the result opens in the before/after compare view.
  await page.getByTestId('restore-roi').click()
  await expect(page.getByTestId('compare')).toBeVisible({ timeout: 60_000 })
  await expect(page.getByTestId('compare')).toHaveAttribute('data-mode', 'slider')
  await expect(page.getByTestId('result-summary')).toContainText(modelId)
  await expect(page.getByTestId('restored-pane')).toContainText('Restored (2×)')
  await page.getByTestId('compare-split').fill('0.3')
  await shot(page, 'compare-slider')

  // The uncertainty overlay: U toggles it, with its colour bar; the opacity slider changes it.
  await page.keyboard.press('u')
  await expect(page.getByTestId('uncertainty-overlay')).toBeVisible()
  await expect(page.getByTestId('uncertainty-colorbar')).toContainText('Uncertainty')
  await page.getByTestId('uncertainty-opacity').fill('0.8')
  await expect(page.getByTestId('uncertainty-overlay')).toHaveAttribute('style', /opacity: 0\.8/)
  await shot(page, 'uncertainty')
  await page.keyboard.press('u')
  await expect(page.getByTestId('uncertainty-overlay')).toHaveCount(0)

  // Side by side, zoom is synchronized (both panes follow the same view).
  await page.getByTestId('compare-side').click()
  await expect(page.getByTestId('compare')).toHaveAttribute('data-mode', 'side-by-side')
  await page.keyboard.press('+')
  await shot(page, 'compare-side')

  // Back to the input; the shortcut help lists the new keys.
  await page.getByTestId('close-result').click()
  await expect(page.getByTestId('compare')).toHaveCount(0)
  await page.keyboard.press('?')
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toContainText('uncertainty overlay')
  expect(errors).toEqual([])
})
