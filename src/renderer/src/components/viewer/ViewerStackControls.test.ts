import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import ViewerStackControls from './ViewerStackControls.vue'

describe('ViewerStackControls', () => {
  it('shows Z/T sliders (1-based, calibrated Z) and channel buttons for hyperstacks', async () => {
    const wrapper = mount(ViewerStackControls, {
      props: {
        sizes: { t: 3, z: 10, c: 2 },
        index: { t: 0, z: 4, c: 1 },
        channels: [{ lut: 'magenta' as const }, { lut: 'green' as const, name: 'GFP' }],
        physicalSize: { z: 0.5, unit: 'um' }
      }
    })
    expect(wrapper.get('[data-testid="position-z"]').text()).toBe('5/10 · 2 µm')
    expect(wrapper.get('[data-testid="position-t"]').text()).toBe('1/3')
    expect(wrapper.get('[data-testid="channel-2"]').text()).toBe('GFP')
    expect(wrapper.get('[data-testid="channel-2"]').attributes('aria-pressed')).toBe('true')
    await wrapper.get('[data-testid="slider-z"]').setValue('7')
    await wrapper.get('[data-testid="channel-1"]').trigger('click')
    expect(wrapper.emitted('change')).toEqual([[{ z: 6 }], [{ c: 0 }]])
    expect(wrapper.find('[data-testid="channel-active-1"]').exists()).toBe(false)
    await wrapper.get('[data-testid="composite-toggle"]').setValue(true)
    expect(wrapper.emitted('composite')).toEqual([[true]])
  })

  it('toggles channels of a composite', async () => {
    const wrapper = mount(ViewerStackControls, {
      props: {
        sizes: { t: 1, z: 1, c: 2 },
        index: { t: 0, z: 0, c: 0 },
        channels: [{ lut: 'magenta' as const }, { lut: 'green' as const }],
        composite: true,
        active: [true, true]
      }
    })
    await wrapper.get('[data-testid="channel-active-2"]').setValue(false)
    expect(wrapper.emitted('active')).toEqual([[1, false]])
  })

  it('renders nothing for a single plane', () => {
    const wrapper = mount(ViewerStackControls, { props: { sizes: { t: 1, z: 1, c: 1 }, index: { t: 0, z: 0, c: 0 }, channels: [{ lut: 'gray' as const }] } })
    expect(wrapper.html()).toBe('<!--v-if-->')
  })
})
