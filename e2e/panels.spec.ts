/**
 * The Batch, Fine-tune and Model manager panels on the browser host (`cvdm serve`), with a tiny random-weight
 * cvdm-xs model in a temporary CVDM_HOME: a 3-file batch runs to the end (2 steps, K = 1), a short fine-tune draws
 * loss points on the live chart and registers its model, and the model manager lists both models.
 */
import { chromium, expect, test, type Browser, type Page } from '@playwright/test'
import { mkdirSync, readdirSync, rmSync } from 'node:fs'
import path from 'node:path'
import { CHROMIUM_ARGS, findChromium } from './support/chromium'
import { preparePanelsFixture, type PanelsFixture } from './support/panels-fixtures'
import { startServe, type ServedApp } from './support/serve'

const ARTIFACTS = path.resolve(__dirname, 'artifacts')
let app: ServedApp
let browser: Browser
let fx: PanelsFixture
let page: Page
const errors: string[] = []

test.describe.configure({ mode: 'serial' })

test.beforeAll(async () => {
  test.setTimeout(300_000)
  mkdirSync(ARTIFACTS, { recursive: true })
  fx = preparePanelsFixture()
  app = await startServe(['--backend', 'wasm'], { CVDM_HOME: fx.home, CVDM_WASM_THREADS: '1' }, ['--root', fx.data])
  browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS })
  page = await browser.newPage({ viewport: { width: 1400, height: 900 }, colorScheme: 'dark' })
  page.on('pageerror', (error) => errors.push(error.message))
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()))
  await page.goto(app.url)
})

test.afterAll(async () => {
  await browser?.close()
  await app?.stop()
  if (fx) rmSync(fx.dir, { recursive: true, force: true })
})

const shot = (name: string): Promise<Buffer> => page.screenshot({ path: path.join(ARTIFACTS, name), fullPage: true })

/** Switches the shell to a panel (the navigation's `tab-<key>` button, or a button labelled like the panel). */
async function openPanel(key: 'batch' | 'finetune' | 'models', label: RegExp): Promise<void> {
  await page.locator(`[data-testid="tab-${key}"]`).or(page.getByRole('button', { name: label })).first().click()
}

test('a 3-file batch runs to the end, with per-file status, the report and the output folder', async () => {
  test.setTimeout(240_000)
  await openPanel('batch', /^batch$/i)
  await expect(page.getByTestId('batch-view')).toBeVisible()
  await expect(page.getByTestId('batch-model').locator(`option[value="${fx.modelId}"]`)).toHaveCount(1)
  await page.getByTestId('batch-input').fill(fx.batchIn)
  await page.getByTestId('batch-output').fill(fx.batchOut)
  await page.getByTestId('batch-model').selectOption(fx.modelId)
  await page.getByTestId('batch-steps').fill('2')
  await page.getByTestId('batch-samples').fill('1')
  await page.getByTestId('batch-enqueue').click()

  const detail = page.getByTestId('job-detail')
  await expect(detail).toBeVisible()
  await expect(page.getByTestId('file-table').locator('tbody tr')).toHaveCount(3)
  // A file in flight (progress bar + ETA), unless the tiny job already finished.
  await expect(page.locator('[data-testid="file-table"] tr[data-status="running"], [data-testid="job-detail"][data-state="done"]').first()).toBeVisible({ timeout: 60_000 })
  await shot('panels-batch-running.png')
  await expect(detail).toHaveAttribute('data-state', 'done', { timeout: 200_000 })
  await expect(page.getByTestId('file-table').locator('tbody tr[data-status="done"]')).toHaveCount(3)
  await expect(page.getByTestId('queue-list').locator('[data-testid="job-counts"]').first()).toHaveText('3/3 done')
  expect(readdirSync(fx.batchOut).filter((f) => /\.tiff?$/i.test(f))).toHaveLength(3)

  await page.getByTestId('job-report').click()
  await expect(page.getByTestId('job-report-text')).toContainText(fx.modelId)
  await expect(page.getByTestId('job-output')).toHaveText(fx.batchOut)
  await shot('panels-batch.png')
})

test('a short fine-tune finds the pairs, draws loss points live and registers its model', async () => {
  test.setTimeout(240_000)
  await openPanel('finetune', /fine-?tune/i)
  await expect(page.getByTestId('finetune-view')).toBeVisible()
  await page.getByTestId('finetune-low').fill(fx.low)
  await page.getByTestId('finetune-high').fill(fx.high)
  await page.getByTestId('finetune-discover').click()
  await expect(page.getByTestId('pairs-summary')).toContainText('6 pair(s) found')
  await page.getByTestId('finetune-base').selectOption(fx.modelId)
  await page.getByTestId('finetune-name').fill('e2e-tuned')
  await page.getByTestId('finetune-steps').fill('8')
  await page.getByTestId('finetune-batch').fill('1')
  await page.getByTestId('finetune-eval-every').fill('4')
  await page.getByTestId('finetune-val').fill('0.34')
  await page.getByTestId('finetune-start').click()

  const chart = page.getByTestId('finetune-chart')
  await expect.poll(async () => Number(await chart.getAttribute('data-points')), { timeout: 200_000 }).toBeGreaterThanOrEqual(3)
  await expect(page.getByTestId('finetune-status')).toContainText(/Step \d+\/8/)
  await shot('panels-finetune-live.png')
  await expect(page.getByTestId('finetune-model-id')).toHaveText('e2e-tuned', { timeout: 200_000 })
  await shot('panels-finetune.png')
  await page.getByTestId('finetune-open-model').click()
})

test('the model manager lists the test model and the fine-tuned one with its lineage', async () => {
  await openPanel('models', /models?( manager)?/i)
  await expect(page.getByTestId('models-view')).toBeVisible()
  await expect(page.getByTestId(`model-${fx.modelId}`)).toBeVisible()
  await expect(page.getByTestId('model-e2e-tuned')).toBeVisible()
  await page.getByTestId('model-e2e-tuned').click()
  await expect(page.getByTestId('model-parent')).toContainText(fx.modelId)
  await expect(page.getByTestId('model-delete')).toBeEnabled()
  await shot('panels-models.png')
  expect(errors).toEqual([])
})
