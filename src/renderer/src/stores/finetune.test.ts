import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { FineTuneEval, FineTuneFinished, FineTuneProgress, ResumableRun } from '../../../shared/finetune'
import type { Result } from '../../../shared/result'

type Listener<T> = (event: T) => void
const on: { progress?: Listener<FineTuneProgress>; eval?: Listener<FineTuneEval>; finished?: Listener<FineTuneFinished> } = {}
const off = vi.fn()
const finetuneApi = {
  discover: vi.fn(),
  start: vi.fn(),
  stop: vi.fn(),
  listRuns: vi.fn(async (): Promise<Result<ResumableRun[]>> => ({ ok: true, value: [] })),
  onProgress: vi.fn((cb: Listener<FineTuneProgress>) => ((on.progress = cb), off)),
  onEval: vi.fn((cb: Listener<FineTuneEval>) => ((on.eval = cb), off)),
  onFinished: vi.fn((cb: Listener<FineTuneFinished>) => ((on.finished = cb), off))
}
vi.mock('../api', () => ({ api: { finetune: finetuneApi } }))

const { useFineTuneStore, CHART_THROTTLE_MS } = await import('./finetune')

const step = (runId: string, s: number, loss: number): FineTuneProgress => ({ runId, step: s, totalSteps: 100, loss, terms: {}, etaMs: (100 - s) * 10 })

async function started(): Promise<ReturnType<typeof useFineTuneStore>> {
  finetuneApi.start.mockResolvedValueOnce({ ok: true, value: { runId: 'r1' } })
  const store = useFineTuneStore()
  store.init()
  store.lowDir = ' /data/low '
  store.highDir = '/data/high'
  store.options.name = 'my-model'
  expect(await store.start()).toBe(true)
  return store
}

