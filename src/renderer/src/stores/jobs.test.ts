import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { FileSnapshot, FileStatus, JobChanged, JobProgress, JobSnapshot, JobSummary } from '../../../shared/jobs'

type Listener<T> = (event: T) => void
const listeners: { changed?: Listener<JobChanged>; progress?: Listener<JobProgress> } = {}
const offChanged = vi.fn()
const offProgress = vi.fn()
const jobsApi = {
  list: vi.fn(),
  get: vi.fn(),
  enqueue: vi.fn(),
  control: vi.fn(),
  move: vi.fn(),
  report: vi.fn(),
  onChanged: vi.fn((cb: Listener<JobChanged>) => ((listeners.changed = cb), offChanged)),
  onProgress: vi.fn((cb: Listener<JobProgress>) => ((listeners.progress = cb), offProgress))
}
vi.mock('../api', () => ({ api: { jobs: jobsApi } }))

const { useJobsStore, mergeFile } = await import('./jobs')

const counts = (over: Partial<Record<FileStatus, number>> = {}): Record<FileStatus, number> => ({
  queued: 0, running: 0, done: 0, failed: 0, skipped: 0, cancelled: 0, ...over
})
const summary = (id: string, position: number, over: Partial<JobSummary> = {}): JobSummary => ({
  id, position, state: 'queued', control: 'active', createdAt: 1, updatedAt: 1, total: 3, counts: counts({ queued: 3 }),
  spec: { inputRoot: '/data/in', outputDir: '/data/out', options: { modelId: 'm', steps: 2, samples: 1, sampler: 'fast', seed: 0 }, onExists: 'skip' },
  ...over
})
const file = (index: number, status: FileStatus, over: Partial<FileSnapshot> = {}): FileSnapshot => ({
  index, rel: `f${index}.tif`, input: `/data/in/f${index}.tif`, status, outputs: { main: `/data/out/f${index}.tif` }, attempts: 0, ...over
})
const snapshot = (id: string, files: FileSnapshot[]): JobSnapshot => ({ ...summary(id, 0), files })
const progress = (jobId: string, index: number, fraction: number, etaMs: number | null): JobProgress => ({
  jobId,
  file: { index, rel: `f${index}.tif`, fraction, elapsedMs: 100, etaMs },
  job: { finished: index, total: 3, fraction: (index + fraction) / 3, elapsedMs: 1000, etaMs }
})

