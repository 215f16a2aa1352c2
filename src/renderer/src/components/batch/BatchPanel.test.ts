import { mount } from '@vue/test-utils'
import { describe, expect, it, vi } from 'vitest'
import type { FileSnapshot, FileStatus, JobProgress, JobSnapshot, JobSummary } from '../../../../shared/jobs'
import type { ModelInfo } from '../../../../shared/models'
import BatchFileTable from './BatchFileTable.vue'
import BatchFolderField from './BatchFolderField.vue'
import BatchJobDetail from './BatchJobDetail.vue'
import BatchJobForm from './BatchJobForm.vue'
import BatchQueueList from './BatchQueueList.vue'

const counts = (over: Partial<Record<FileStatus, number>> = {}): Record<FileStatus, number> => ({
  queued: 0, running: 0, done: 0, failed: 0, skipped: 0, cancelled: 0, ...over
})
const job = (id: string, over: Partial<JobSummary> = {}): JobSummary => ({
  id, position: 0, state: 'queued', control: 'active', createdAt: 1, updatedAt: 1, total: 3, counts: counts({ queued: 3 }),
  spec: { inputRoot: '/data/cells', outputDir: '/data/restored', options: { modelId: 'tiny', steps: 2, samples: 1, sampler: 'fast', seed: 7 }, onExists: 'skip' },
  ...over
})
const file = (index: number, status: FileStatus, over: Partial<FileSnapshot> = {}): FileSnapshot => ({
  index, rel: `f${index}.tif`, input: `/data/cells/f${index}.tif`, status, outputs: { main: `/data/restored/f${index}.tif` }, attempts: 1, ...over
})
const progress: JobProgress = {
  jobId: 'a',
  file: { index: 1, rel: 'f1.tif', fraction: 0.4, elapsedMs: 2000, etaMs: 3000, note: 'tile 2/5' },
  job: { finished: 1, total: 3, fraction: 0.47, elapsedMs: 9000, etaMs: 65_000 }
}
const model = (id: string): ModelInfo => ({ id, readOnly: false, path: `/m/${id}`, sha256: 'x', sizeBytes: 1, preset: 'cvdm-xs', task: 'sr2x', scaleFactor: 2, lineage: {}, metrics: {} })

describe('BatchQueueList', () => {
  it('shows state, counts, progress and ETA per job and emits select / move', async () => {
    const jobs = [job('a', { state: 'running', counts: counts({ done: 1, running: 1, queued: 1 }) }), job('b', { position: 1, counts: counts({ done: 1, failed: 2 }), state: 'failed' })]
    const wrapper = mount(BatchQueueList, { props: { jobs, selectedId: 'b', progress: { a: progress } } })
    const a = wrapper.get('[data-testid="job-a"]')
    expect(a.get('[data-testid="job-state"]').text()).toBe('Running')
    expect(a.get('[role="progressbar"]').attributes('aria-valuenow')).toBe('47')
    expect(a.text()).toContain('1 min 05 s')
    const b = wrapper.get('[data-testid="job-b"]')
    expect(b.get('[data-testid="job-counts"]').text()).toBe('1/3 done · 2 failed')
    expect(b.attributes('aria-selected')).toBe('true')
    expect(b.get('[role="progressbar"]').attributes('aria-valuenow')).toBe('100')
    expect(wrapper.get('[data-testid="job-up-a"]').attributes('disabled')).toBeDefined()
    await wrapper.get('[data-testid="job-down-a"]').trigger('click')
    await wrapper.get('[data-testid="job-up-b"]').trigger('click')
    await a.trigger('click')
    expect(wrapper.emitted('move')).toEqual([['a', 1], ['b', -1]])
    expect(wrapper.emitted('select')).toEqual([['a']])
  })

  it('says so when the queue is empty', () => {
    expect(mount(BatchQueueList, { props: { jobs: [], progress: {} } }).get('[data-testid="queue-empty"]').text()).toContain('empty')
  })
})

describe('BatchFileTable', () => {
  it('shows the file in flight with its progress and ETA, and a failed file\'s readable error on click', async () => {
    const files = [
      file(0, 'done', { timings: { total: 4200 } }),
      file(1, 'running'),
      file(2, 'failed', { attempts: 2, error: { code: 'out-of-memory', message: 'tile 512 px needs 3 GB' } })
    ]
    const wrapper = mount(BatchFileTable, { props: { files, progress } })
    expect(wrapper.get('[data-testid="file-f0.tif"]').text()).toContain('4 s')
    const running = wrapper.get('[data-testid="file-f1.tif"]')
    expect(running.get('[role="progressbar"]').attributes('aria-valuenow')).toBe('40')
    expect(running.text()).toContain('ETA 3 s')
    expect(running.text()).toContain('tile 2/5')
    expect(wrapper.find('[data-testid="file-error"]').exists()).toBe(false)
    await wrapper.get('[data-testid="file-f2.tif"]').trigger('click')
    const error = wrapper.get('[data-testid="file-error"]')
    expect(error.text()).toContain('f2.tif')
    expect(error.text()).toContain('ran out of memory')
    expect(error.text()).toContain('tile 512 px needs 3 GB')
    expect(wrapper.get('[data-testid="file-f2.tif"]').text()).toContain('try 2')
    await wrapper.get('[data-testid="file-f2.tif"]').trigger('click')
    expect(wrapper.find('[data-testid="file-error"]').exists()).toBe(false)
  })

  it('shows an empty bar for a running file before its first progress event', () => {
    const wrapper = mount(BatchFileTable, { props: { files: [file(0, 'running'), file(1, 'queued')] } })
    expect(wrapper.get('[data-testid="file-f0.tif"] [role="progressbar"]').attributes('aria-valuenow')).toBe('0')
    expect(wrapper.get('[data-testid="file-f0.tif"]').text()).toContain('starting…')
    expect(wrapper.find('[data-testid="file-f1.tif"] [role="progressbar"]').exists()).toBe(false)
  })
})

