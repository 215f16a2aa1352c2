import { describe, expect, it } from 'vitest'
import type { AppInfo } from '../../shared/app-info'
import { formatAppInfo, inferenceLabel } from '../format'

const INFO: AppInfo = {
  name: 'cvdm-studio',
  version: '1.0.0',
  host: 'cli',
  platform: 'linux',
  arch: 'x64',
  versions: { node: '20.0.0', tfjs: '4.22.0' },
  backend: { name: 'wasm', skipped: [{ backend: 'tensorflow', reason: 'not installed' }], requestedBy: 'auto', wasm: { simd: true, threads: 2 }, initMs: 5 },
  inference: { engine: 'onnxruntime', version: '1.30.0', threads: 2 },
  cpu: { model: 'AMD', cores: 2 },
  memory: { total: 2 ** 31, free: 2 ** 30 }
}

describe('cvdm info: where restores run their networks', () => {
  it('onnxruntime: version and threads, and that training stays on the tfjs backend', () => {
    expect(inferenceLabel(INFO)).toBe('onnxruntime 1.30.0, 2 threads (training stays on wasm)')
    const lines = formatAppInfo(INFO).split('\n')
    const backend = lines.findIndex((l) => l.startsWith('backend'))
    expect(lines[backend]).toMatch(/^backend\s+wasm \(SIMD on, 2 threads\), chosen automatically$/)
    expect(lines[backend + 1]).toMatch(/^ {2}skipped tensorflow\s+not installed$/)
    expect(lines[backend + 2]).toMatch(/^inference\s+onnxruntime 1\.30\.0, 2 threads \(training stays on wasm\)$/)
  })

  it('tfjs: the backend name and why onnxruntime is not used', () => {
    const info: AppInfo = { ...INFO, inference: { engine: 'tfjs', reason: 'onnx unavailable: onnxruntime-node is not installed' } }
    expect(inferenceLabel(info)).toBe('wasm (onnx unavailable: onnxruntime-node is not installed)')
    expect(inferenceLabel({ ...INFO, inference: { engine: 'onnxruntime', version: '1.30.0', threads: 1 } })).toBe('onnxruntime 1.30.0, 1 thread (training stays on wasm)')
  })
})
