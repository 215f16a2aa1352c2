import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildModel, type CvdmModel } from '../model/cvdm-model'
import { Rng } from '../ops/rng'
import { useTrainingBackend } from '../testing/training-backend'
import { tf } from '../tf'
import { fixedProfileScalar } from './fixed'
import { disposeRecord, gammaOf, gammaTerms } from './gamma'

let model: CvdmModel

beforeAll(async () => {
  await useTrainingBackend()
  model = buildModel({ preset: 'cvdm-xs', denoiser: { widths: [8], downBlocks: 1, upBlocks: 2, groups: 4, embedKernel: 3, attention: 'none' }, scheduleNet: { widths: [4, 8], wideStem: false }, timeHidden: 16 })
  // Make the sigmoid units matter so the derivatives are non-trivial.
  const rng = new Rng(5)
  for (const name of ['Gamma/w3', 'tau/w3']) {
    const v = model.params.variables()[model.params.names().indexOf(name)]
    v.assign(tf.tensor(rng.fillUniform(new Float32Array(16), -1, 0.5), [16]))
  }
})
afterAll(() => model.dispose())

const scalarProfile = (t: number): { G: number; G1: number; G2: number } => {
  const p = model.profile(new Float32Array([t]))
  const out = { G: p.Gamma.dataSync()[0], G1: p.dGamma.dataSync()[0], G2: p.d2Gamma.dataSync()[0] }
  disposeRecord(p)
  return out
}

describe('learned time profile and γ', () => {
  it('closed-form Γ′, Γ″ match central finite differences', () => {
    const h = 1e-2
    for (const t of [0.15, 0.4, 0.7, 0.9]) {
      const p = scalarProfile(t)
      const lo = scalarProfile(t - h)
      const hi = scalarProfile(t + h)
      expect((hi.G - lo.G) / (2 * h)).toBeCloseTo(p.G1, 1)
      expect(Math.abs((hi.G - lo.G) / (2 * h) - p.G1)).toBeLessThan(2e-2 * Math.max(1, Math.abs(p.G1)))
      expect(Math.abs((hi.G1 - lo.G1) / (2 * h) - p.G2)).toBeLessThan(2e-2 * Math.max(1, Math.abs(p.G2)))
    }
  })

  it('closed-form dγ/dt and d²γ/dt² match central finite differences per pixel', () => {
    const h = 1e-2
    const lambdaData = new Rng(9).fillUniform(new Float32Array(8), 0.3, 1.5)
    const lambda = tf.tensor4d(lambdaData, [1, 2, 2, 2])
    const gammaAt = (t: number): Float32Array =>
      tf.tidy(() => {
        const p = model.profile(new Float32Array([t]))
        return gammaOf(lambda, p.Gamma).gamma.dataSync() as Float32Array
      })
    for (const t of [0.2, 0.45, 0.7]) {
      const [d1, d2] = tf.tidy(() => {
        const terms = gammaTerms(lambda, model.profile(new Float32Array([t])))
        return [terms.dGammaDt.dataSync(), terms.d2GammaDt2.dataSync()]
      })
      const g0 = gammaAt(t)
      const gm = gammaAt(t - h)
      const gp = gammaAt(t + h)
      for (let i = 0; i < 8; i++) {
        const fd1 = (gp[i] - gm[i]) / (2 * h)
        const fd2 = (gp[i] - 2 * g0[i] + gm[i]) / (h * h)
        expect(Math.abs(fd1 - d1[i])).toBeLessThan(5e-3 + 1e-2 * Math.abs(d1[i]))
        expect(Math.abs(fd2 - d2[i])).toBeLessThan(5e-2 + 3e-2 * Math.abs(d2[i]))
      }
    }
    lambda.dispose()
  })

  it('at init Γ is increasing, γ(0) = 1 and γ(1) ≈ 0', () => {
    const fresh = buildModel({ preset: 'cvdm-xs' }, { seed: 3 })
    const grid = Float32Array.from({ length: 51 }, (_, i) => i / 50)
    const G = tf.tidy(() => fresh.profile(grid).Gamma.dataSync())
    for (let i = 1; i < G.length; i++) expect(G[i]).toBeGreaterThan(G[i - 1])
    const x = tf.zeros([1, 8, 8, 1]) as tf.Tensor4D
    const [g0, g1] = tf.tidy(() => {
      const lambda = fresh.rate(x)
      const p = fresh.profile(new Float32Array([0, 1]))
      const [G0, G1] = tf.split(p.Gamma, 2) as [tf.Tensor4D, tf.Tensor4D]
      return [gammaOf(lambda, G0).gamma.dataSync(), gammaOf(lambda, G1).gamma.dataSync()]
    })
    for (const v of g0) expect(v).toBeGreaterThan(0.9999)
    for (const v of g1) expect(v).toBeLessThan(1e-3)
    x.dispose()
    fresh.dispose()
  })

  it('masks the derivatives where the official clamp is active and does not leak', () => {
    const before = tf.memory().numTensors
    const lambda = tf.tensor4d([1e-7, 1, 50, 1], [1, 2, 2, 1])
    const p = model.profile(new Float32Array([0.5]))
    const terms = gammaTerms(lambda, p)
    expect(Array.from(terms.mask.dataSync())).toEqual([0, 1, 0, 1])
    expect(terms.gamma.dataSync()[0]).toBeCloseTo(0.99999, 6)
    expect(terms.gamma.dataSync()[2]).toBeCloseTo(1e-6, 8)
    disposeRecord(terms)
    disposeRecord(p)
    lambda.dispose()
    expect(tf.memory().numTensors).toBe(before)
  })
})

describe('fixed schedules', () => {
  it.each(['cosine', 'linear-beta'] as const)('%s: Γ(0) = 0, Γ increasing, closed-form derivatives match FD', (kind) => {
    expect(fixedProfileScalar(kind, 0).Gamma).toBeCloseTo(0, 12)
    const h = 1e-5
    let prev = -1
    for (let t = 0.05; t < 0.96; t += 0.1) {
      const p = fixedProfileScalar(kind, t)
      expect(p.Gamma).toBeGreaterThan(prev)
      prev = p.Gamma
      const fd1 = (fixedProfileScalar(kind, t + h).Gamma - fixedProfileScalar(kind, t - h).Gamma) / (2 * h)
      const fd2 = (fixedProfileScalar(kind, t + h).dGamma - fixedProfileScalar(kind, t - h).dGamma) / (2 * h)
      expect(Math.abs(fd1 - p.dGamma)).toBeLessThan(1e-5 * Math.max(1, p.dGamma))
      expect(Math.abs(fd2 - p.d2Gamma)).toBeLessThan(1e-4 * Math.max(1, p.d2Gamma))
    }
    expect(Math.exp(-fixedProfileScalar(kind, 1).Gamma)).toBeLessThan(1e-3)
  })
})