describe('BatchJobDetail', () => {
  const snap = (over: Partial<JobSnapshot>): JobSnapshot => ({ ...job('a'), files: [file(0, 'queued')], ...over })

  it('offers the controls that fit the state', async () => {
    const running = mount(BatchJobDetail, { props: { job: snap({ state: 'running' }) } })
    expect(running.find('[data-testid="job-pause"]').exists()).toBe(true)
    expect(running.find('[data-testid="job-resume"]').exists()).toBe(false)
    expect(running.find('[data-testid="job-retry"]').exists()).toBe(false)
    await running.get('[data-testid="job-cancel"]').trigger('click')
    expect(running.emitted('control')).toEqual([['cancel']])

    const failed = mount(BatchJobDetail, { props: { job: snap({ state: 'failed', counts: counts({ done: 2, failed: 1 }) }) } })
    expect(failed.find('[data-testid="job-pause"]').exists()).toBe(false)
    expect(failed.find('[data-testid="job-cancel"]').exists()).toBe(false)
    await failed.get('[data-testid="job-retry"]').trigger('click')
    expect(failed.emitted('control')).toEqual([['retry']])

    const paused = mount(BatchJobDetail, { props: { job: snap({ state: 'paused' }) } })
    await paused.get('[data-testid="job-resume"]').trigger('click')
    expect(paused.emitted('control')).toEqual([['resume']])
  })

  it('asks for the report, shows it, and opens the output folder', async () => {
    const wrapper = mount(BatchJobDetail, { props: { job: snap({ state: 'done', counts: counts({ done: 1 }) }), report: '# Report\n| file | psnr |' } })
    await wrapper.get('[data-testid="job-report"]').trigger('click')
    await wrapper.get('[data-testid="job-browse-output"]').trigger('click')
    expect(wrapper.emitted('report')).toHaveLength(1)
    expect(wrapper.emitted('browse')).toEqual([['/data/restored']])
    expect(wrapper.get('[data-testid="job-report-text"]').text()).toContain('| file | psnr |')
    expect(wrapper.get('[data-testid="job-output"]').text()).toBe('/data/restored')
  })
})

describe('BatchJobForm', () => {
  it('builds a job request from the fields and blocks an incomplete one', async () => {
    const wrapper = mount(BatchJobForm, { props: { models: [model('default-sr2x'), model('tiny')] } })
    expect(wrapper.get('[data-testid="batch-enqueue"]').attributes('disabled')).toBeDefined()
    expect(wrapper.get('[data-testid="batch-form-problem"]').text()).toContain('input')
    await wrapper.get('[data-testid="batch-input"]').setValue('/data/a.tif; /data/b.tif\n')
    await wrapper.get('[data-testid="batch-output"]').setValue(' /data/out ')
    await wrapper.get('[data-testid="batch-model"]').setValue('tiny')
    await wrapper.get('[data-testid="batch-steps"]').setValue('2')
    await wrapper.get('[data-testid="batch-samples"]').setValue('1')
    await wrapper.get('[data-testid="batch-on-exists"]').setValue('rename')
    await wrapper.get('[data-testid="batch-recursive"]').setValue(true)
    await wrapper.get('[data-testid="batch-glob"]').setValue('*_ch1.tif')
    await wrapper.get('form').trigger('submit')
    expect(wrapper.emitted('submit')).toEqual([
      [{ inputs: ['/data/a.tif', '/data/b.tif'], outputDir: '/data/out', options: { modelId: 'tiny', steps: 2, samples: 1, sampler: 'fast', seed: 0 }, onExists: 'rename', recursive: true, glob: '*_ch1.tif' }]
    ])
    await wrapper.get('[data-testid="batch-steps"]').setValue('0')
    expect(wrapper.get('[data-testid="batch-form-problem"]').text()).toContain('Steps')
  })
})

describe('BatchFolderField', () => {
  it('browses folders through the host and picks one', async () => {
    const list = vi.fn(async (path?: string) => ({
      ok: true as const,
      value: path === '/data/cells'
        ? { path: '/data/cells', parent: '/data', roots: ['/data'], entries: [{ name: 'a.tif', path: '/data/cells/a.tif', kind: 'tiff' as const, sizeBytes: 1 }] }
        : { path: '/data', roots: ['/data'], entries: [{ name: 'cells', path: '/data/cells', kind: 'dir' as const, sizeBytes: 0 }] }
    }))
    const wrapper = mount(BatchFolderField, { props: { modelValue: '', label: 'In', testid: 'in', list } })
    await wrapper.get('[data-testid="in-browse"]').trigger('click')
    await vi.waitFor(() => expect(wrapper.find('[data-testid="in-dir-cells"]').exists()).toBe(true))
    expect(list).toHaveBeenCalledWith(undefined)
    await wrapper.get('[data-testid="in-dir-cells"]').trigger('click')
    await vi.waitFor(() => expect(wrapper.get('[data-testid="in-picker"]').text()).toContain('1 TIFF file(s) here'))
    await wrapper.get('[data-testid="in-use"]').trigger('click')
    expect(wrapper.emitted('update:modelValue')).toEqual([['/data/cells']])
    expect(wrapper.find('[data-testid="in-picker"]').exists()).toBe(false)
  })
})
