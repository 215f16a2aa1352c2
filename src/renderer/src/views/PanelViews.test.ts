import { createTestingPinia } from '@pinia/testing'
import { flushPromises, mount } from '@vue/test-utils'
import { describe, expect, it, vi } from 'vitest'
import type { FileStatus, JobSnapshot } from '../../../shared/jobs'
import type { ModelInfo } from '../../../shared/models'

vi.mock('../api', () => ({ api: {} }))
vi.mock('uplot', () => ({ default: vi.fn(function () { return { setData: vi.fn(), destroy: vi.fn(), setSize: vi.fn() } }) }))
vi.mock('uplot/dist/uPlot.min.css', () => ({}))

const { default: BatchView } = await import('./BatchView.vue')
const { default: FineTuneView } = await import('./FineTuneView.vue')
const { default: ModelsView } = await import('./ModelsView.vue')
const { useJobsStore } = await import('../stores/jobs')
const { useBrowserStore } = await import('../stores/browser')
const { useFineTuneStore } = await import('../stores/finetune')
const { useModelsStore } = await import('../stores/models')

const counts = (over: Partial<Record<FileStatus, number>>): Record<FileStatus, number> => ({ queued: 0, running: 0, done: 0, failed: 0, skipped: 0, cancelled: 0, ...over })
const JOB: JobSnapshot = {
  id: 'j1', position: 0, state: 'done', control: 'active', createdAt: 1, updatedAt: 2, total: 1, counts: counts({ done: 1 }),
  spec: { inputRoot: '/data/in', outputDir: '/data/out', options: { modelId: 'tiny', steps: 2, samples: 1, sampler: 'fast', seed: 0 }, onExists: 'skip' },
  files: [{ index: 0, rel: 'a.tif', input: '/data/in/a.tif', status: 'done', outputs: { main: '/data/out/a.tif' }, attempts: 1 }]
}
const model = (id: string, readOnly: boolean): ModelInfo => ({ id, readOnly, path: `/m/${id}`, sha256: 'aa', sizeBytes: 10, preset: 'cvdm-xs', task: 'sr2x', scaleFactor: 2, lineage: {}, metrics: {} })

describe('BatchView', () => {
  it('starts the queue projection on mount, stops it on unmount, and browses the output folder', async () => {
    const pinia = createTestingPinia({ createSpy: vi.fn, initialState: { jobs: { jobs: [JOB], selectedId: 'j1', selected: JOB } } })
    const wrapper = mount(BatchView, { global: { plugins: [pinia] } })
    const jobs = useJobsStore()
    const browser = useBrowserStore()
    vi.mocked(browser.open).mockResolvedValue(true)
    expect(jobs.init).toHaveBeenCalledOnce()
    expect(useModelsStore().load).toHaveBeenCalledOnce()
    expect(wrapper.get('[data-testid="job-j1"]').text()).toContain('in → out')
    await wrapper.get('[data-testid="job-browse-output"]').trigger('click')
    await flushPromises()
    expect(browser.open).toHaveBeenCalledWith('/data/out')
    expect(wrapper.emitted('show-viewer')).toHaveLength(1)
    expect(wrapper.find('[data-testid="batch-browse-error"]').exists()).toBe(false)
    vi.mocked(browser.open).mockResolvedValue(false)
    browser.error = { code: 'forbidden-path', message: '/data/out is outside' }
    await wrapper.get('[data-testid="job-browse-output"]').trigger('click')
    await flushPromises()
    expect(wrapper.emitted('show-viewer')).toHaveLength(1)
    expect(wrapper.get('[data-testid="batch-browse-error"]').text()).toContain('/data/out is outside')
    await wrapper.get('[data-testid="job-report"]').trigger('click')
    expect(jobs.loadReport).toHaveBeenCalledWith('j1')
    wrapper.unmount()
    expect(jobs.dispose).toHaveBeenCalledOnce()
  })

  it('shows a store error as readable text', () => {
    const pinia = createTestingPinia({ createSpy: vi.fn, initialState: { jobs: { error: { code: 'forbidden-path', message: '/etc is outside' } } } })
    const wrapper = mount(BatchView, { global: { plugins: [pinia] } })
    expect(wrapper.get('[data-testid="batch-error"]').text()).toContain('outside the folders this app may open')
  })
})

