import { chromium, expect, test, type Browser } from '@playwright/test'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { CHROMIUM_ARGS, findChromium } from './support/chromium'
import { writeMicroscopyFixtures } from './support/microscopy-fixtures'
import { startServe, type ServedApp } from './support/serve'

const ARTIFACTS = path.resolve(__dirname, 'artifacts')
const RUNS = 3
let app: ServedApp
let browser: Browser
let dir: string

test.beforeAll(async () => {
  test.setTimeout(90_000)
  mkdirSync(ARTIFACTS, { recursive: true })
  dir = mkdtempSync(path.join(os.tmpdir(), 'cvdm-first-paint-'))
  writeMicroscopyFixtures(dir)
  app = await startServe([], {}, ['--root', dir])
  browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS })
})

test.afterAll(async () => {
  await browser?.close()
  await app?.stop()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

/**
 * First paint of a 2048² uint16 image: from the click on the file (in-page clock) to the frame after the plane
 * arrived (summary + 16 MB float32 plane over HTTP, histogram and Auto range, texture upload, draw; `?perf=1` makes
 * each draw GPU-synced). Each run is a fresh page, so nothing is cached in the page.
 */
test('first paint of a 2048×2048 16-bit image in the browser host (headless chromium, software GL)', async () => {
  test.setTimeout(120_000)
  const results: Record<string, number[]> = { webgl2: [], canvas2d: [] }
  for (const renderer of ['webgl2', 'canvas2d'] as const) {
    for (let run = 0; run < RUNS; run++) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
      await page.goto(`${app.url}&perf=1&renderer=${renderer}`)
      await expect(page.getByTestId('entry-big-2048.tif')).toBeVisible()
      const ms = await page.evaluate(
        () =>
          new Promise<number>((resolve) => {
            const start = performance.now()
            // The plane is in (display panel shown, no loading note); the draw it scheduled runs in the next frame.
            const ready = (): boolean =>
              !!document.querySelector('[data-testid="display-panel"]') && !document.querySelector('[data-testid="viewer-loading"]')
            const poll = (): void => {
              if (ready()) requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - start)))
              else requestAnimationFrame(poll)
            }
            document.querySelector<HTMLElement>('[data-testid="entry-big-2048.tif"]')!.click()
            requestAnimationFrame(poll)
          })
      )
      await expect(page.getByTestId('viewer-canvas')).toHaveAttribute('data-renderer', renderer)
      results[renderer].push(Math.round(ms))
      await page.close()
    }
  }
  console.log(`[first-paint] 2048×2048 uint16, 1280×800 window, click → first frame (ms): ${JSON.stringify(results)}`)
  writeFileSync(path.join(ARTIFACTS, 'first-paint.json'), JSON.stringify({ chromium: browser.version(), runs: results }, null, 2) + '\n')
  for (const times of Object.values(results)) expect(times.every((t) => t > 0 && t < 30_000)).toBe(true)
})
