import { mount } from '@vue/test-utils'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { PlaneData } from '../../../../shared/image'

const fake = { kind: 'webgl2', setPlanes: vi.fn(), setStyles: vi.fn(), draw: vi.fn(), dispose: vi.fn() }
vi.mock('./plane-renderer', () => ({ createPlaneRenderer: vi.fn(() => fake) }))
const { default: ImageViewer } = await import('./ImageViewer.vue')

const PLANE: PlaneData = { width: 4, height: 2, dtype: 'uint16', data: new Float32Array([0, 1, 2, 3, 40, 50, 60, 70]), min: 0, max: 70 }
const OTHER: PlaneData = { ...PLANE, data: PLANE.data.map((v) => v + 1000) }
const layer = (plane: PlaneData, range: [number, number] = [0, 70], lut: 'gray' | 'fire' | 'green' = 'gray') => ({ plane, range, lut })
const props = {
  layers: [layer(PLANE)],
  view: { zoom: 10, centerX: 2, centerY: 1 },
  physicalSize: { x: 0.5, unit: 'micron' }
}

/** jsdom has no layout: give the canvas a rect at the origin of a 40 × 20 viewport. */
function mountViewer() {
  const wrapper = mount(ImageViewer, { props, attachTo: document.body })
  const canvas = wrapper.get('canvas').element as HTMLCanvasElement
  canvas.getBoundingClientRect = () => ({ left: 0, top: 0, width: 40, height: 20, right: 40, bottom: 20, x: 0, y: 0, toJSON: () => ({}) })
  return wrapper
}

describe('ImageViewer', () => {
  beforeEach(() => Object.values(fake).forEach((f) => typeof f === 'function' && f.mockClear()))

  it('uploads the planes once, then only updates range and LUT', async () => {
    const wrapper = mountViewer()
    expect(fake.setPlanes).toHaveBeenCalledWith([PLANE])
    expect(wrapper.emitted('renderer')?.[0]).toEqual(['webgl2'])
    await wrapper.setProps({ layers: [layer(PLANE, [10, 20])] })
    await wrapper.setProps({ layers: [layer(PLANE, [10, 20], 'fire')] })
    await wrapper.setProps({ view: { zoom: 2, centerX: 1, centerY: 1 } })
    expect(fake.setPlanes).toHaveBeenCalledTimes(1)
    const last = fake.setStyles.mock.calls.at(-1)?.[0]
    expect(last[0].range).toEqual([10, 20])
    expect(last[0].lut).toHaveLength(1024)
    await wrapper.setProps({ layers: [layer(PLANE, [10, 20], 'fire'), layer(OTHER, [0, 1], 'green')] })
    expect(fake.setPlanes).toHaveBeenLastCalledWith([PLANE, OTHER])
    wrapper.unmount()
    expect(fake.dispose).toHaveBeenCalled()
  })

  it('turns drag into pan and the wheel into zoom at the cursor', async () => {
    const wrapper = mountViewer()
    const canvas = wrapper.get('canvas')
    await canvas.trigger('pointerdown', { button: 0, pointerId: 1, clientX: 10, clientY: 10 })
    await canvas.trigger('pointermove', { pointerId: 1, clientX: 25, clientY: 4 })
    await canvas.trigger('pointerup', { pointerId: 1 })
    await canvas.trigger('pointermove', { pointerId: 1, clientX: 30, clientY: 4 })
    expect(wrapper.emitted('pan')).toEqual([[15, -6]])
    await canvas.trigger('wheel', { deltaY: -300, deltaMode: 0, clientX: 5, clientY: 6 })
    expect(wrapper.emitted('zoom')).toEqual([[2, { x: 5, y: 6 }]])
    wrapper.unmount()
  })

  it('reports the pixel and raw value under the cursor', async () => {
    const wrapper = mountViewer()
    // jsdom: size 0 × 0 → the viewport centre is (0, 0); pixel (x, y) spans screen [(x−2)·10, (x−1)·10).
    await wrapper.get('canvas').trigger('pointermove', { pointerId: 1, clientX: 5, clientY: 3 })
    expect(wrapper.emitted('hover')?.at(-1)).toEqual([{ x: 2, y: 1, values: [{ label: undefined, value: 60 }] }])
    await wrapper.setProps({ layers: [{ ...layer(PLANE), label: 'C1' }, { ...layer(OTHER), label: 'C2' }] })
    await wrapper.get('canvas').trigger('pointermove', { pointerId: 1, clientX: 5, clientY: 3 })
    expect(wrapper.emitted('hover')?.at(-1)).toEqual([{ x: 2, y: 1, values: [{ label: 'C1', value: 60 }, { label: 'C2', value: 1060 }] }])
    await wrapper.get('canvas').trigger('pointermove', { pointerId: 1, clientX: 35, clientY: 3 })
    expect(wrapper.emitted('hover')?.at(-1)).toEqual([undefined])
    wrapper.unmount()
  })

  it('shows a calibrated scale bar', () => {
    const wrapper = mountViewer()
    // 0.5 µm/px at zoom 10: 160 px = 8 µm → 5 µm, 100 px
    expect(wrapper.get('[data-testid="scale-bar"]').text()).toBe('5 µm')
    wrapper.unmount()
  })
})
