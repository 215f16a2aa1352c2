/**
 * Quick quality check of a model on a held-out synthetic test set (seed `test-<task>`, never used for training):
 * CVDM (mean of K samples) vs bicubic, CARE-style metrics (norm_minmse, data range 1), plus the uncertainty–error
 * Spearman correlation. Usage: npx tsx bench/quality-quick.bench.ts [model id|dir] [pairs] [steps] [samples] [ddim|ancestral]
 */
import path from 'node:path'
import { blockSpearman, restorationMetrics, spearman, spearmanCeiling } from '../src/core/data'
import { initBackend } from '../src/core/engine'
import { loadRestoreModel, restorePlane } from '../src/core/restore'
import { buildSyntheticSet } from '../src/core/training'

async function main(): Promise<void> {
  const backend = await initBackend()
  const [modelArg = 'default-sr2x', n = '8', steps = '12', samples = '4', kind = 'ddim'] = process.argv.slice(2)
  const loaded = await loadRestoreModel(modelArg, { builtIn: path.join(__dirname, '..', 'resources', 'models') })
  const { pairs } = buildSyntheticSet({ task: 'sr2x', count: Number(n), size: 128, seed: 'test-sr2x', percentiles: loaded.percentiles, photons: [20, 1000] })
  const sum = { bicubic: { psnr: 0, ssim: 0 }, cvdm: { psnr: 0, ssim: 0 }, rho: 0, ceiling: 0, block: 0 }
  const started = performance.now()
  for (const p of pairs) {
    const r = await restorePlane(loaded.model, p.x, p.width, p.height, { sampler: { kind: kind as 'ddim' | 'ancestral', steps: Number(steps), samples: Number(samples), seed: 1 }, tile: 128, overlap: 0 })
    const b = restorationMetrics(p.y, p.x, p.width, p.height)
    const c = restorationMetrics(p.y, r.mean, p.width, p.height)
    sum.bicubic.psnr += b.psnr
    sum.bicubic.ssim += b.ssim
    sum.cvdm.psnr += c.psnr
    sum.cvdm.ssim += c.ssim
    if (r.std) {
      sum.rho += spearman(r.std, Float32Array.from(r.mean, (v, i) => Math.abs(v - p.y[i])))
      sum.ceiling += spearmanCeiling(r.std)
      sum.block += blockSpearman(r.std, r.mean, p.y, p.width, p.height, 4)
    }
  }
  const k = pairs.length
  console.log(`\nQuality on ${k} held-out synthetic sr2x pairs (128², mixed structures, 20–1000 photons), model ${loaded.id}, ${steps} ${kind} steps, K = ${samples}, ${backend.name}, ${((performance.now() - started) / 1000).toFixed(0)} s`)
  console.log('| method | PSNR (dB) | SSIM |')
  console.log('|---|---|---|')
  console.log(`| bicubic | ${(sum.bicubic.psnr / k).toFixed(2)} | ${(sum.bicubic.ssim / k).toFixed(3)} |`)
  console.log(`| CVDM mean of ${samples} | ${(sum.cvdm.psnr / k).toFixed(2)} | ${(sum.cvdm.ssim / k).toFixed(3)} |`)
  if (Number(samples) > 1) console.log(`\nSpearman(std, |error|) = ${(sum.rho / k).toFixed(3)} (ceiling of a perfectly calibrated map with these std values: ${(sum.ceiling / k).toFixed(3)}); over 4×4 blocks (RMS std vs RMSE): ${(sum.block / k).toFixed(3)}`)
  loaded.model.dispose()
}
void main()
