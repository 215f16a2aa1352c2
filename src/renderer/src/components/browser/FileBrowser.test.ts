import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import type { DirListing } from '../../../../shared/image'
import FileBrowser from './FileBrowser.vue'
import FileBrowserSummary from './FileBrowserSummary.vue'

const LISTING: DirListing = {
  path: '/data/exp1',
  parent: '/data',
  roots: ['/data'],
  entries: [
    { name: 'cells', path: '/data/exp1/cells', kind: 'dir', sizeBytes: 0 },
    { name: 'a.tif', path: '/data/exp1/a.tif', kind: 'tiff', sizeBytes: 2_500_000 }
  ]
}

describe('FileBrowser', () => {
  it('lists entries with sizes, opens folders and selects TIFFs', async () => {
    const wrapper = mount(FileBrowser, { props: { listing: LISTING, entries: LISTING.entries, filter: '', selectedPath: '/data/exp1/a.tif' } })
    expect(wrapper.get('[data-testid="entry-a.tif"]').text()).toContain('2.50 MB')
    expect(wrapper.get('[data-testid="entry-a.tif"]').attributes('aria-current')).toBe('true')
    await wrapper.get('[data-testid="entry-cells"]').trigger('click')
    await wrapper.get('[data-testid="entry-a.tif"]').trigger('click')
    await wrapper.get('[data-testid="browser-up"]').trigger('click')
    expect(wrapper.emitted('navigate')).toEqual([['/data/exp1/cells']])
    expect(wrapper.emitted('select')).toEqual([['/data/exp1/a.tif']])
    expect(wrapper.emitted('up')).toHaveLength(1)
  })

  it('shows breadcrumbs from the allowed root', async () => {
    const wrapper = mount(FileBrowser, { props: { listing: LISTING, entries: [], filter: '' } })
    const crumbs = wrapper.findAll('[data-testid="browser-path"] button')
    expect(crumbs.map((c) => c.text())).toEqual(['/data', 'exp1'])
    await crumbs[0].trigger('click')
    expect(wrapper.emitted('navigate')).toEqual([['/data']])
    expect(wrapper.text()).toContain('No TIFFs or folders here.')
  })

  it('shows a coded error as readable text', () => {
    const wrapper = mount(FileBrowser, {
      props: { entries: [], filter: '', error: { code: 'forbidden-path', message: '/etc is outside the folders this app may open' } }
    })
    const note = wrapper.get('[data-testid="browser-error"]')
    expect(note.attributes('data-error-code')).toBe('forbidden-path')
    expect(note.text()).toContain('outside the folders this app may open')
    expect(note.text()).toContain('--root')
  })
})

describe('FileBrowserSummary', () => {
  it('shows dims, type and calibration', () => {
    const wrapper = mount(FileBrowserSummary, {
      props: {
        summary: {
          path: '/d/s.tif', name: 's.tif', sizeBytes: 1_310_000, width: 320, height: 256, dtype: 'uint16',
          sizes: { t: 1, z: 8, c: 1 }, physicalSize: { x: 0.1625, y: 0.1625, z: 0.5, unit: 'micron' }, channels: [{}]
        }
      }
    })
    const text = wrapper.text()
    expect(text).toContain('320 × 256 · 8 z')
    expect(text).toContain('uint16 (16-bit)')
    expect(text).toContain('0.1625 × 0.1625 × 0.5 µm')
    expect(text).toContain('52 × 41.6 µm')
  })
})
