import { describe, expect, it } from 'vitest'
import { withInferenceLine } from './info'

const TABLE = ['tfjs      4.22.0', 'backend   wasm (SIMD on, 2 threads), chosen automatically', '  skipped tensorflow  not installed', 'cpu       AMD'].join('\n')

describe('cvdm info: the backend line names where inference runs', () => {
  it('onnxruntime: "wasm (training) + onnxruntime 1.30 (inference, 2 threads)", keeping the wasm details and the other rows', () => {
    const out = withInferenceLine(TABLE, { engine: 'onnxruntime', version: '1.30.0', threads: 2 }).split('\n')
    expect(out[1]).toBe('backend   wasm (training) + onnxruntime 1.30 (inference, 2 threads); wasm: SIMD on, 2 threads, chosen automatically')
    expect([out[0], ...out.slice(2)]).toEqual([TABLE.split('\n')[0], ...TABLE.split('\n').slice(2)])
  })

  it('tfjs: the backend line stays and an inference row gives the reason', () => {
    const out = withInferenceLine(TABLE, { engine: 'tfjs', reason: 'onnx unavailable: onnxruntime-node is not installed' }).split('\n')
    expect(out[1]).toBe(TABLE.split('\n')[1])
    expect(out[2]).toMatch(/^ {2}inference\s+wasm \(onnx unavailable: onnxruntime-node is not installed\)$/)
    expect(out).toHaveLength(5)
  })
})
