import { beforeAll, describe, expect, it } from 'vitest'
import { qSample } from '../diffusion/q-sample'
import { useTrainingBackend } from '../testing/training-backend'
import { tf } from '../tf'
import { faithfulStep, fastStep, gBarOf, logAlpha, predictX0 } from './steps'

const t4 = (v: number[]): tf.Tensor4D => tf.tensor4d(v, [1, 1, v.length, 1])
const r = [0.5, -1.2, 1.9]
const eps = [0.3, -0.7, 1.1]
const gT = [0.2, 0.5, 0.05]
const gS = [0.6, 0.9, 0.3]
const xi = [-0.4, 0.8, 0.1]

beforeAll(async () => {
  await useTrainingBackend()
})

describe('sampler steps (tiny shapes)', () => {
  it('predictX0 inverts qSample; clipping bounds x̂₀', () => {
    const [x0, clipped] = tf.tidy(() => {
      const g = t4(gT)
      const om = tf.sub(1, g) as tf.Tensor4D
      const z = qSample(t4(r), t4(eps), g, om)
      return [predictX0(z, t4(eps), g, om, null).dataSync(), predictX0(z, t4(eps), g, om, { lo: -1, hi: tf.fill([1, 1, 3, 1], 1) }).dataSync()]
    })
    r.forEach((v, i) => expect(x0[i]).toBeCloseTo(v, 4))
    expect(Array.from(clipped)).toEqual([expect.closeTo(0.5, 4), -1, 1])
  })

  it('DDIM (η = 0) with the true noise lands exactly on q(z_s | r)', () => {
    const z = tf.tidy(() => {
      const zt = qSample(t4(r), t4(eps), t4(gT), t4(gT.map((g) => 1 - g)))
      const out = fastStep({ z: zt, epsHat: t4(eps), gammaT: t4(gT), oneMinusGammaT: t4(gT.map((g) => 1 - g)), gammaS: t4(gS), oneMinusGammaS: t4(gS.map((g) => 1 - g)), eta: 0, noise: null, bounds: null })
      return out.z.dataSync()
    })
    r.forEach((v, i) => expect(z[i]).toBeCloseTo(Math.sqrt(gS[i]) * v + Math.sqrt(1 - gS[i]) * eps[i], 4))
  })

  it('ancestral (η = 1) uses the DDPM posterior variance with ᾱ ratio γ_t/γ_s', () => {
    const z = tf.tidy(() => {
      const zt = qSample(t4(r), t4(eps), t4(gT), t4(gT.map((g) => 1 - g)))
      return fastStep({ z: zt, epsHat: t4(eps), gammaT: t4(gT), oneMinusGammaT: t4(gT.map((g) => 1 - g)), gammaS: t4(gS), oneMinusGammaS: t4(gS.map((g) => 1 - g)), eta: 1, noise: t4(xi), bounds: null }).z.dataSync()
    })
    r.forEach((v, i) => {
      const s2 = ((1 - gS[i]) / (1 - gT[i])) * (1 - gT[i] / gS[i])
      expect(z[i]).toBeCloseTo(Math.sqrt(gS[i]) * v + Math.sqrt(1 - gS[i] - s2) * eps[i] + Math.sqrt(s2) * xi[i], 4)
    })
  })

  it('faithful β-mode re-noising follows CVDM.md §5.2', () => {
    const g = [0.3, 0.6, 0.01]
    const gNext = [0.35, 0.65, 0.012]
    const alpha = g.map((v, i) => v / gNext[i])
    const z = tf.tidy(() => faithfulStep({ x0: t4(r), epsHat: t4(eps), g: t4(g), gNext: t4(gNext), alpha: t4(alpha), noise: t4(xi) }).dataSync())
    r.forEach((v, i) => {
      const s2 = ((1 - gNext[i]) * (1 - alpha[i])) / (1 - g[i])
      expect(z[i]).toBeCloseTo(Math.sqrt(g[i]) * v + Math.sqrt(Math.max(0, 1 - g[i] - s2)) * eps[i] + Math.sqrt(s2) * xi[i], 4)
    })
  })

  it('log α and ḡ use the official clamps; nothing leaks', () => {
    const before = tf.memory().numTensors
    const [la, gb] = tf.tidy(() => [logAlpha(t4([0, 1, 1e4]), 2, 200).dataSync(), gBarOf(t4([0, -1, -40])).dataSync()])
    expect(la[0]).toBeCloseTo(Math.log(0.99999), 6)
    expect(la[1]).toBeCloseTo(Math.log(0.99), 5)
    expect(la[2]).toBeCloseTo(Math.log(1e-6), 3)
    expect(gb[0]).toBeCloseTo(0.99999, 6)
    expect(gb[1]).toBeCloseTo(Math.exp(-1), 5)
    expect(gb[2]).toBeCloseTo(1e-10, 12)
    expect(tf.memory().numTensors).toBe(before)
  })
})
