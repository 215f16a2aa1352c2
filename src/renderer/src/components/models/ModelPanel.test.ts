import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import type { ModelInfo } from '../../../../shared/models'
import ModelDetails from './ModelDetails.vue'
import ModelList from './ModelList.vue'

const base: ModelInfo = {
  id: 'default-sr2x', readOnly: true, path: '/app/resources/models/default-sr2x', sha256: 'f'.repeat(64), sizeBytes: 2_400_000,
  preset: 'cvdm-s', task: 'sr2x', scaleFactor: 2, lineage: {}, metrics: { psnr: 27.71, ssim: 0.6912 }
}
const tuned: ModelInfo = {
  ...base, id: 'lab-sr', readOnly: false, path: '/home/u/.cvdm/models/lab-sr',
  lineage: { parent: { id: 'default-sr2x', sha256: 'abcdef0123456789' }, data: '48 pairs from /data/lr ↔ /data/hr (6 for validation)', steps: 400 }
}

describe('ModelList', () => {
  it('shows id, task, scale, preset, size and the read-only badge; selects on click', async () => {
    const wrapper = mount(ModelList, { props: { models: [base, tuned], selectedId: 'lab-sr' } })
    const row = wrapper.get('[data-testid="model-default-sr2x"]')
    expect(row.text()).toContain('sr2x')
    expect(row.text()).toContain('×2')
    expect(row.text()).toContain('cvdm-s')
    expect(row.text()).toContain('2.40 MB')
    expect(row.find('[data-testid="read-only-badge"]').exists()).toBe(true)
    expect(wrapper.get('[data-testid="model-lab-sr"]').find('[data-testid="read-only-badge"]').exists()).toBe(false)
    expect(wrapper.get('[data-testid="model-lab-sr"]').attributes('aria-selected')).toBe('true')
    await row.trigger('click')
    expect(wrapper.emitted('select')).toEqual([['default-sr2x']])
  })
})

describe('ModelDetails', () => {
  it('shows lineage, metrics with units, path and hash', () => {
    const wrapper = mount(ModelDetails, { props: { model: tuned } })
    expect(wrapper.get('[data-testid="model-parent"]').text()).toBe('default-sr2x abcdef012345')
    expect(wrapper.get('[data-testid="model-data"]').text()).toContain('48 pairs')
    expect(wrapper.get('[data-testid="model-metrics"]').text()).toBe('psnr 27.71 dB · ssim 0.6912')
    expect(wrapper.get('[data-testid="model-sha"]').text()).toBe('f'.repeat(64))
    expect(wrapper.text()).toContain('/home/u/.cvdm/models/lab-sr')
    expect(mount(ModelDetails, { props: { model: base } }).get('[data-testid="model-parent"]').text()).toContain('from scratch or shipped')
  })
})
