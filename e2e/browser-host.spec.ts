import { chromium, expect, test, type Browser } from '@playwright/test'
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { CHROMIUM_ARGS, findChromium } from './support/chromium'
import { startServe, type ServedApp } from './support/serve'

const ARTIFACTS = path.resolve(__dirname, 'artifacts')
let app: ServedApp
let browser: Browser

test.beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true })
  app = await startServe()
  browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS })
})

test.afterAll(async () => {
  await browser?.close()
  await app?.stop()
})

test('the info screen shows the active backend', async () => {
  const page = await browser.newPage({ viewport: { width: 1100, height: 700 } })
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(error.message))
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()))
  await page.goto(app.url)
  await expect(page.getByRole('heading', { name: 'CVDM Studio' })).toBeVisible()
  const backend = page.getByTestId('backend-name')
  await expect(backend).toHaveText(/^(wasm|cpu|tensorflow|tensorflow-gpu)\b/, { timeout: 30_000 })
  await expect(page.getByTestId('backend-badge')).toBeVisible()
  await expect(page.getByText('Platform')).toBeVisible()
  await page.screenshot({ path: path.join(ARTIFACTS, 'info-screen.png'), fullPage: true })
  expect(errors).toEqual([])
})

test('a page opened without the token shows an unauthorized error, not data', async () => {
  const page = await browser.newPage()
  await page.goto(`http://127.0.0.1:${app.port}/`)
  await expect(page.getByTestId('info-error')).toContainText('unauthorized')
  await expect(page.getByTestId('backend-name')).toHaveCount(0)
})

test('API requests without the token are refused with 401', async ({ request }) => {
  const bare = await request.post(`http://127.0.0.1:${app.port}/api/invoke/app:get-info`, { data: [] })
  expect(bare.status()).toBe(401)
  expect(await bare.json()).toMatchObject({ ok: false, error: { code: 'unauthorized' } })
  const authed = await request.post(`http://127.0.0.1:${app.port}/api/invoke/app:get-info`, {
    data: [],
    headers: { authorization: `Bearer ${app.token}` }
  })
  expect(authed.status()).toBe(200)
  expect((await authed.json()).value.backend.name).toMatch(/wasm|cpu|tensorflow/)
})
