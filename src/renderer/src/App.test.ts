import { createTestingPinia } from '@pinia/testing'
import { mount } from '@vue/test-utils'
import { describe, expect, it, vi } from 'vitest'
import type { AppInfo } from '../../shared/app-info'

vi.mock('./api', () => ({ api: {} }))
// The panel views (their own tests cover them; FineTuneView's chart library needs a real window at import).
vi.mock('./views/BatchView.vue', () => ({ default: { name: 'BatchView', template: '<p data-testid="batch-view" />' } }))
vi.mock('./views/FineTuneView.vue', () => ({ default: { name: 'FineTuneView', template: '<p data-testid="ft-view" />' } }))
vi.mock('./views/ModelsView.vue', () => ({ default: { name: 'ModelsView', template: '<p data-testid="models-view" />' } }))
const { default: App } = await import('./App.vue')
const { useAppInfoStore } = await import('./stores/app-info')

const INFO = {
  name: 'cvdm-studio',
  version: '0.1.0',
  host: 'browser',
  platform: 'linux',
  arch: 'x64',
  versions: { node: '20', tfjs: '4.22.0' },
  backend: { name: 'cpu', skipped: [], requestedBy: 'env', initMs: 1 },
  inference: { engine: 'tfjs', reason: 'CVDM_INFERENCE=tfjs' },
  cpu: { model: 'CPU', cores: 2 },
  memory: { total: 1, free: 1 }
} satisfies AppInfo

describe('App', () => {
  it('initializes the info store on mount and shows the backend badge', () => {
    const wrapper = mount(App, {
      global: { plugins: [createTestingPinia({ createSpy: vi.fn, initialState: { 'app-info': { info: INFO } } })] }
    })
    expect(useAppInfoStore().init).toHaveBeenCalledOnce()
    expect(wrapper.get('[data-testid="backend-badge"]').text()).toBe('cpu')
    expect(wrapper.find('[data-testid="info-error"]').exists()).toBe(false)
  })

  it('shows a coded error instead of the panel when the host refused', () => {
    const wrapper = mount(App, {
      global: {
        plugins: [createTestingPinia({ createSpy: vi.fn, initialState: { 'app-info': { error: { code: 'unauthorized', message: 'no token' } } } })]
      }
    })
    expect(wrapper.get('[data-testid="info-error"]').text()).toContain('unauthorized')
    expect(wrapper.find('[data-testid="backend-name"]').exists()).toBe(false)
  })

  it('keeps the system panel reachable from the About / System view', async () => {
    const wrapper = mount(App, {
      global: { plugins: [createTestingPinia({ createSpy: vi.fn, initialState: { 'app-info': { info: INFO } } })] }
    })
    await wrapper.get('[data-testid="tab-about"]').trigger('click')
    expect(wrapper.get('.about [data-testid="backend-name"]').text()).toContain('cpu')
    expect(wrapper.get('[data-testid="tab-about"]').attributes('aria-pressed')).toBe('true')
  })

  it('navigates Viewer | Batch | Fine-tune | Models and applies the chosen theme', async () => {
    const wrapper = mount(App, {
      global: {
        plugins: [createTestingPinia({ createSpy: vi.fn, stubActions: false, initialState: { 'app-info': { info: INFO } } })],
        stubs: { WorkspaceView: true }
      }
    })
    expect(wrapper.findAll('nav.tabs button').map((b) => b.text())).toEqual(['Viewer', 'Batch', 'Fine-tune', 'Models', 'About / System'])
    await wrapper.get('[data-testid="tab-batch"]').trigger('click')
    expect(wrapper.find('[data-testid="batch-view"]').exists()).toBe(true)
    await wrapper.get('[data-testid="tab-models"]').trigger('click')
    expect(wrapper.find('[data-testid="batch-view"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="models-view"]').exists()).toBe(true)
    await wrapper.get('[data-testid="theme-toggle"]').trigger('click')
    expect(document.documentElement.dataset.theme).toBe('light')
    await wrapper.get('[data-testid="theme-toggle"]').trigger('click')
    expect(document.documentElement.dataset.theme).toBe('dark')
    await wrapper.get('[data-testid="theme-toggle"]').trigger('click')
    expect(document.documentElement.dataset.theme).toBeUndefined()
  })
})
