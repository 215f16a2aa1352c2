/**
 * Quality benchmark (issue [D]; not in CI). On a synthetic sr2x test set (one image per structure × photon level,
 * seeds disjoint from training) it compares bicubic, the regression U-Net (CARE-like, same backbone), fixed-schedule
 * diffusion (cosine) and CVDM (learned schedule), all cvdm-xs trained from scratch with the same data, crops,
 * optimizer and step budget (≥ 3 seeds for learned vs fixed), with validation-PSNR-vs-step curves and a divergence
 * count; and the shipped default-sr2x with the fast sampler at 10/20/50 steps vs the faithful one at 200, plus the
 * uncertainty–error Spearman and a binned error-vs-std curve.
 *
 * Resumable: every result is appended to bench/results/quality.jsonl as it comes; a finished phase or training run
 * found there is skipped (an interrupted training run restarts from its step 0).
 * Run:    npx tsx bench/quality.bench.ts [--steps 300] [--eval-every 75] [--seeds 3] [--phases samplers,ablation]
 * Report: npx tsx bench/quality.bench.ts --report   (tables on stdout, SVG plots + summary JSON in bench/results/)
 */
import fs from 'node:fs'
import path from 'node:path'
import { buildModel, CodedError, emaModel, initBackend, presetConfig, sample, predict, tf, Trainer, type CvdmModel, type ModelConfig } from './lib/quality-engine'
import { loadRestoreModel } from '../src/core/restore'
import { psnr } from '../src/core/engine/testing/filaments'
import { stack, testSet, trainSet, valSet } from './lib/quality-data'
import { bicubicScores, evaluate } from './lib/quality-eval'
import { writeReport } from './lib/quality-report'

const args = process.argv.slice(2)
const opt = (name: string, fallback: string): string => {
  const i = args.indexOf(`--${name}`)
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback
}
const RESULTS = path.join(__dirname, 'results')
const JSONL = path.join(RESULTS, 'quality.jsonl')
const STEPS = Number(opt('steps', '300'))
const EVAL_EVERY = Number(opt('eval-every', '75'))
const SEEDS = Number(opt('seeds', '3'))
const PHASES = opt('phases', 'samplers,ablation').split(',')
const TEST_SIZE = 64
const K = 4

type Row = Record<string, unknown> & { kind: string; key: string }
const rows: Row[] = fs.existsSync(JSONL) ? fs.readFileSync(JSONL, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Row) : []
const done = (key: string): boolean => rows.some((r) => r.key === key)
const record = (row: Row): void => {
  rows.push(row)
  fs.appendFileSync(JSONL, JSON.stringify(row) + '\n')
  console.error(`${row.key}: ${JSON.stringify(row).slice(0, 200)}`)
}

/** default-sr2x: fast sampler 10/20/50 vs faithful 200, K-sample mean and single sample, calibration. */
async function samplerPhase(): Promise<void> {
  const loaded = await loadRestoreModel('default-sr2x', { builtIn: path.join(__dirname, '..', 'resources', 'models') })
  const set = testSet(TEST_SIZE, loaded.percentiles)
  if (!done('sr2x/bicubic')) record({ kind: 'sampler', key: 'sr2x/bicubic', model: 'default-sr2x', method: 'bicubic', scores: bicubicScores(set) })
  const settings = [
    { kind: 'ddim' as const, steps: 10, samples: K },
    { kind: 'ddim' as const, steps: 20, samples: K },
    { kind: 'ddim' as const, steps: 20, samples: 1 },
    { kind: 'ddim' as const, steps: 50, samples: K },
    { kind: 'faithful-beta' as const, steps: 200, samples: K },
    // why is the fast sampler behind the faithful one: its determinism (η = 0) or its x̂₀ clipping?
    { kind: 'ancestral' as const, steps: 20, samples: K },
    { kind: 'ddim' as const, steps: 20, samples: K, clipX0: 'none' as const }
  ]
  for (const s of settings) {
    const key = `sr2x/${s.kind}/${s.steps}/K${s.samples}${'clipX0' in s ? '/noclip' : ''}`
    if (done(key)) continue
    const r = await evaluate(loaded.model, set, { ...s, seed: 1 })
    record({ kind: 'sampler', key, model: 'default-sr2x', sampler: s.kind, steps: s.steps, samples: s.samples, clipX0: 'clipX0' in s ? s.clipX0 : 'default', ...r })
  }
  loaded.model.dispose()
}

interface RunSpec {
  name: string
  method: ModelConfig['method']
  schedule: ModelConfig['schedule']
  seed: number
}