describe('FineTuneView', () => {
  it('subscribes on mount, shows the status line, links the new model, and unsubscribes on unmount', async () => {
    const pinia = createTestingPinia({
      createSpy: vi.fn,
      initialState: {
        finetune: {
          runId: 'r1',
          latest: { runId: 'r1', step: 12, totalSteps: 40, loss: 0.04321, terms: {}, etaMs: 90_000 },
          best: { runId: 'r1', step: 10, psnr: 25.456, ssim: 0.7, best: true }
        }
      }
    })
    const wrapper = mount(FineTuneView, { global: { plugins: [pinia] } })
    const store = useFineTuneStore()
    expect(store.init).toHaveBeenCalledOnce()
    expect(wrapper.get('[data-testid="finetune-status"]').text()).toBe('Step 12/40 · loss 0.0432 · best PSNR 25.46 dB at step 10 · ETA 1 min 30 s')
    store.finished = { runId: 'r1', ok: true, modelId: 'lab-sr', bestStep: 10, stoppedEarly: false, steps: 40 }
    await flushPromises()
    expect(wrapper.get('[data-testid="finetune-model-id"]').text()).toBe('lab-sr')
    await wrapper.get('[data-testid="finetune-open-model"]').trigger('click')
    await flushPromises()
    expect(useModelsStore().select).toHaveBeenCalledWith('lab-sr')
    expect(wrapper.emitted('show-models')).toEqual([['lab-sr']])
    wrapper.unmount()
    expect(store.release).toHaveBeenCalledOnce()
  })

  it('shows the latest evaluation preview next to the chart and resumes an interrupted run', async () => {
    const preview = { pair: 'cells_03', width: 2, height: 1, input: btoa('ab'), output: btoa('cd'), target: btoa('ef') }
    const run = { name: 'lab', step: 40, savedAt: 0, request: { lowDir: '/l', highDir: '/h', name: 'lab' } }
    const pinia = createTestingPinia({
      createSpy: vi.fn,
      initialState: { finetune: { lastPreview: { runId: 'r1', step: 20, psnr: 24, ssim: 0.7, best: true, preview }, resumable: [run] } }
    })
    const wrapper = mount(FineTuneView, { global: { plugins: [pinia] } })
    expect(wrapper.get('[data-testid="finetune-preview-caption"]').text()).toContain('cells_03 at step 20')
    await wrapper.get('[data-testid="finetune-resume-button-lab"]').trigger('click')
    expect(useFineTuneStore().resume).toHaveBeenCalledWith(run)
  })
})

describe('ModelsView', () => {
  it('confirms before deleting and disables delete for read-only models', async () => {
    const models = [model('default-sr2x', true), model('mine', false)]
    const pinia = createTestingPinia({ createSpy: vi.fn, initialState: { models: { models, selectedId: 'default-sr2x' } } })
    const wrapper = mount(ModelsView, { global: { plugins: [pinia] } })
    const store = useModelsStore()
    expect(store.load).toHaveBeenCalledOnce()
    expect(wrapper.get('[data-testid="model-delete"]').attributes('disabled')).toBeDefined()
    store.selectedId = 'mine'
    await flushPromises()
    await wrapper.get('[data-testid="model-delete"]').trigger('click')
    expect(store.remove).not.toHaveBeenCalled()
    await wrapper.get('[data-testid="model-delete-confirm"]').trigger('click')
    expect(store.remove).toHaveBeenCalledWith('mine')
  })

  it('imports from the path field', async () => {
    const pinia = createTestingPinia({ createSpy: vi.fn })
    const wrapper = mount(ModelsView, { global: { plugins: [pinia] } })
    await wrapper.get('[data-testid="model-import-path"]').setValue('/data/model.zip')
    expect(wrapper.get('[data-testid="model-import"]').attributes('disabled')).toBeUndefined()
    await wrapper.get('form').trigger('submit')
    expect(useModelsStore().importModel).toHaveBeenCalledWith('/data/model.zip')
  })
})
