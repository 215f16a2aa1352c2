/**
 * Tiny end-to-end proof (issue [C]): cvdm-xs trained on 2×-blurred, noisy synthetic filaments at 32² for at most
 * 300 steps must beat bicubic upsampling by ≥ 1 dB PSNR (data range 2 on [−1, 1]). A test that can fail: it trains
 * the real model with the real loss, optimizer and sampler. Runs on the best backend that can train.
 * OPT-IN (CVDM_E2E=1): it does not pass. Measured (bench/quality-e2e-probe.ts, bench/results/e2e-probe.jsonl, same
 * data, seeds and 300-step budget; test PSNR, data range 2): bicubic 15.71 dB; CVDM K = 8 mean 15.70; fixed cosine
 * 15.13; CVDM with the residual scaled to unit variance (targetScale 0.25) 15.62; and the regression U-Net (same
 * backbone, MSE on y − x, no sampling) only 16.45. The K-sample mean estimates E[y | x], whose best estimate is what
 * the regression net learns, so with this budget the +1 dB bar is out of reach for the mean (≤ +0.74 dB for the
 * MMSE net itself). The diffusion nets are good at low noise (one-step x̂₀ from z_t of the truth: 26–36 dB at t = 0.05)
 * and poor at high noise (6–8 dB at t = 0.95, worse than predicting r = 0): x̂₀ = (z − √(1−γ)ε̂)/√γ amplifies ε errors
 * there, the chains wander, and the mean of 8 samples falls back to the bicubic level. At a lower read noise
 * (σ = 0.05; bicubic 17.73 dB) the information is there — the regression net gains +2.20 dB in the same 300 steps —
 * but the diffusion mean still does not: DDIM +0.0, ancestral +0.33 with batch 16 or lr 3e-3 (see bench/RESULTS.md,
 * "e2e probe, passes 4–5"). So the gap is the ε-parametrised diffusion net's training speed at high noise, not the
 * data. ≈3–5 min on 2 loaded cores.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createModel, type CvdmModel } from './model/cvdm-model'
import { sample } from './sampler/sample-loop'
import { filamentPairs, psnr } from './testing/filaments'
import { type TrainingBackend, useTrainingBackend } from './testing/training-backend'
import { tf } from './tf'
import { emaModel } from './train/checkpoint'
import { Trainer } from './train/trainer'

const STEPS = 300
const NOISE = 0.15
let backend: TrainingBackend
let model: CvdmModel

beforeAll(async () => {
  backend = await useTrainingBackend()
  model = createModel('cvdm-xs', { seed: 1 })
})
afterAll(() => model.dispose())

describe.skipIf(process.env.CVDM_E2E !== '1')('end to end: cvdm-xs on synthetic filaments', () => {
  it(`beats bicubic by ≥ 1 dB after ${STEPS} training steps`, async () => {
    if (backend.name === 'cpu') {
      console.warn('e2e skipped: no backend with conv gradients faster than cpu')
      return
    }
    const train = filamentPairs(24, 1, { size: 64, noise: NOISE })
    const test = filamentPairs(8, 99, { size: 32, noise: NOISE })
    // lr above the official 1e-4 (a 300-step budget); clipping keeps the early steps stable; EMA weights sample.
    const trainer = new Trainer(model, train, {
      cropSize: 32,
      batchSize: 4,
      learningRate: 1e-3,
      clipGradNorm: 1,
      emaDecay: 0.98,
      timesteps: 'stratified',
      seed: 3
    })
    const started = performance.now()
    const logs = await trainer.runLoop({ steps: STEPS })
    const trainSeconds = (performance.now() - started) / 1000
    const ema = (await emaModel(trainer)) as CvdmModel
    trainer.dispose()
    const x = tf.tensor4d(Float32Array.from(test.flatMap((p) => [...p.x])), [test.length, 32, 32, 1])
    const truth = test.flatMap((p) => [...p.y])
    const bicubic = psnr(x.dataSync(), truth)
    const out = await sample(ema, x, { kind: 'ddim', steps: 20, samples: 8, seed: 1, maxBatch: 64 })
    const restored = psnr(out.mean.dataSync(), truth)
    tf.dispose([x, out.mean, out.std])
    ema.dispose()
    const last = logs.slice(-25).reduce((s, l) => s + l.terms.eps, 0) / 25
    console.info(
      `e2e [${backend.name}/${backend.kernels}]: ${STEPS} steps in ${trainSeconds.toFixed(0)} s ` +
        `(${((1000 * trainSeconds) / STEPS).toFixed(0)} ms/step), L_eps(last 25) ${last.toFixed(4)}, ` +
        `PSNR restored ${restored.toFixed(2)} dB vs bicubic ${bicubic.toFixed(2)} dB`
    )
    expect(restored).toBeGreaterThanOrEqual(bicubic + 1)
  }, 400_000)
})
