/**
 * Bounded memory for large planes: the condition computed band by band from the raw plane equals the full bicubic
 * upsampling, and a plane restored in row bands (each fused per step with context rows) stays close to the
 * unbanded restore. Random-weight cvdm-xs, 1 step.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createModel, initBackend, type CvdmModel } from '../engine'
import { planeCondSource, rawCondSource } from './cond-source'
import { upsampleBicubic } from './resample'
import { restorePlane } from './restore-plane'

let model: CvdmModel
const W = 64
const raw = Uint16Array.from({ length: W * W }, (_, i) => 200 + Math.round(300 * Math.sin(i / 7) * Math.cos(i / 290)))

beforeAll(async () => {
  await initBackend()
  model = createModel('cvdm-xs', { seed: 6 })
})
afterAll(() => model.dispose())

describe('banded restores', () => {
  it('computes any region of the condition from the raw plane exactly as the full upsampling', () => {
    const full = upsampleBicubic(Float32Array.from(raw, (v) => ((v - 100) / 500) * 2 - 1), W, W, 2)
    const source = rawCondSource(raw, W, W, 2, 100, 500)
    const reference = planeCondSource(full, 2 * W, 2 * W)
    for (const rect of [{ x: 0, y: 0, width: 128, height: 128 }, { x: 13, y: 37, width: 24, height: 9 }, { x: -5, y: 120, width: 140, height: 16 }]) {
      const a = source.region(rect)
      const b = reference.region(rect)
      let worst = 0
      for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]))
      // Same taps and weights; only where the normalization is rounded to float32 differs (≈1 ulp of values ≈ 1).
      expect(worst).toBeLessThan(2e-4)
    }
  })

  it('restores in row bands close to the unbanded result, and reports progress over all bands', async () => {
    const cond = rawCondSource(raw, W, W, 2, 100, 500)
    const sampler = { steps: 1, samples: 2, seed: 1 }
    const whole = await restorePlane(model, cond, 2 * W, 2 * W, { sampler, tile: 32, overlap: 8 })
    let total = 0
    // Budget of 40 rows → bands of 4 tile strides (96 rows) + 32: the second band re-runs the tiles of its context.
    const banded = await restorePlane(model, cond, 2 * W, 2 * W, { sampler, tile: 32, overlap: 8, bandPixels: 128 * 40, bandMargin: 16 }, { onProgress: (_, t) => (total = t) })
    const unbandedTotal = (1 + 1) * 25 * 2
    expect(total).toBeGreaterThan(unbandedTotal)
    let diff = 0
    let spread = 0
    for (let i = 0; i < whole.mean.length; i++) {
      diff = Math.max(diff, Math.abs(banded.mean[i] - whole.mean[i]))
      spread = Math.max(spread, Math.abs(whole.mean[i]))
    }
    expect(banded.std).toBeDefined()
    expect(spread).toBeGreaterThan(0.1)
    expect(diff).toBeLessThan(0.05 * spread)
  })
})
