import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import type { AppInfo } from '../../../shared/app-info'
import AppInfoPanel from './AppInfoPanel.vue'

const INFO: AppInfo = {
  name: 'cvdm-studio',
  version: '1.2.3',
  host: 'browser',
  platform: 'linux',
  arch: 'x64',
  versions: { node: '20.0.0', tfjs: '4.22.0' },
  backend: {
    name: 'wasm',
    skipped: [{ backend: 'tensorflow', reason: 'not installed' }],
    requestedBy: 'auto',
    wasm: { simd: true, threads: 2 },
    initMs: 12
  },
  inference: { engine: 'onnxruntime', version: '1.30.0', threads: 2 },
  cpu: { model: 'Test CPU', cores: 2 },
  memory: { total: 8 * 2 ** 30, free: 4 * 2 ** 30 }
}

describe('AppInfoPanel', () => {
  it('shows the backend, why better ones were skipped, and the machine', () => {
    const wrapper = mount(AppInfoPanel, { props: { info: INFO } })
    expect(wrapper.get('[data-testid="backend-name"]').text()).toBe('wasm · SIMD on · 2 threads')
    expect(wrapper.get('[data-testid="backend-skipped"]').text()).toContain('tensorflow not used: not installed')
    expect(wrapper.text()).toContain('4.0 GiB free of 8.0 GiB')
    expect(wrapper.text()).toContain('Test CPU (2 cores)')
    expect(wrapper.get('[data-testid="inference-engine"]').text()).toBe('restores run their networks on onnxruntime 1.30.0 · 2 threads')
  })

  it('names the tfjs backend and the reason when inference stays there', () => {
    const info: AppInfo = { ...INFO, inference: { engine: 'tfjs', reason: 'onnx unavailable: not installed' } }
    const wrapper = mount(AppInfoPanel, { props: { info } })
    expect(wrapper.get('[data-testid="inference-engine"]').text()).toBe('restores run their networks on wasm (onnx unavailable: not installed)')
  })
})
