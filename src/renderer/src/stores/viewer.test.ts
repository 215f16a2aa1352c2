import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { ImageSummary, PlaneData, PlaneRequest } from '../../../shared/image'

const readPlane = vi.fn()
vi.mock('../api', () => ({ api: { image: { readPlane: (request: PlaneRequest) => readPlane(request) } } }))

const { useViewerStore } = await import('./viewer')

const SUMMARY: ImageSummary = {
  path: '/data/stack.tif',
  name: 'stack.tif',
  sizeBytes: 1,
  width: 100,
  height: 50,
  dtype: 'uint16',
  sizes: { t: 1, z: 5, c: 2 },
  physicalSize: { x: 0.1, y: 0.1, z: 0.5, unit: 'micron' },
  channels: [{ lut: 'Fire' }, { displayRange: [10, 20] }]
}

/** A plane whose values are 0…4999 plus z·10000, so each plane is recognisable. */
const plane = (r: PlaneRequest): PlaneData => {
  const data = new Float32Array(100 * 50).map((_, i) => i + r.z * 10_000 + r.c)
  return { width: 100, height: 50, dtype: 'uint16', data, min: data[0], max: data[data.length - 1] }
}
const okPlane = (r: PlaneRequest): Promise<{ ok: true; value: PlaneData }> => Promise.resolve({ ok: true, value: plane(r) })

