import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { PlaneData } from '../../../shared/image'
import type { RestoreFinished, RestoreProgressEvent } from '../../../shared/restore'

const progressListeners: ((e: RestoreProgressEvent) => void)[] = []
const finishedListeners: ((e: RestoreFinished) => void)[] = []
const start = vi.fn()
const cancel = vi.fn()
const readPlane = vi.fn()
vi.mock('../api', () => ({
  api: {
    models: { list: async () => ({ ok: true, value: [{ id: 'tiny', scaleFactor: 2 }, { id: 'other', scaleFactor: 1 }] }) },
    image: { readPlane: (r: unknown) => readPlane(r) },
    restore: {
      start: (r: unknown) => start(r),
      cancel: (id: string) => cancel(id),
      onProgress: (l: (e: RestoreProgressEvent) => void) => (progressListeners.push(l), () => undefined),
      onFinished: (l: (e: RestoreFinished) => void) => (finishedListeners.push(l), () => undefined)
    }
  }
}))

const { useRestoreStore } = await import('./restore')
const { useSettingsStore } = await import('./settings')
const plane = (width: number): PlaneData => ({ width, height: width, dtype: 'float32', data: new Float32Array(width * width), min: 0, max: 1 })
const flush = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0))

describe('useRestoreStore', () => {
  beforeEach(() => {
    localStorage.clear()
    setActivePinia(createPinia())
    progressListeners.length = finishedListeners.length = 0
    start.mockReset().mockResolvedValue({ ok: true, value: { runId: 'run-1' } })
    readPlane.mockReset().mockImplementation(async (r: { path: string }) => ({ ok: true, value: plane(r.path.includes('std') ? 64 : 64) }))
  })

  it('sends the panel options with the ROI and plane, follows progress and opens the outputs when finished', async () => {
    const store = useRestoreStore()
    store.init()
    await flush()
    useSettingsStore().setRestore({ steps: 2, samples: 2, uncertainty: true, modelId: 'tiny' })
    const roi = { x: 10, y: 20, width: 32, height: 32 }
    await store.start({ input: '/d/a.tif', plane: { c: 0, z: 3, t: 0 }, roi, planeOnly: true })
    expect(start).toHaveBeenCalledWith({ input: '/d/a.tif', steps: 2, samples: 2, sampler: 'fast', seed: 0, modelId: 'tiny', roi, plane: { c: 0, z: 3, t: 0 } })
    expect(store.running).toBe(true)

    progressListeners.forEach((l) => l({ runId: 'other-run', fraction: 0.9, elapsedMs: 1, etaMs: 1 }))
    progressListeners.forEach((l) => l({ runId: 'run-1', fraction: 0.5, elapsedMs: 1000, etaMs: 1000 }))
    expect(store.progress).toMatchObject({ fraction: 0.5, etaMs: 1000 })

    finishedListeners.forEach((l) => l({ runId: 'run-1', ok: true, outputs: { main: '/p/a_cvdm.tif', std: '/p/a_cvdm_std.tif' }, modelId: 'tiny', backend: 'wasm', elapsedMs: 2000 }))
    await flush()
    expect(store.running).toBe(false)
    expect(readPlane).toHaveBeenCalledWith({ path: '/p/a_cvdm.tif', c: 0, z: 0, t: 0 })
    expect(readPlane).toHaveBeenCalledWith({ path: '/p/a_cvdm_std.tif', c: 0, z: 0, t: 0 })
    expect(store.placement).toEqual({ origin: { x: 10, y: 20 }, scale: 2 })
    store.toggleUncertainty()
    expect(store.showUncertainty).toBe(true)
  })

  it('never sends K < 2 with uncertainty on, and keeps K=1 without it', async () => {
    const store = useRestoreStore()
    const settings = useSettingsStore()
    settings.setRestore({ samples: 1 })
    expect(settings.restore.uncertainty).toBe(false)
    settings.setRestore({ uncertainty: true })
    expect(settings.restore.samples).toBe(2)
    await store.start({ input: '/a.tif', plane: { c: 0, z: 0, t: 0 }, planeOnly: false })
    expect(start.mock.calls[0][0]).toMatchObject({ samples: 2 })
    expect(start.mock.calls[0][0]).not.toHaveProperty('plane')
  })

  it('shows start errors, hides cancellations and cancels the run in flight', async () => {
    const store = useRestoreStore()
    store.init()
    start.mockResolvedValueOnce({ ok: false, error: { code: 'forbidden-path', message: 'outside' } })
    await store.start({ input: '/x.tif', plane: { c: 0, z: 0, t: 0 }, planeOnly: true })
    expect(store.error?.code).toBe('forbidden-path')
    expect(store.running).toBe(false)

    await store.start({ input: '/a.tif', plane: { c: 0, z: 0, t: 0 }, planeOnly: true })
    await store.cancel()
    expect(cancel).toHaveBeenCalledWith('run-1')
    finishedListeners.forEach((l) => l({ runId: 'run-1', ok: false, error: { code: 'cancelled', message: 'Cancelled.' } }))
    expect(store.running).toBe(false)
    expect(store.error).toBeUndefined()
    expect(store.result).toBeUndefined()
  })

  it('remembers the restore options across restarts', () => {
    useSettingsStore().setRestore({ steps: 7, sampler: 'faithful' })
    return flush().then(() => {
      setActivePinia(createPinia())
      expect(useSettingsStore().restore).toMatchObject({ steps: 7, sampler: 'faithful' })
    })
  })
})
