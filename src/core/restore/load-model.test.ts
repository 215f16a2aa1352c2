import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildModel, initBackend, loadModel, loadOrt, tf, type CvdmModel, type SamplerConfig } from '../engine'
import { TINY_TEST_CONFIG } from '../engine/testing/tiny-config'
import { withInferenceNets } from './load-model'
import { restorePlane } from './restore-plane'

const ROOT = path.join(__dirname, '..', '..', '..')
const ort = loadOrt()
if (!ort.ok) console.warn(`Skipping the onnxruntime restore comparison: ${ort.reason}`)

/** A smooth synthetic condition in [−1, 1] with filament-like ridges. */
function condition(side: number): Float32Array {
  return Float32Array.from({ length: side * side }, (_, i) => {
    const [x, y] = [i % side, Math.floor(i / side)]
    return Math.tanh(3 * Math.sin(x / 5 + y / 11) * Math.cos(y / 7)) * 0.8
  })
}

const maxAbs = (a: Float32Array, b: Float32Array): number => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0)

describe.skipIf(!ort.ok)('tiled restore: onnxruntime networks vs tfjs', () => {
  let tfjs: CvdmModel
  let onnx: CvdmModel
  beforeAll(async () => {
    await initBackend()
    const dir = path.join(ROOT, 'resources', 'models', 'default-sr2x')
    tfjs = (await loadModel(dir)).model
    onnx = await withInferenceNets((await loadModel(dir)).model, { CVDM_INFERENCE: 'onnx', CVDM_WASM_THREADS: '1' })
  })
  afterAll(() => {
    tfjs?.dispose()
    onnx?.dispose()
  })

  const cases: [string, Partial<SamplerConfig>][] = [
    ['ancestral', { kind: 'ancestral', steps: 4, samples: 2, seed: 5 }],
    // Unclipped, a few-step β-mode chain reaches |x̂₀| ~ 1e5 (x̂₀ divides by √ḡ ≈ 1e-5), where float32 rounding alone
    // differs by more than 1e-3; with the x̂₀ clip the chain stays in range.
    ['faithful-beta', { kind: 'faithful-beta', steps: 16, samples: 1, seed: 5, clipX0: 'residual-range' }]
  ]
  it.each(cases)('%s, 3×3 tiles of 48² on a 112² canvas: mean and std agree within 1e-3, seeded-deterministic, no leaked tensors', async (_, sampler) => {
    const side = 112
    const cond = condition(side)
    const options = { sampler, tile: 48, overlap: 16 }
    const a = await restorePlane(tfjs, cond, side, side, options)
    const before = tf.memory().numTensors
    const b = await restorePlane(onnx, cond, side, side, options)
    expect(tf.memory().numTensors).toBe(before)
    const again = await restorePlane(onnx, cond, side, side, options)
    if (process.env.CVDM_PRINT_PARITY) console.log(`${sampler.kind}: mean ${maxAbs(a.mean, b.mean).toExponential(2)}, std ${a.std && b.std ? maxAbs(a.std, b.std).toExponential(2) : '–'}`)
    expect(Math.max(...a.mean.map(Math.abs))).toBeGreaterThan(0.1)
    expect(maxAbs(a.mean, b.mean)).toBeLessThanOrEqual(1e-3)
    if (a.std && b.std) expect(maxAbs(a.std, b.std)).toBeLessThanOrEqual(1e-3)
    expect(Boolean(a.std)).toBe(Boolean(b.std))
    expect(again.mean).toEqual(b.mean)
  })

  it('regression model (one pass, D(0, x, 1)): the tiled result agrees within 1e-3', async () => {
    const config = { ...TINY_TEST_CONFIG, method: 'regression' as const, targetScale: 0.5 }
    const plain = buildModel(config, { seed: 9 })
    const viaOrt = await withInferenceNets(buildModel(config, { seed: 9 }), { CVDM_INFERENCE: 'onnx', CVDM_WASM_THREADS: '1' })
    const cond = condition(64)
    const options = { sampler: { samples: 2, seed: 1 }, tile: 32, overlap: 8 }
    const [a, b] = [await restorePlane(plain, cond, 64, 64, options), await restorePlane(viaOrt, cond, 64, 64, options)]
    expect(maxAbs(a.mean, cond)).toBeGreaterThan(1e-3) // the network did something
    expect(maxAbs(a.mean, b.mean)).toBeLessThanOrEqual(1e-3)
    plain.dispose()
    viaOrt.dispose()
  })
})