describe('useViewerStore', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    readPlane.mockReset()
    readPlane.mockImplementation(okPlane)
  })

  it('opens at the first plane with Auto contrast and per-channel LUTs from the file', async () => {
    const store = useViewerStore()
    store.setViewport({ width: 400, height: 400 })
    await store.open(SUMMARY)
    expect(readPlane).toHaveBeenCalledWith({ path: '/data/stack.tif', t: 0, z: 0, c: 0 })
    expect(store.plane?.data[0]).toBe(0)
    // 5000 values 0…4999: 0.175 % = floor(5000 · 0.35 / 200) = 8 pixels per end.
    expect(store.displayRange).toEqual([8, 4991])
    expect(store.displays.map((d) => d.lut)).toEqual(['fire', 'green'])
    expect(store.displays[1].range).toEqual([10, 20])
    expect(store.view).toEqual({ zoom: 4, centerX: 50, centerY: 25 })
    expect(store.fit).toBe(true)
    expect(store.histogram?.total).toBe(5000)
  })

  it('keeps the display range when moving through Z and switches it with the channel', async () => {
    const store = useViewerStore()
    await store.open(SUMMARY)
    await store.setMode('color')
    store.setRange([300, 100])
    expect(store.displayRange).toEqual([100, 300])
    await store.stepSlice(1)
    expect(store.index.z).toBe(1)
    expect(store.plane?.data[0]).toBe(10_000)
    expect(store.displayRange).toEqual([100, 300])
    await store.setIndex({ c: 1 })
    expect(store.displayRange).toEqual([10, 20])
    store.setLut('cyan')
    expect(store.displays[1].lut).toBe('cyan')
    expect(store.displays[0].lut).toBe('fire')
    store.resetRange()
    expect(store.displayRange).toEqual([10_001, 14_999 + 1])
  })

  it('clamps indices to the stack and re-uses cached planes', async () => {
    const store = useViewerStore()
    await store.open({ ...SUMMARY, sizes: { t: 1, z: 5, c: 1 } })
    await store.setIndex({ z: 99 })
    expect(store.index.z).toBe(4)
    await store.setIndex({ z: 0 })
    expect(readPlane).toHaveBeenCalledTimes(2)
    await store.step('z', -3)
    expect(store.index.z).toBe(0)
  })

  it('steps time with , and . when there is no Z', async () => {
    const store = useViewerStore()
    await store.open({ ...SUMMARY, sizes: { t: 3, z: 1, c: 1 } })
    await store.stepSlice(1)
    expect(store.index).toEqual({ t: 1, z: 0, c: 0 })
    expect(readPlane).toHaveBeenCalledWith({ path: '/data/stack.tif', t: 1, z: 0, c: 0 })
    expect(readPlane).toHaveBeenLastCalledWith({ path: '/data/stack.tif', t: 2, z: 0, c: 0 })
  })

  it('prefetches the next slice in the direction of travel and never reads a plane twice', async () => {
    const store = useViewerStore()
    await store.open({ ...SUMMARY, sizes: { t: 1, z: 5, c: 1 } })
    await store.stepSlice(1)
    expect(readPlane.mock.calls.map(([r]) => r.z)).toEqual([0, 1, 2])
    await store.stepSlice(1)
    expect(store.plane?.data[0]).toBe(20_000)
    expect(readPlane.mock.calls.map(([r]) => r.z)).toEqual([0, 1, 2, 3])
    await store.stepSlice(-1)
    expect(readPlane.mock.calls.map(([r]) => r.z)).toEqual([0, 1, 2, 3])
  })

  it('fetches only the newest plane while scrubbing fast', async () => {
    const store = useViewerStore()
    await store.open({ ...SUMMARY, sizes: { t: 1, z: 5, c: 1 } })
    readPlane.mockClear()
    let release!: () => void
    readPlane.mockImplementationOnce((r: PlaneRequest) => new Promise((resolve) => (release = () => resolve({ ok: true, value: plane(r) }))))
    const first = store.setIndex({ z: 1 })
    void store.setIndex({ z: 2 })
    void store.setIndex({ z: 3 })
    const last = store.setIndex({ z: 4 })
    release()
    await first
    await last
    await vi.waitFor(() => expect(store.planeIndex?.z).toBe(4))
    expect(readPlane.mock.calls.map(([r]) => r.z)).toEqual([1, 4])
    expect(store.planeLoading).toBe(false)
  })

  it('loads every active channel in composite mode and only the current one otherwise', async () => {
    const store = useViewerStore()
    await store.open(SUMMARY)
    expect(store.mode).toBe('composite')
    expect(readPlane.mock.calls.map(([r]) => r.c)).toEqual([0, 1])
    expect(store.channelPlanes.map((p) => p?.data[0])).toEqual([0, 1])
    // Auto ran for channel 0 (no file range); channel 1 kept the file's range.
    expect(store.displays[0].range).toEqual([8, 4991])
    expect(store.displays[1].range).toEqual([10, 20])
    await store.setActive(1, false)
    await store.setIndex({ z: 1 })
    // z 1 of channel 0 only, then the prefetch of z 2 in the same direction
    expect(readPlane.mock.calls.slice(2).map(([r]) => [r.z, r.c])).toEqual([[1, 0], [2, 0]])
    await store.setMode('color')
    await store.setIndex({ c: 1 })
    expect(store.channelPlanes).toEqual([])
    expect(store.plane?.data[0]).toBe(10_001)
  })

  it('shows the coded error of a failed read and keeps the previous plane', async () => {
    const store = useViewerStore()
    await store.open(SUMMARY)
    readPlane.mockResolvedValueOnce({ ok: false, error: { code: 'truncated', message: 'short file' } })
    await store.setIndex({ z: 2 })
    expect(store.error?.code).toBe('truncated')
    expect(store.plane?.data[0]).toBe(0)
  })

  it('zooms by ImageJ levels, pans, fits, and drops results of a closed image', async () => {
    const store = useViewerStore()
    store.setViewport({ width: 200, height: 100 })
    await store.open(SUMMARY)
    expect(store.view.zoom).toBe(2)
    store.zoomStep(1)
    expect(store.view.zoom).toBe(3)
    expect(store.fit).toBe(false)
    store.panBy(30, 0)
    expect(store.view.centerX).toBeCloseTo(40)
    store.zoomBy(2, { x: 0, y: 0 })
    expect(store.view.zoom).toBe(6)
    store.setViewport({ width: 400, height: 400 })
    expect(store.view.zoom).toBe(6)
    store.fitToWindow()
    expect(store.view).toEqual({ zoom: 4, centerX: 50, centerY: 25 })
    store.zoomActual()
    expect(store.view.zoom).toBe(1)

    let release!: () => void
    readPlane.mockImplementationOnce((r: PlaneRequest) => new Promise((resolve) => (release = () => resolve({ ok: true, value: plane(r) }))))
    const pending = store.setIndex({ z: 3 })
    store.close()
    release()
    await pending
    expect(store.plane).toBeUndefined()
    expect(store.summary).toBeUndefined()
  })
})
