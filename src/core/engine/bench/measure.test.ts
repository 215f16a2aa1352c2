import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createModel, type CvdmModel } from '../model/cvdm-model'
import { OnnxNets } from '../onnx/onnx-nets'
import { loadOrt } from '../onnx/ort-loader'
import { useTrainingBackend } from '../testing/training-backend'
import { tf } from '../tf'
import { countFlops, measureCase, prepareCase, type BenchCase } from './measure'

const ort = loadOrt()
if (!ort.ok) console.warn(`Skipping the onnx bench rows: ${ort.reason}`)

describe('bench measurements', () => {
  it('counts 2·MACs of a Conv2D from its shapes: out pixels × out channels × k² × in channels', () => {
    const conv = { name: 'Conv2D', inputShapes: [[1, 8, 8, 3], [3, 3, 3, 4]], outputShapes: [[1, 8, 8, 4]] }
    const add = { name: 'Add', inputShapes: [[1, 8, 8, 4]], outputShapes: [[1, 8, 8, 4]] }
    expect(countFlops([conv, add])).toBe(2 * (8 * 8 * 4) * (3 * 3 * 3))
  })

  describe.skipIf(!ort.ok)('onnx rows', () => {
    let model: CvdmModel
    let nets: OnnxNets
    beforeAll(async () => {
      await useTrainingBackend()
      model = createModel('cvdm-xs', { seed: 4 })
      nets = await OnnxNets.create(model, { threads: 1 })
    })
    afterAll(async () => {
      await nets?.dispose()
      model?.dispose()
    })

    it('the sample step with the networks on onnxruntime gives the tfjs step’s z within 1e-4', async () => {
      const c: BenchCase = { preset: 'cvdm-xs', op: 'sample-step', size: 32, batch: 2 }
      const [a, b] = [prepareCase(model, c), prepareCase(model, c, nets)]
      const [za, zb] = [await a.run(), await b.run()]
      const diff = tf.tidy(() => tf.max(tf.abs(tf.sub(za, zb))))
      expect((await diff.data())[0]).toBeLessThanOrEqual(1e-4)
      tf.dispose([za, zb, diff])
      a.dispose()
      b.dispose()
    })

    it('times forward and sample-step on onnxruntime with the tfjs FLOP count, leaking nothing; no train-step', async () => {
      for (const op of ['forward', 'sample-step'] as const) {
        const c: BenchCase = { preset: 'cvdm-xs', op, size: 32, batch: 1 }
        const row = await measureCase(model, c, 2, 'onnx×1', nets)
        const tfjs = await measureCase(model, c, 1, 'tfjs')
        expect(row).toMatchObject({ backend: 'onnx×1', op, leaked_tensors: 0 })
        expect(row.ms_median).toBeGreaterThan(0)
        expect(row.gflop).toBeGreaterThan(0)
        expect(row.gflop).toBe(tfjs.gflop)
      }
      expect(() => prepareCase(model, { preset: 'cvdm-xs', op: 'train-step', size: 32, batch: 1 }, nets)).toThrow(expect.objectContaining({ code: 'bad-request' }))
    })
  })
})