/** Validation PSNR (data range 2 on [−1, 1]) of DDIM 10, one sample (or the regression prediction). */
async function valPsnr(model: CvdmModel, x: tf.Tensor4D, truth: Float32Array): Promise<number> {
  if (model.config.method === 'regression') {
    const y = predict(model, x)
    const v = psnr(y.dataSync(), truth)
    y.dispose()
    return v
  }
  const out = await sample(model, x, { kind: 'ddim', steps: 10, samples: 1, seed: 1, maxBatch: 64 })
  const v = psnr(out.mean.dataSync(), truth)
  tf.dispose([out.mean, out.std])
  return v
}

/** Trains one ablation run with validation points, then scores it on the test set. */
async function ablationRun(spec: RunSpec, percentiles: { low: number; high: number }): Promise<void> {
  const key = `run/${spec.name}`
  if (done(key)) return
  const train = trainSet(48, 64, percentiles)
  const val = valSet(8, 32, percentiles)
  const test = testSet(TEST_SIZE, percentiles)
  const vx = tf.tensor4d(stack(val, 'x'), [val.length, 32, 32, 1])
  const vy = stack(val, 'y')
  const model = buildModel({ ...presetConfig('cvdm-xs', spec.schedule), method: spec.method }, { seed: spec.seed })
  const trainer = new Trainer(model, train, { cropSize: 32, batchSize: 4, learningRate: 1e-3, clipGradNorm: 1, emaDecay: 0.98, timesteps: 'stratified', seed: 100 + spec.seed })
  const started = performance.now()
  let diverged: string | null = null
  const curve: [number, number][] = []
  try {
    while (trainer.step < STEPS) {
      await trainer.runLoop({ steps: Math.min(EVAL_EVERY, STEPS - trainer.step) })
      const ema = (await emaModel(trainer)) as CvdmModel
      const v = await valPsnr(ema, vx, vy)
      ema.dispose()
      curve.push([trainer.step, v])
      record({ kind: 'curve', key: `curve/${spec.name}/${trainer.step}`, run: spec.name, step: trainer.step, valPsnr: v })
      if (!Number.isFinite(v)) {
        diverged = `non-finite validation PSNR at step ${trainer.step}`
        break
      }
    }
  } catch (error) {
    if (!(error instanceof CodedError && /diverged/.test(error.message))) throw error
    diverged = error.message
  }
  const trainSeconds = (performance.now() - started) / 1000
  const result: Row = { kind: 'run', key, ...spec, steps: trainer.step, trainSeconds, diverged, curve, valBicubic: psnr(stack(val, 'x'), vy) }
  if (!diverged) {
    const ema = (await emaModel(trainer)) as CvdmModel
    result.testMean = await evaluate(ema, test, { kind: 'ddim', steps: 20, samples: K, seed: 1 })
    if (spec.method === 'diffusion') result.testSingle = await evaluate(ema, test, { kind: 'ddim', steps: 20, samples: 1, seed: 2 })
    ema.dispose()
  }
  trainer.dispose()
  model.dispose()
  vx.dispose()
  record(result)
}

async function ablationPhase(): Promise<void> {
  const loaded = await loadRestoreModel('default-sr2x', { builtIn: path.join(__dirname, '..', 'resources', 'models') })
  const percentiles = loaded.percentiles
  loaded.model.dispose()
  const testBicubic = bicubicScores(testSet(TEST_SIZE, percentiles))
  if (!done('ablation/bicubic')) record({ kind: 'sampler', key: 'ablation/bicubic', method: 'bicubic', scores: testBicubic })
  const specs: RunSpec[] = [{ name: 'regression-s0', method: 'regression', schedule: 'cosine', seed: 0 }]
  for (let s = 0; s < SEEDS; s++) {
    specs.push({ name: `cvdm-s${s}`, method: 'diffusion', schedule: 'learned', seed: s })
    specs.push({ name: `cosine-s${s}`, method: 'diffusion', schedule: 'cosine', seed: s })
  }
  for (const spec of specs) await ablationRun(spec, percentiles)
}

async function main(): Promise<void> {
  fs.mkdirSync(RESULTS, { recursive: true })
  if (args.includes('--report')) {
    console.log(writeReport(rows, RESULTS))
    return
  }
  const backend = await initBackend()
  console.error(`backend ${backend.name}${backend.wasm ? `×${backend.wasm.threads}` : ''}; steps ${STEPS}, eval every ${EVAL_EVERY}, seeds ${SEEDS}`)
  if (PHASES.includes('samplers')) await samplerPhase()
  if (PHASES.includes('ablation')) await ablationPhase()
  console.log(writeReport(rows, RESULTS))
}
void main()
