import { describe, expect, it } from 'vitest'
import { buildModel } from '../model/cvdm-model'
import { TINY_TEST_CONFIG } from '../testing/tiny-config'
import { tf } from '../tf'
import { inferenceNetsOf, TfjsNets, withInference } from './inference-nets'
import { loadOrt, type OrtLoad } from './ort-loader'
import { createInferenceNets, engineLabel, inferenceRequest, inferenceStatus } from './select'

const absent = (): OrtLoad => ({ ok: false, reason: 'onnx unavailable: onnxruntime-node is not installed' })

describe('inference policy (CVDM_INFERENCE)', () => {
  it('parses auto / onnx / tfjs and rejects anything else with bad-request', () => {
    expect(inferenceRequest({})).toBe('auto')
    expect(inferenceRequest({ CVDM_INFERENCE: 'ONNX' })).toBe('onnx')
    expect(inferenceRequest({ CVDM_INFERENCE: 'tfjs' })).toBe('tfjs')
    expect(() => inferenceRequest({ CVDM_INFERENCE: 'gpu' })).toThrow(expect.objectContaining({ code: 'bad-request' }))
  })

  it('falls back to tfjs when onnxruntime is absent, unless onnx was demanded (backend-unavailable)', () => {
    expect(inferenceStatus(2, {}, absent)).toEqual({ engine: 'tfjs', reason: 'onnx unavailable: onnxruntime-node is not installed' })
    expect(() => inferenceStatus(2, { CVDM_INFERENCE: 'onnx' }, absent)).toThrow(expect.objectContaining({ code: 'backend-unavailable', message: expect.stringMatching(/onnx unavailable/) }))
    expect(inferenceStatus(2, { CVDM_INFERENCE: 'tfjs' }).engine).toBe('tfjs')
  })

  it('a package that is not there loads as "onnx unavailable: <reason>" instead of throwing', () => {
    const load = loadOrt('onnxruntime-node-that-does-not-exist')
    expect(load.ok).toBe(false)
    expect(!load.ok && load.reason).toMatch(/^onnx unavailable: .*not installed/)
  })

  it('labels the engines as "<tfjs backend> (training) + onnxruntime X.Y (inference, N threads)"', () => {
    expect(engineLabel('wasm', { engine: 'onnxruntime', version: '1.30.0', threads: 2 })).toBe('wasm (training) + onnxruntime 1.30 (inference, 2 threads)')
    expect(engineLabel('wasm', { engine: 'onnxruntime', version: '1.30.0', threads: 1 })).toMatch(/inference, 1 thread\)$/)
    expect(engineLabel('wasm', { engine: 'tfjs', reason: 'CVDM_INFERENCE=tfjs' })).toBe('wasm')
  })

  it('createInferenceNets gives tfjs nets under CVDM_INFERENCE=tfjs; a model carries attached nets until disposed', async () => {
    const model = buildModel(TINY_TEST_CONFIG)
    const nets = await createInferenceNets(model, 1, { CVDM_INFERENCE: 'tfjs' })
    expect(nets).toBeInstanceOf(TfjsNets)
    expect(inferenceNetsOf(model)).toBeInstanceOf(TfjsNets)
    const attached = withInference(model, nets)
    expect(inferenceNetsOf(attached)).toBe(nets)
    const x = tf.zeros([1, 16, 16, 1]) as tf.Tensor4D
    const [viaNets, viaModel] = [await nets.rate(x), model.rate(x)]
    expect(await viaNets.data()).toEqual(await viaModel.data())
    tf.dispose([x, viaNets, viaModel])
    attached.dispose()
    expect(model.params.count()).toBe(0)
  })
})
