import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildModel, type CvdmModel, createModel } from '../model/cvdm-model'
import { Rng } from '../ops/rng'
import { U_MAX, U_MIN } from '../schedule/gamma'
import { useTrainingBackend } from '../testing/training-backend'
import { tf } from '../tf'
import { cvdmLossTerms, DEFAULT_LOSS_WEIGHTS, type LossBatch, weightedTotal } from './loss'
import { qSample } from './q-sample'

let model: CvdmModel
const opts = { endpointSteps: 200, alpha: 1e-3 }

function makeBatch(b: number, side: number, seed: number): LossBatch {
  const rng = new Rng(seed)
  const n = b * side * side
  const shape: [number, number, number, number] = [b, side, side, 1]
  return {
    x: tf.tensor4d(rng.fillUniform(new Float32Array(n), -1, 1), shape),
    y: tf.tensor4d(rng.fillUniform(new Float32Array(n), -1, 1), shape),
    t: Float32Array.from({ length: b }, (_, i) => (i + 0.5) / b),
    eps: tf.tensor4d(rng.fillNormal(new Float32Array(n)), shape)
  }
}
const disposeBatch = (b: LossBatch): void => tf.dispose([b.x, b.y, b.eps])

beforeAll(async () => {
  await useTrainingBackend()
  model = createModel('cvdm-xs', { seed: 2 })
})
afterAll(() => model.dispose())

describe('qSample', () => {
  it('is √γ·r + √(1−γ)·ε', () => {
    const [z] = tf.tidy(() => [
      qSample(tf.tensor4d([1, -2], [1, 1, 2, 1]), tf.tensor4d([0.5, 3], [1, 1, 2, 1]), tf.tensor4d([0.64, 0.36], [1, 1, 2, 1]), tf.tensor4d([0.36, 0.64], [1, 1, 2, 1])).dataSync()
    ])
    expect(z[0]).toBeCloseTo(0.8 * 1 + 0.6 * 0.5, 5)
    expect(z[1]).toBeCloseTo(0.6 * -2 + 0.8 * 3, 5)
  })
})

describe('cvdmLossTerms', () => {
  it('returns four finite per-sample terms and does not leak', () => {
    const batch = makeBatch(3, 16, 1)
    const before = tf.memory().numTensors
    const terms = cvdmLossTerms(model, batch, opts)
    const total = weightedTotal(terms, DEFAULT_LOSS_WEIGHTS)
    for (const k of ['eps', 'beta', 'kl', 'gamma'] as const) {
      expect(terms[k].shape).toEqual([3])
      for (const v of terms[k].dataSync()) expect(Number.isFinite(v) && v >= 0).toBe(true)
    }
    const manual = ['eps', 'beta', 'kl', 'gamma'].reduce((s, k) => {
      const v = terms[k as 'eps'].dataSync()
      return s + DEFAULT_LOSS_WEIGHTS[k as 'eps'] * (v[0] + v[1] + v[2]) / 3
    }, 0)
    expect(total.dataSync()[0]).toBeCloseTo(manual, 4)
    tf.dispose([...Object.values(terms), total])
    expect(tf.memory().numTensors).toBe(before)
    disposeBatch(batch)
  })

  it('L_β, L_KL and L_γ equal the CVDM.md §4.2 formulas recomputed in float64', () => {
    const batch = makeBatch(2, 8, 3)
    const [lambda, G, G1, G2, tau, Gend] = tf.tidy(() => {
      const p = model.profile(batch.t)
      const e = model.profile(new Float32Array([1 / 200, 1 / 200, 1 - 1 / 200, 1 - 1 / 200]))
      return [model.rate(batch.x), p.Gamma, p.dGamma, p.d2Gamma, p.tau, e.Gamma].map((v) => Array.from(v.dataSync()))
    })
    const r = tf.tidy(() => Array.from(tf.sub(batch.y, batch.x).dataSync()))
    const terms = tf.tidy(() => {
      const t = cvdmLossTerms(model, batch, opts)
      return { beta: Array.from(t.beta.dataSync()), kl: Array.from(t.kl.dataSync()), gamma: Array.from(t.gamma.dataSync()) }
    })
    const clampU = (u: number): number => Math.min(U_MAX, Math.max(U_MIN, u))
    for (let b = 0; b < 2; b++) {
      let beta = 0
      let kl = 0
      let lg = 0
      for (let i = 0; i < 64; i++) {
        const L = lambda[b * 64 + i]
        const u = L * G[b]
        const m = u > U_MIN && u < U_MAX ? 1 : 0
        const g = Math.exp(-clampU(u))
        const g0 = Math.exp(-clampU(L * Gend[0]))
        const g1 = Math.exp(-clampU(L * Gend[2]))
        beta += (m * L * g * (tau[b] - G1[b])) ** 2 + (g0 - 1) ** 2 + g1 ** 2
        const v1 = 1 - g1 + 1e-7
        kl += 0.5 * (-1 + Math.log(v1) + 1 / v1 + (g1 * r[b * 64 + i] ** 2) / v1)
        lg += 1e-3 * (m * g * (L * L * G1[b] ** 2 - L * G2[b])) ** 2
      }
      expect(terms.beta[b]).toBeCloseTo(beta / 64, 4)
      expect(terms.kl[b]).toBeCloseTo(kl / 64, 5)
      expect(terms.gamma[b]).toBeCloseTo(lg / 64, 5)
    }
    disposeBatch(batch)
  })

  it('sends gradients to the denoiser, the schedule net and both time nets', () => {
    const batch = makeBatch(2, 16, 4)
    const vars = model.params.variables()
    const { value, grads } = tf.variableGrads(() => weightedTotal(cvdmLossTerms(model, batch, opts), DEFAULT_LOSS_WEIGHTS), vars)
    const norm = (prefix: string): number =>
      model.params.names().reduce((s, n, i) => (n.startsWith(prefix) ? s + tf.tidy(() => tf.sum(tf.abs(grads[vars[i].name])).dataSync()[0]) : s), 0)
    for (const prefix of ['den/', 'sched/', 'Gamma/', 'tau/']) expect(norm(prefix)).toBeGreaterThan(0)
    tf.dispose([value, ...Object.values(grads)])
    disposeBatch(batch)
  })

  it('fixed schedules train the ε-loss only', () => {
    const fixed = buildModel({ ...model.config, schedule: 'linear-beta' })
    const batch = makeBatch(2, 16, 5)
    const t = tf.tidy(() => {
      const terms = cvdmLossTerms(fixed, batch, opts)
      return [terms.eps, terms.beta, terms.kl, terms.gamma].map((v) => Array.from(v.dataSync()))
    })
    expect(t[0][0]).toBeGreaterThan(0)
    expect([...t[1], ...t[2], ...t[3]]).toEqual([0, 0, 0, 0, 0, 0])
    fixed.dispose()
    disposeBatch(batch)
  })
})