describe('useJobsStore', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    vi.clearAllMocks()
  })

  it('subscribes once, lists the queue in position order, and unsubscribes on dispose', async () => {
    jobsApi.list.mockResolvedValue({ ok: true, value: [summary('b', 1), summary('a', 0)] })
    jobsApi.get.mockResolvedValue({ ok: true, value: snapshot('a', []) })
    const store = useJobsStore()
    await store.init()
    await store.init()
    expect(jobsApi.onChanged).toHaveBeenCalledTimes(1)
    expect(jobsApi.onProgress).toHaveBeenCalledTimes(1)
    expect(store.ordered.map((j) => j.id)).toEqual(['a', 'b'])
    store.dispose()
    expect(offChanged).toHaveBeenCalledOnce()
  })

  it('selects the running job (else the next one) on init when none is selected', async () => {
    jobsApi.list.mockResolvedValue({ ok: true, value: [summary('a', 0), summary('b', 1, { state: 'running' })] })
    jobsApi.get.mockImplementation(async (id: string) => ({ ok: true, value: snapshot(id, []) }))
    const store = useJobsStore()
    await store.init()
    expect(store.selectedId).toBe('b')
    expect(store.selected?.id).toBe('b')
    jobsApi.list.mockResolvedValue({ ok: true, value: [summary('a', 0)] })
    setActivePinia(createPinia())
    const fresh = useJobsStore()
    await fresh.init()
    expect(fresh.selectedId).toBe('a')
    fresh.dispose()
    expect(offChanged).toHaveBeenCalledOnce()
    expect(offProgress).toHaveBeenCalledOnce()
  })

  it('merges jobs:changed file updates into the selected job and adds unknown jobs to the list', async () => {
    jobsApi.list.mockResolvedValue({ ok: true, value: [summary('a', 0)] })
    jobsApi.get.mockResolvedValue({ ok: true, value: snapshot('a', [file(0, 'running'), file(1, 'queued'), file(2, 'queued')]) })
    const store = useJobsStore()
    await store.init()
    await store.select('a')
    const done = summary('a', 0, { state: 'running', counts: counts({ done: 1, running: 1, queued: 1 }) })
    listeners.changed!({ job: done, file: file(0, 'done', { timings: { total: 900 } }) })
    listeners.changed!({ job: done, file: file(1, 'running') })
    expect(store.selected?.files.map((f) => f.status)).toEqual(['done', 'running', 'queued'])
    expect(store.selected?.counts.done).toBe(1)
    expect(store.jobs[0].state).toBe('running')
    listeners.changed!({ job: summary('c', 1) })
    expect(store.ordered.map((j) => j.id)).toEqual(['a', 'c'])
    // A change to another job leaves the selected job's files alone.
    listeners.changed!({ job: summary('c', 1), file: file(0, 'failed') })
    expect(store.selected?.files[0].status).toBe('done')
  })

  it('keeps the latest progress with its ETA and drops it when the file or the job stops running', async () => {
    jobsApi.list.mockResolvedValue({ ok: true, value: [summary('a', 0, { state: 'running' })] })
    jobsApi.get.mockResolvedValue({ ok: true, value: snapshot('a', [file(0, 'running'), file(1, 'queued')]) })
    const store = useJobsStore()
    await store.init()
    await store.select('a')
    listeners.progress!(progress('a', 0, 0.25, 3000))
    listeners.progress!(progress('a', 0, 0.5, 2000))
    expect(store.selectedProgress?.file.fraction).toBe(0.5)
    expect(store.selectedProgress?.job.etaMs).toBe(2000)
    listeners.changed!({ job: summary('a', 0, { state: 'running' }), file: file(0, 'done') })
    expect(store.progress.a).toBeUndefined()
    // A late progress event for the finished file is ignored.
    listeners.progress!(progress('a', 0, 0.9, 100))
    expect(store.progress.a).toBeUndefined()
    listeners.progress!(progress('a', 1, 0.1, 5000))
    expect(store.progress.a?.file.index).toBe(1)
    listeners.changed!({ job: summary('a', 0, { state: 'paused' }) })
    expect(store.progress.a).toBeUndefined()
  })

  it('enqueues and selects the new job, or keeps the coded error', async () => {
    jobsApi.enqueue.mockResolvedValueOnce({ ok: false, error: { code: 'not-found', message: '/nope does not exist' } })
    const store = useJobsStore()
    const request = { inputs: ['/nope'], outputDir: '/out', options: summary('x', 0).spec.options }
    expect(await store.enqueue(request)).toBeUndefined()
    expect(store.error?.code).toBe('not-found')
    expect(store.jobs).toEqual([])
    jobsApi.enqueue.mockResolvedValueOnce({ ok: true, value: summary('n', 0) })
    jobsApi.get.mockResolvedValueOnce({ ok: true, value: snapshot('n', [file(0, 'queued')]) })
    expect((await store.enqueue(request))?.id).toBe('n')
    expect(store.error).toBeUndefined()
    expect(store.selectedId).toBe('n')
    expect(store.selected?.files).toHaveLength(1)
  })

  it('moves a job within the queue bounds and reports control errors', async () => {
    jobsApi.list.mockResolvedValue({ ok: true, value: [summary('a', 0), summary('b', 1)] })
    jobsApi.move.mockResolvedValue({ ok: true, value: undefined })
    const store = useJobsStore()
    await store.init()
    await store.move('b', -1)
    expect(jobsApi.move).toHaveBeenCalledWith('b', 0)
    await store.move('a', -1)
    await store.move('b', 5)
    expect(jobsApi.move).toHaveBeenCalledTimes(1)
    jobsApi.control.mockResolvedValueOnce({ ok: false, error: { code: 'busy', message: 'job is finishing' } })
    expect(await store.control('a', 'pause')).toBe(false)
    expect(store.error?.code).toBe('busy')
    jobsApi.control.mockResolvedValueOnce({ ok: true, value: undefined })
    expect(await store.control('a', 'resume')).toBe(true)
    expect(store.error).toBeUndefined()
  })

  it('loads the report of a job and forgets it when another job is selected', async () => {
    jobsApi.get.mockResolvedValue({ ok: true, value: snapshot('a', []) })
    jobsApi.report.mockResolvedValue({ ok: true, value: '# Batch report\n3 done' })
    const store = useJobsStore()
    await store.select('a')
    await store.loadReport('a')
    expect(store.report).toContain('3 done')
    jobsApi.get.mockResolvedValue({ ok: true, value: snapshot('b', []) })
    await store.select('b')
    expect(store.report).toBeUndefined()
  })
})

describe('mergeFile', () => {
  it('replaces by index and inserts new files in order', () => {
    const merged = mergeFile([file(0, 'done'), file(2, 'queued')], file(1, 'running'))
    expect(merged.map((f) => [f.index, f.status])).toEqual([[0, 'done'], [1, 'running'], [2, 'queued']])
    expect(mergeFile(merged, file(2, 'failed'))[2].status).toBe('failed')
  })
})
