/**
 * The faithful β-mode sampler (CVDM.md §5.2) in tiled restores goes through per-step tile fusion like the fast one:
 * one tile reproduces an untiled reference loop written here from §5.2; small fused tiles agree with one big tile,
 * and tiles sampled on their own and blended afterwards do not. Random-weight cvdm-xs, N reduced to 6.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createModel, faithfulStep, gBarOf, initBackend, logAlpha, predictX0, tf, type CvdmModel } from '../engine'
import { fillFieldNoise } from './field-noise'
import { restorePlane, type FusionMode } from './restore-plane'

const W = 64
const N = 6
// x̂₀ clipped to [−2, 2]: random weights drive ḡ → 0 and unclipped x̂₀ = z/√ḡ far out of range.
const SAMPLER = { kind: 'faithful-beta' as const, steps: N, samples: 1, seed: 5, clipX0: 'residual-range' as const }
let model: CvdmModel
let cond: Float32Array

function psnr(a: Float32Array, ref: Float32Array): number {
  let mse = 0
  for (let i = 0; i < a.length; i++) mse += (a[i] - ref[i]) ** 2
  return 10 * Math.log10(4 / (mse / a.length))
}

/** §5.2 on the whole image as one tensor (no tiles, no fusion), with the restore's position-keyed noise. */
function referenceFaithful(): Float32Array {
  return tf.tidy(() => {
    const shape: [number, number, number, number] = [1, W, W, 1]
    const rect = { x: 0, y: 0, width: W, height: W }
    const noiseAt = (stream: number) => tf.tensor4d(fillFieldNoise(SAMPLER.seed, stream, rect, W, new Float32Array(W * W)), shape)
    const x = tf.tensor4d(cond, shape)
    const lambda = model.rate(x)
    const p = model.profile(Float32Array.from({ length: N }, (_, k) => k / N))
    const tau = p.tau.dataSync() as Float32Array
    let logG = tau.reduce<tf.Tensor4D>((acc, tk) => tf.add(acc, logAlpha(lambda, tk, N)), tf.zerosLike(lambda))
    let z = noiseAt(0)
    let x0: tf.Tensor4D | null = null
    let eps: tf.Tensor4D | null = null
    for (let i = N; i >= 2; i--) {
      const la = logAlpha(lambda, tau[i - 1], N)
      const g = gBarOf(logG)
      if (x0 && eps) z = faithfulStep({ x0, epsHat: eps, g, gNext: gBarOf(tf.sub(logG, la) as tf.Tensor4D), alpha: tf.exp(la) as tf.Tensor4D, noise: noiseAt((1 + i) * 65536) })
      eps = model.denoise(z, x, g)
      x0 = predictX0(z, eps, g, tf.sub(1, g) as tf.Tensor4D, { lo: -2, hi: 2 })
      logG = tf.sub(logG, la) as tf.Tensor4D
    }
    const y = model.config.target === 'residual' ? tf.add(x, x0 as tf.Tensor4D) : (x0 as tf.Tensor4D)
    return y.dataSync() as Float32Array
  })
}

beforeAll(async () => {
  await initBackend()
  model = createModel('cvdm-xs', { seed: 11 })
  cond = Float32Array.from({ length: W * W }, (_, i) => Math.sin((i % W) / 5) * Math.cos(Math.floor(i / W) / 7) * 0.8)
})
afterAll(() => model.dispose())

describe('faithful β-mode sampler in tiled restores', () => {
  it('one tile reproduces the untiled §5.2 loop', async () => {
    const whole = await restorePlane(model, cond, W, W, { sampler: SAMPLER, tile: W, overlap: 16 })
    const ref = referenceFaithful()
    let worst = 0
    for (let i = 0; i < ref.length; i++) worst = Math.max(worst, Math.abs(whole.mean[i] - ref[i]))
    const spread = Math.max(...ref) - Math.min(...ref)
    expect(ref.every(Number.isFinite)).toBe(true)
    expect(spread).toBeGreaterThan(0.1)
    expect(worst).toBeLessThan(1e-4 * spread + 1e-5)
  })

  it('is fused per step: small tiles agree with one big tile, post-blended tiles do not', async () => {
    const run = (tile: number, fusion: FusionMode) => restorePlane(model, cond, W, W, { sampler: SAMPLER, tile, overlap: 16, fusion })
    const whole = await run(W, 'per-step')
    const fused = await run(32, 'per-step')
    const blended = await run(32, 'post-blend')
    const result = { fused: psnr(fused.mean, whole.mean), blended: psnr(blended.mean, whole.mean) }
    console.log('faithful tiled vs untiled PSNR', JSON.stringify(result))
    expect(result.fused - result.blended).toBeGreaterThan(3)
  })

  it('counts progress in network evaluations and cancels', async () => {
    const seen: [number, number][] = []
    await restorePlane(model, cond, W, W, { sampler: SAMPLER, tile: 32, overlap: 16 }, { onProgress: (d, t) => seen.push([d, t]) })
    // 3×3 tiles: λ once + (N − 1) denoiser steps.
    expect(seen.at(-1)).toEqual([9 * N, 9 * N])
    const controller = new AbortController()
    const run = restorePlane(model, cond, W, W, { sampler: SAMPLER, tile: 32, overlap: 16 }, { signal: controller.signal, onProgress: (d) => d > 10 && controller.abort() })
    await expect(run).rejects.toMatchObject({ code: 'cancelled' })
  })
})
