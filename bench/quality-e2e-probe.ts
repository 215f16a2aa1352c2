/**
 * Probe for the tiny from-scratch e2e (src/core/engine/e2e-filaments.test.ts): trains cvdm-xs variants on the
 * e2e's filament data (same sizes, noise, seeds, step budget) and records, per variant, the sampler PSNR (DDIM 20,
 * K = 8 mean and single sample), the one-step x̂₀ PSNR at fixed t (how good the denoiser is at each noise level),
 * the mean γ(t) curve and the last ε-loss. One variant at a time; results are appended to
 * bench/results/e2e-probe.jsonl and variants already there are skipped (an interrupted run continues).
 * Run: npx tsx bench/quality-e2e-probe.ts <variant> [<variant> …]   (names: see VARIANTS)
 * QUICK=1 measures only the test's own sampler (DDIM 20, K = 8) and the ancestral one.
 */
import fs from 'node:fs'
import path from 'node:path'
import { buildModel, emaModel, presetConfig, sample, tf, Trainer, type CvdmModel, type ModelConfig, type TrainConfig } from '../src/core/engine'
import { filamentPairs, psnr } from '../src/core/engine/testing/filaments'
import { useTrainingBackend } from '../src/core/engine/testing/training-backend'
import { oneStepX0Psnr } from './lib/probe-metrics'
import { truncatedDdimMean } from './lib/truncated-ddim'

interface Variant {
  schedule?: ModelConfig['schedule']
  model?: Partial<ModelConfig>
  train: Partial<TrainConfig>
  steps?: number
  /** Read noise σ of the LR image (default 0.15, the first e2e setting). */
  noise?: number
}

const E2E_TRAIN: Partial<TrainConfig> = { cropSize: 32, batchSize: 4, learningRate: 1e-3, clipGradNorm: 1, emaDecay: 0.98, timesteps: 'stratified', seed: 3 }
const VARIANTS: Record<string, Variant> = {
  baseline: { train: E2E_TRAIN },
  cosine: { schedule: 'cosine', train: E2E_TRAIN },
  'lr3e-4': { train: { ...E2E_TRAIN, learningRate: 3e-4 } },
  regression: { model: { method: 'regression' }, train: E2E_TRAIN },
  // r = y − x of this data has std 0.25: targetScale 0.25 gives the diffused variable unit variance
  'scale0.25': { model: { targetScale: 0.25 }, train: E2E_TRAIN },
  'scale0.25-cos': { schedule: 'cosine', model: { targetScale: 0.25 }, train: E2E_TRAIN },
  'scale0.5': { model: { targetScale: 0.5 }, train: E2E_TRAIN },
  // second pass with the extended evaluation (quadratic grid, truncated starts)
  'scale0.25-b': { model: { targetScale: 0.25 }, train: E2E_TRAIN },
  'baseline-b': { train: E2E_TRAIN },
  // third pass: + ancestral (η = 1) 20 steps and faithful 200 steps, K = 8
  'baseline-c': { train: E2E_TRAIN },
  'scale0.25-c': { model: { targetScale: 0.25 }, train: E2E_TRAIN },
  // fourth pass: lower read noise (at σ = 0.15 even the MMSE net gains only +0.74 dB in 300 steps)
  'noise0.05': { noise: 0.05, train: E2E_TRAIN },
  'noise0.05-regression': { noise: 0.05, model: { method: 'regression' }, train: E2E_TRAIN },
  'noise0.03': { noise: 0.03, train: E2E_TRAIN },
  'noise0.08': { noise: 0.08, train: E2E_TRAIN },
  // fifth pass: more data per step (batch 16 of 32² = the pixels of batch 4 of 64²) and a higher learning rate
  'b16-noise0.05': { noise: 0.05, train: { ...E2E_TRAIN, batchSize: 16 } },
  'lr3e-3-noise0.05': { noise: 0.05, train: { ...E2E_TRAIN, learningRate: 3e-3 } },
  'b16-noise0.15': { train: { ...E2E_TRAIN, batchSize: 16 } }
}

const OUT = path.join(__dirname, 'results', 'e2e-probe.jsonl')

