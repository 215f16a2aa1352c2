import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import TheStatusBar from './TheStatusBar.vue'
import ViewerScaleBar from './viewer/ViewerScaleBar.vue'
import BaseErrorNote from './BaseErrorNote.vue'

describe('TheStatusBar', () => {
  it('shows the pixel, its calibrated position and raw value, the zoom and the backend', () => {
    const wrapper = mount(TheStatusBar, {
      props: {
        hover: { x: 12, y: 3, values: [{ value: 1234 }] },
        dtype: 'uint16',
        physicalSize: { x: 0.1625, y: 0.1625, unit: 'micron' },
        zoom: 2,
        renderer: 'webgl2',
        backend: 'wasm'
      }
    })
    expect(wrapper.get('[data-testid="pixel-readout"]').text()).toBe('x=12, y=3 (1.95, 0.488 µm) · value=1234')
    expect(wrapper.get('[data-testid="zoom-level"]').text()).toBe('200 %')
    expect(wrapper.text()).toContain('wasm')
    expect(wrapper.find('[data-testid="frame-ms"]').exists()).toBe(false)
  })

  it('labels each channel of a composite and shows float values with precision', () => {
    const wrapper = mount(TheStatusBar, {
      props: { hover: { x: 0, y: 0, values: [{ label: 'C1', value: 0.123456 }, { label: 'C2', value: NaN }] }, dtype: 'float32' }
    })
    expect(wrapper.get('[data-testid="pixel-readout"]').text()).toBe('x=0, y=0 · C1=0.1235 C2=NaN')
  })
})

describe('ViewerScaleBar', () => {
  it('draws a nice length and hides for uncalibrated images', () => {
    expect(mount(ViewerScaleBar, { props: { pixelSize: 0.065, unit: 'micron', zoom: 0.25 } }).text()).toBe('20 µm')
    expect(mount(ViewerScaleBar, { props: { zoom: 1 } }).find('[data-testid="scale-bar"]').exists()).toBe(false)
  })
})

describe('BaseErrorNote', () => {
  it('shows the readable title, the code and the detail', () => {
    const wrapper = mount(BaseErrorNote, { props: { error: { code: 'unsupported-compression', message: 'JPEG (7)' } } })
    expect(wrapper.attributes('data-error-code')).toBe('unsupported-compression')
    expect(wrapper.text()).toContain('compression the app cannot decode')
    expect(wrapper.text()).toContain('JPEG (7)')
  })
})