describe('useFineTuneStore', () => {
  beforeEach(() => {
    vi.useFakeTimers()
    setActivePinia(createPinia())
    vi.clearAllMocks()
  })
  afterEach(() => vi.useRealTimers())

  it('sends the folders and options, subscribes once and unsubscribes on dispose', async () => {
    const store = await started()
    store.init()
    expect(finetuneApi.onProgress).toHaveBeenCalledTimes(1)
    expect(finetuneApi.start).toHaveBeenCalledWith(expect.objectContaining({ lowDir: '/data/low', highDir: '/data/high', name: 'my-model', steps: 200 }))
    expect(store.running).toBe(true)
    store.dispose()
    expect(off).toHaveBeenCalledTimes(3)
  })

  it('appends loss points at once but redraws at most once per throttle window', async () => {
    const store = await started()
    const before = store.revision
    for (let s = 1; s <= 40; s++) on.progress!(step('r1', s, 1 / s))
    expect(store.chart.steps).toHaveLength(40)
    expect(store.chart.loss[39]).toBeCloseTo(1 / 40)
    expect(store.revision).toBe(before)
    expect(store.latest).toBeUndefined()
    vi.advanceTimersByTime(CHART_THROTTLE_MS)
    expect(store.revision).toBe(before + 1)
    expect(store.latest?.step).toBe(40)
    expect(store.latest?.etaMs).toBe(600)
    on.progress!(step('r1', 41, 0.02))
    vi.advanceTimersByTime(CHART_THROTTLE_MS - 1)
    expect(store.revision).toBe(before + 1)
    vi.advanceTimersByTime(1)
    expect(store.revision).toBe(before + 2)
  })

  it('puts PSNR on the step rows (null elsewhere), keeps the best eval and ignores other runs', async () => {
    const store = await started()
    on.progress!(step('r1', 10, 0.5))
    on.eval!({ runId: 'r1', step: 10, psnr: 24.5, ssim: 0.6, best: true })
    on.progress!(step('r1', 20, 0.4))
    on.eval!({ runId: 'r1', step: 25, psnr: 23.1, ssim: 0.58, best: false })
    on.progress!(step('other', 30, 9))
    on.eval!({ runId: 'other', step: 30, psnr: 99, ssim: 1, best: true })
    expect(store.chart.steps).toEqual([10, 20, 25])
    expect(store.chart.loss).toEqual([0.5, 0.4, null])
    expect(store.chart.psnr).toEqual([24.5, null, 23.1])
    expect(store.best?.step).toBe(10)
  })

  it('keeps the latest evaluation preview with its step; a new start clears it', async () => {
    const store = await started()
    const preview = (tag: string) => ({ pair: 'cells_03', width: 2, height: 1, input: btoa('\x00\x10'), output: btoa(tag), target: btoa('\x00\xff') })
    on.eval!({ runId: 'r1', step: 0, psnr: 22, ssim: 0.5, best: true, preview: preview('ab') })
    on.eval!({ runId: 'r1', step: 20, psnr: 23, ssim: 0.55, best: true, preview: preview('cd') })
    on.eval!({ runId: 'r1', step: 40, psnr: 22.5, ssim: 0.52, best: false })
    expect(store.lastPreview?.step).toBe(20)
    expect(store.lastPreview?.preview.output).toBe(btoa('cd'))
    on.eval!({ runId: 'other', step: 60, psnr: 30, ssim: 0.9, best: true, preview: preview('zz') })
    expect(store.lastPreview?.step).toBe(20)
    finetuneApi.start.mockResolvedValueOnce({ ok: true, value: { runId: 'r2' } })
    await store.start()
    expect(store.lastPreview).toBeUndefined()
  })

  it('lists interrupted runs and resumes one by sending its own request again', async () => {
    const run: ResumableRun = { name: 'lab', step: 40, savedAt: 1, request: { lowDir: '/data/low', highDir: '/data/high', name: 'lab', steps: 300, batchSize: 2, learningRate: 5e-5, seed: 3 } }
    finetuneApi.listRuns.mockResolvedValueOnce({ ok: true, value: [run, { ...run, name: 'other' }] })
    const store = useFineTuneStore()
    expect(await store.loadRuns()).toHaveLength(2)
    finetuneApi.start.mockResolvedValueOnce({ ok: true, value: { runId: 'r5' } })
    expect(await store.resume(run)).toBe(true)
    expect(finetuneApi.start).toHaveBeenCalledWith(run.request)
    expect([store.lowDir, store.highDir, store.options.steps, store.runId]).toEqual(['/data/low', '/data/high', 300, 'r5'])
    expect(store.resumable.map((r) => r.name)).toEqual(['other'])
    finetuneApi.listRuns.mockResolvedValueOnce({ ok: false, error: { code: 'backend-unavailable', message: 'starting' } })
    expect(await store.loadRuns()).toEqual([])
  })

  it('draws the last points on finish, shows the new model and stops accepting points', async () => {
    const store = await started()
    on.progress!(step('r1', 1, 0.9))
    const rev = store.revision
    on.finished!({ runId: 'r1', ok: true, modelId: 'my-model', bestStep: 1, stoppedEarly: false, steps: 1 })
    expect(store.revision).toBe(rev + 1)
    expect(store.latest?.step).toBe(1)
    expect(store.running).toBe(false)
    expect(store.finished?.ok && store.finished.modelId).toBe('my-model')
    on.progress!(step('r1', 2, 0.8))
    expect(store.chart.steps).toEqual([1])
  })

  it('adopts a run whose events race ahead of the start answer; a new start clears the chart', async () => {
    let answer!: (v: unknown) => void
    finetuneApi.start.mockReturnValueOnce(new Promise((resolve) => (answer = resolve)))
    const store = useFineTuneStore()
    store.init()
    const pending = store.start()
    on.progress!(step('r9', 1, 0.7))
    answer({ ok: true, value: { runId: 'r9' } })
    await pending
    expect(store.runId).toBe('r9')
    expect(store.chart.loss).toEqual([0.7])
    finetuneApi.start.mockResolvedValueOnce({ ok: false, error: { code: 'bad-pairs', message: 'only 1 pair' } })
    expect(await store.start()).toBe(false)
    expect(store.chart.steps).toEqual([])
    expect(store.error?.code).toBe('bad-pairs')
    expect(store.running).toBe(false)
  })

  it('discovers pairs, counts the usable ones, and keeps a discovery error', async () => {
    const store = useFineTuneStore()
    store.lowDir = '/l'
    store.highDir = '/h'
    const pair = { name: 'a', low: '/l/a.tif', high: '/h/a.tif', width: 8, height: 8, flagged: false }
    finetuneApi.discover.mockResolvedValueOnce({ ok: true, value: { pairs: [pair, { ...pair, name: 'b', flagged: true }], problems: [] } })
    await store.discover()
    expect(finetuneApi.discover).toHaveBeenCalledWith('/l', '/h')
    expect(store.usablePairs).toBe(1)
    store.options.includeFlagged = true
    expect(store.usablePairs).toBe(2)
    finetuneApi.discover.mockResolvedValueOnce({ ok: false, error: { code: 'not-found', message: '/l is missing' } })
    await store.discover()
    expect(store.report).toBeUndefined()
    expect(store.error?.code).toBe('not-found')
  })

  it('keeps listening after the view goes away until the run finishes, then unsubscribes', async () => {
    const store = await started()
    store.release()
    expect(off).not.toHaveBeenCalled()
    on.progress!(step('r1', 5, 0.3))
    expect(store.chart.steps).toEqual([5])
    on.finished!({ runId: 'r1', ok: false, error: { code: 'out-of-memory', message: 'batch 64 too large' } })
    expect(off).toHaveBeenCalledTimes(3)
    expect(store.error?.code).toBe('out-of-memory')
    expect(store.running).toBe(false)
    // With no run in flight, release unsubscribes at once.
    store.init()
    store.release()
    expect(off).toHaveBeenCalledTimes(6)
  })

  it('asks the run to stop and reports a refused stop', async () => {
    const store = await started()
    finetuneApi.stop.mockResolvedValueOnce({ ok: false, error: { code: 'not-found', message: 'no run r1' } })
    await store.stop()
    expect(finetuneApi.stop).toHaveBeenCalledWith('r1')
    expect(store.stopping).toBe(false)
    expect(store.error?.code).toBe('not-found')
  })
})
