import { expect, test } from '@playwright/test'
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { setRestoreOptions } from './support/restore-form'
import { ARTIFACTS, useRestoreSession } from './support/restore-session'

const session = useRestoreSession()

/**
 * Reads a restored TIFF with tifffile (the fixtures need it too) and checks it against the polygon recorded in its
 * provenance: how many output pixels inside / outside the polygon (pixel centres, even-odd rule) are non-zero.
 */
function maskCounts(file: string): { polygon: number[][]; roi: { x: number; y: number; width: number; height: number }; inside: number; insideNonZero: number; outsideNonZero: number } {
  const script = `
import json, sys, numpy as np, tifffile
t = tifffile.TiffFile(sys.argv[1])
a = t.pages[0].asarray().astype(np.float64)
prov = json.loads(t.pages[0].tags[65000].value)
poly, roi = prov['polygon'], prov['roi']
s = a.shape[1] / roi['width']
yy, xx = np.mgrid[0:a.shape[0], 0:a.shape[1]]
px, py = roi['x'] + (xx + 0.5) / s, roi['y'] + (yy + 0.5) / s
inside = np.zeros(a.shape, bool)
for (x0, y0), (x1, y1) in zip(poly, poly[-1:] + poly[:-1]):
    cross = ((y0 > py) != (y1 > py)) & (px < (x1 - x0) * (py - y0) / ((y1 - y0) or 1e-300) + x0)
    inside ^= cross
print(json.dumps({'polygon': poly, 'roi': roi, 'inside': int(inside.sum()), 'insideNonZero': int((a[inside] != 0).sum()), 'outsideNonZero': int((a[~inside] != 0).sum())}))
`
  const child = spawnSync('/usr/bin/python3', ['-c', script, file], { encoding: 'utf8', timeout: 30_000 })
  if (child.status !== 0) throw new Error(`tifffile check failed: ${child.stderr}`)
  return JSON.parse(child.stdout)
}

test('draw a polygon ROI, export it as ImageJ .roi, import it back, restore it: the outside is 0', async () => {
  test.setTimeout(60_000)
  const page = await session.browser.newPage({ viewport: { width: 1280, height: 800 }, colorScheme: 'dark' })
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(error.message))
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()))
  await page.goto(session.app.url)
  await page.getByTestId(`entry-${session.fixture.image}`).click()
  await expect(page.getByTestId('viewer-loading')).toHaveCount(0)

  // The tiny random-weight model, 2 steps, K = 2 (so the std output is written too).
  await setRestoreOptions(page, session.fixture.modelId, '2')

  // Polygon tool (G): four clicks, a double-click on the fifth vertex closes it.
  await page.keyboard.press('g')
  await expect(page.getByTestId('tool-polygon')).toHaveAttribute('aria-pressed', 'true')
  const box = (await page.getByTestId('viewer-canvas').boundingBox())!
  const cx = box.x + box.width / 2
  const cy = box.y + box.height / 2
  for (const [dx, dy] of [[-10, -130], [60, -120], [70, -60], [20, -40]]) await page.mouse.click(cx + dx, cy + dy)
  await page.mouse.dblclick(cx - 20, cy - 80)
  const status = page.getByTestId('roi-status')
  await expect(status).toContainText(/ROI polygon, 5 vertices, box x \d+, y \d+, \d+×\d+ px/)
  const drawn = (await status.textContent())!
  await page.keyboard.press('g')
  await page.screenshot({ path: path.join(ARTIFACTS, 'roi-polygon.png') })

  // Export: a Blob download named after the image, in ImageJ's format.
  const downloading = page.waitForEvent('download')
  await page.getByTestId('roi-export').click()
  const download = await downloading
  expect(download.suggestedFilename()).toBe('stack-roi.roi')
  const file = path.join(session.fixture.dir, download.suggestedFilename())
  await download.saveAs(file)
  const bytes = readFileSync(file)
  expect([bytes.subarray(0, 4).toString('latin1'), bytes[6], bytes.readUInt16BE(16)]).toEqual(['Iout', 0, 5])

  // Clear it, import the file back: the same polygon.
  await page.keyboard.press('Delete')
  await expect(status).toHaveCount(0)
  await page.getByTestId('roi-import-input').setInputFiles(file)
  await expect(status).toHaveText(drawn)

  // Restore the ROI: its bounding box is restored, the outside of the polygon is 0 in the mean and the std.
  await page.getByTestId('restore-roi').click()
  await expect(page.getByTestId('compare')).toBeVisible({ timeout: 45_000 })
  const summary = (await page.getByTestId('result-summary').textContent())!
  const main = summary.split('→ ')[1].trim()
  const counts = maskCounts(main)
  expect(counts.polygon).toHaveLength(5)
  const [, x, y, w, h] = /box x (\d+), y (\d+), (\d+)×(\d+)/.exec(drawn)!.map(Number)
  expect(counts.roi).toEqual({ x, y, width: w, height: h })
  expect(counts.outsideNonZero).toBe(0)
  expect(counts.inside).toBeGreaterThan(20)
  expect(counts.insideNonZero).toBeGreaterThan(counts.inside * 0.9)
  await page.screenshot({ path: path.join(ARTIFACTS, 'roi-polygon-restored.png') })
  expect(errors).toEqual([])
})
