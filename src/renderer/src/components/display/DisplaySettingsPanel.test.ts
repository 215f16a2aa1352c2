import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { computeHistogram } from '../../lib/histogram'
import DisplaySettingsPanel from './DisplaySettingsPanel.vue'

const base = {
  range: [100, 900] as [number, number],
  lut: 'gray' as const,
  dtype: 'uint16' as const,
  dataRange: [0, 65535] as [number, number],
  domain: [0, 1000] as [number, number],
  histogram: computeHistogram([1, 2, 3], 16, 0, 1000)
}

describe('DisplaySettingsPanel', () => {
  it('shows the range and emits new limits, keeping min ≤ max', async () => {
    const wrapper = mount(DisplaySettingsPanel, { props: base })
    expect((wrapper.get('[data-testid="range-min"]').element as HTMLInputElement).value).toBe('100')
    expect(wrapper.get('[data-testid="data-max"]').text()).toBe('65535')
    await wrapper.get('[data-testid="range-max"]').setValue('50')
    expect(wrapper.emitted('range')?.[0]).toEqual([[50, 50]])
    await wrapper.get('[data-testid="range-min"]').setValue('300')
    expect(wrapper.emitted('range')?.[1]).toEqual([[300, 900]])
    const slider = wrapper.get('input[aria-label="Maximum slider"]').element as HTMLInputElement
    expect([slider.min, slider.max, slider.step]).toEqual(['0', '1000', '1'])
  })

  it('emits Auto, Reset and LUT changes', async () => {
    const wrapper = mount(DisplaySettingsPanel, { props: base })
    await wrapper.get('[data-testid="auto-contrast"]').trigger('click')
    await wrapper.get('[data-testid="reset-contrast"]').trigger('click')
    await wrapper.get('[data-testid="lut-select"]').setValue('magenta')
    expect(wrapper.emitted('auto')).toHaveLength(1)
    expect(wrapper.emitted('reset')).toHaveLength(1)
    expect(wrapper.emitted('lut')?.[0]).toEqual(['magenta'])
  })

  it('uses fine steps for float data', () => {
    const wrapper = mount(DisplaySettingsPanel, { props: { ...base, dtype: 'float32', domain: [0, 1], range: [0.1, 0.9] } })
    expect((wrapper.get('input[aria-label="Minimum slider"]').element as HTMLInputElement).step).toBe('0.001')
  })
})
