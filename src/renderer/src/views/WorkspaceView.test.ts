import { createTestingPinia } from '@pinia/testing'
import { flushPromises, mount } from '@vue/test-utils'
import { describe, expect, it, vi } from 'vitest'
import type { ImageSummary } from '../../../shared/image'

vi.mock('../api', () => ({ api: {} }))
vi.mock('../components/viewer/plane-renderer', () => ({
  createPlaneRenderer: () => ({ kind: 'canvas2d', setPlane() {}, setLut() {}, setRange() {}, draw() {}, dispose() {} })
}))
const { default: WorkspaceView } = await import('./WorkspaceView.vue')
const { useBrowserStore } = await import('../stores/browser')
const { useViewerStore } = await import('../stores/viewer')
const { useRoiStore } = await import('../stores/roi')
const { useRestoreStore } = await import('../stores/restore')

const SUMMARY: ImageSummary = {
  path: '/d/s.tif', name: 's.tif', sizeBytes: 10, width: 64, height: 32, dtype: 'uint16',
  sizes: { t: 1, z: 4, c: 1 }, physicalSize: { x: 0.2, unit: 'µm' }, channels: [{}]
}

function mountView(initialState: Record<string, unknown> = {}) {
  return mount(WorkspaceView, {
    attachTo: document.body,
    global: { plugins: [createTestingPinia({ createSpy: vi.fn, initialState })] }
  })
}

describe('WorkspaceView', () => {
  it('loads the browser on mount and opens a selected TIFF in the viewer', async () => {
    const wrapper = mountView({
      browser: { listing: { path: '/d', roots: ['/d'], entries: [{ name: 's.tif', path: '/d/s.tif', kind: 'tiff', sizeBytes: 10 }] } }
    })
    const browser = useBrowserStore()
    const viewer = useViewerStore()
    expect(browser.init).toHaveBeenCalledOnce()
    vi.mocked(browser.select).mockResolvedValue(SUMMARY)
    await wrapper.get('[data-testid="entry-s.tif"]').trigger('click')
    await flushPromises()
    expect(browser.select).toHaveBeenCalledWith('/d/s.tif')
    expect(viewer.open).toHaveBeenCalledWith(SUMMARY)
    wrapper.unmount()
  })

  it('maps Fiji shortcuts to viewer actions, but not while typing', async () => {
    const plane = { width: 64, height: 32, dtype: 'uint16', data: new Float32Array(64 * 32), min: 0, max: 1 }
    const wrapper = mountView({ viewer: { summary: SUMMARY, plane, displays: [{ lut: 'gray', range: [0, 1] }] } })
    const viewer = useViewerStore()
    const press = (key: string, init: KeyboardEventInit = {}, target: EventTarget = window): boolean =>
      target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init }))
    press('+')
    press('-')
    press('.')
    press(',')
    press('4')
    press('5')
    press('C', { ctrlKey: true, shiftKey: true })
    expect(vi.mocked(viewer.zoomStep).mock.calls).toEqual([[1], [-1]])
    expect(vi.mocked(viewer.stepSlice).mock.calls).toEqual([[1], [-1]])
    expect(viewer.fitToWindow).toHaveBeenCalledOnce()
    expect(viewer.zoomActual).toHaveBeenCalledOnce()
    expect(document.activeElement?.getAttribute('data-testid')).toBe('auto-contrast')
    const input = wrapper.get('input[type="search"]').element
    press('+', {}, input)
    expect(viewer.zoomStep).toHaveBeenCalledTimes(2)
    press('?')
    await flushPromises()
    expect(wrapper.find('[role="dialog"]').text()).toContain('Previous / next slice')
    wrapper.unmount()
  })

  it('shows the system panel (slot) while no image is open', () => {
    const wrapper = mount(WorkspaceView, {
      slots: { empty: '<p data-testid="slot">system</p>' },
      global: { plugins: [createTestingPinia({ createSpy: vi.fn })] }
    })
    expect(wrapper.find('[data-testid="slot"]').exists()).toBe(true)
    expect(wrapper.text()).toContain('Choose a TIFF')
  })

  it('R toggles the ROI tool, Delete clears the ROI, U the uncertainty; Restore ROI sends the ROI of the current plane', async () => {
    const plane = { width: 64, height: 32, dtype: 'uint16', data: new Float32Array(64 * 32), min: 0, max: 1 }
    const roi = { x: 4, y: 2, width: 16, height: 8 }
    const wrapper = mountView({
      viewer: { summary: SUMMARY, plane, displays: [{ lut: 'gray', range: [0, 1] }], index: { t: 0, z: 2, c: 0 } },
      roi: { roi }
    })
    const roiStore = useRoiStore()
    const restore = useRestoreStore()
    const press = (key: string): boolean => window.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }))
    expect(wrapper.get('[data-testid="roi-status"]').text()).toBe('ROI x 4, y 2, 16×8 px')
    await wrapper.get('[data-testid="restore-roi"]').trigger('click')
    expect(restore.start).toHaveBeenCalledWith({ input: '/d/s.tif', plane: { t: 0, z: 2, c: 0 }, roi, planeOnly: true })
    await wrapper.get('[data-testid="restore-image"]').trigger('click')
    expect(vi.mocked(restore.start).mock.calls[1][0]).toEqual({ input: '/d/s.tif', plane: { t: 0, z: 2, c: 0 }, roi: undefined, planeOnly: false })
    press('r')
    expect(roiStore.setTool).toHaveBeenCalledWith('rect')
    press('u')
    expect(restore.toggleUncertainty).toHaveBeenCalledOnce()
    press('Delete')
    expect(roiStore.clear).toHaveBeenCalled()
    wrapper.unmount()
  })
})