async function run(name: string, v: Variant): Promise<Record<string, unknown>> {
  const model = buildModel({ ...presetConfig('cvdm-xs', v.schedule ?? 'learned'), ...v.model }, { seed: 1 })
  const noise = v.noise ?? 0.15
  const train = filamentPairs(24, 1, { size: 64, noise })
  const test = filamentPairs(8, 99, { size: 32, noise })
  const trainer = new Trainer(model, train, v.train)
  const t0 = performance.now()
  const logs = await trainer.runLoop({ steps: v.steps ?? 300 })
  const seconds = (performance.now() - t0) / 1000
  const ema = ((await emaModel(trainer)) ?? model) as CvdmModel
  const curves = model.config.method === 'diffusion' ? trainer.gammaCurves() : { gammaHead: [] as number[] }
  trainer.dispose()
  const x = tf.tensor4d(Float32Array.from(test.flatMap((p) => [...p.x])), [test.length, 32, 32, 1])
  const y = tf.tensor4d(Float32Array.from(test.flatMap((p) => [...p.y])), [test.length, 32, 32, 1])
  const truth = y.dataSync()
  const result: Record<string, unknown> = { name, variant: v, seconds, bicubic: psnr(x.dataSync(), truth) }
  const mean8 = await sample(ema, x, { kind: 'ddim', steps: 20, samples: 8, seed: 1, maxBatch: 64 })
  result.ddim20_mean8 = psnr(mean8.mean.dataSync(), truth)
  const single = await sample(ema, x, { kind: 'ddim', steps: 20, samples: 1, seed: 2, maxBatch: 64 })
  result.ddim20_single = psnr(single.mean.dataSync(), truth)
  const quick = process.env.QUICK === '1'
  if (ema.config.method === 'diffusion' && quick) {
    const o = await sample(ema, x, { kind: 'ancestral', steps: 20, samples: 8, seed: 1, maxBatch: 64 })
    result.ancestral_mean8 = psnr(o.mean.dataSync(), truth)
    tf.dispose([o.mean, o.std])
  } else if (ema.config.method === 'diffusion') {
    const quad = await sample(ema, x, { kind: 'ddim', spacing: 'quadratic', steps: 20, samples: 8, seed: 1, maxBatch: 64 })
    result.ddim20quad_mean8 = psnr(quad.mean.dataSync(), truth)
    tf.dispose([quad.mean, quad.std])
    for (const kind of ['ancestral', 'faithful-beta'] as const) {
      const o = await sample(ema, x, { kind, ...(kind === 'ancestral' ? { steps: 20 } : {}), samples: 8, seed: 1, maxBatch: 64 })
      result[`${kind}_mean8`] = psnr(o.mean.dataSync(), truth)
      tf.dispose([o.mean, o.std])
    }
    for (const tMax of [0.7, 0.5, 0.3]) {
      const m = truncatedDdimMean(ema, x, tMax, 20, 8, 1)
      result[`trunc${tMax}_ddim20_mean8`] = psnr(m.dataSync(), truth)
      m.dispose()
    }
  }
  if (!quick) result.oneStepX0 = oneStepX0Psnr(ema, x, y, [0.05, 0.2, 0.4, 0.6, 0.8, 0.95])
  result.gammaHead = curves.gammaHead.map((g) => Number(g.toPrecision(3)))
  result.lastEps = logs.slice(-25).reduce((s, l) => s + l.terms.eps, 0) / 25
  tf.dispose([x, y, mean8.mean, mean8.std, single.mean, single.std])
  if (ema !== model) ema.dispose()
  model.dispose()
  return result
}

async function main(): Promise<void> {
  const backend = await useTrainingBackend()
  const done = new Set(fs.existsSync(OUT) ? fs.readFileSync(OUT, 'utf8').trim().split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { name: string }).name) : [])
  for (const name of process.argv.slice(2)) {
    if (done.has(name)) continue
    const v = VARIANTS[name]
    if (!v) throw new Error(`unknown variant ${name}`)
    const r = await run(name, v)
    r.backend = `${backend.name}/${backend.kernels}`
    fs.appendFileSync(OUT, JSON.stringify(r) + '\n')
    console.log(JSON.stringify(r))
  }
}
void main()
