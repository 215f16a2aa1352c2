/**
 * The shipped models do their job (issue [D]): each one, loaded the way restores load it, restores a few held-out
 * synthetic pairs (seed `test-<task>`, never used for training) clearly better than the trivial baseline — bicubic
 * for default-sr2x, the noisy input itself for default-denoise — and carries a card that matches its model file.
 * Small and fast (64², 2 pairs, K = 2, 6 steps); the full numbers are in the model cards and bench/RESULTS.md.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { restorationMetrics } from '../../src/core/data'
import { initBackend } from '../../src/core/engine'
import { loadRestoreModel, restorePlane } from '../../src/core/restore'
import { buildSyntheticSet } from '../../src/core/training'

const MODELS = path.join(__dirname, '..', '..', 'resources', 'models')

beforeAll(async () => {
  await initBackend()
})

describe.each([
  { id: 'default-sr2x', task: 'sr2x' as const, scale: 2, minGain: 1.5 },
  { id: 'default-denoise', task: 'denoise' as const, scale: 1, minGain: 3 }
])('shipped model $id', ({ id, task, scale, minGain }) => {
  it(`has a card that matches its model file (task ${task}, ×${scale})`, () => {
    const card = JSON.parse(readFileSync(path.join(MODELS, id, 'card.json'), 'utf8')) as { task: string; lineage: { steps: number } }
    const model = JSON.parse(readFileSync(path.join(MODELS, id, 'model.json'), 'utf8')) as { scaleFactor: number; architecture: { method?: string } }
    expect(card.task).toBe(task)
    expect(model.scaleFactor).toBe(scale)
    expect(model.architecture.method ?? 'diffusion').toBe('diffusion') // files written before the regression baseline existed have no method
    expect(card.lineage.steps).toBeGreaterThanOrEqual(1000)
  })

  it(`beats the trivial baseline by ≥ ${minGain} dB PSNR on held-out synthetic pairs`, async () => {
    const loaded = await loadRestoreModel(id, { builtIn: MODELS })
    try {
      const { pairs } = buildSyntheticSet({ task, count: 2, size: 64, seed: `test-${task}`, percentiles: loaded.percentiles, photons: [50, 200] })
      let gain = 0
      for (const p of pairs) {
        const r = await restorePlane(loaded.model, p.x, p.width, p.height, { sampler: { kind: 'ancestral', steps: 6, samples: 2, seed: 1 }, tile: 64, overlap: 0 })
        gain += restorationMetrics(p.y, r.mean, p.width, p.height).psnr - restorationMetrics(p.y, p.x, p.width, p.height).psnr
      }
      expect(gain / pairs.length).toBeGreaterThanOrEqual(minGain)
    } finally {
      loaded.model.dispose()
    }
  }, 120_000)
})
