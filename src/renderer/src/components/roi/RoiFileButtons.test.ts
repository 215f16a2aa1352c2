import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { decodeImageJRoi, encodeImageJRoi } from '../../lib/imagej-roi'
import RoiFileButtons from './RoiFileButtons.vue'

function chooseFile(wrapper: ReturnType<typeof mount>, file: File): void {
  const input = wrapper.get('[data-testid="roi-import-input"]').element as HTMLInputElement
  Object.defineProperty(input, 'files', { value: [file], configurable: true })
  input.dispatchEvent(new Event('change'))
}

afterEach(() => vi.restoreAllMocks())

describe('RoiFileButtons', () => {
  it('exports the polygon as <image>-roi.roi through a Blob link', async () => {
    let blob: Blob | undefined
    vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => ((blob = b as Blob), 'blob:roi'))
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined)
    const clicked: string[] = []
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this.download)
    })
    const polygon: Array<[number, number]> = [[1, 2], [30, 4], [10, 25]]
    const wrapper = mount(RoiFileButtons, { props: { roi: { x: 1, y: 2, width: 29, height: 23 }, polygon, imageName: 'stack.ome.tif' } })
    await wrapper.get('[data-testid="roi-export"]').trigger('click')
    expect(clicked).toEqual(['stack-roi.roi'])
    expect(decodeImageJRoi(new Uint8Array(await blob!.arrayBuffer()))).toEqual({ kind: 'polygon', polygon })
  })

  it('imports a .roi file and shows a readable message for garbage', async () => {
    const wrapper = mount(RoiFileButtons, { props: { imageName: 'a.tif' } })
    expect(wrapper.find('[data-testid="roi-export"]').exists()).toBe(false)
    const bytes = encodeImageJRoi({ kind: 'rect', rect: { x: 4, y: 5, width: 6, height: 7 } })
    chooseFile(wrapper, new File([bytes.slice().buffer], 'box.roi'))
    await flushPromises()
    expect(wrapper.emitted('import')).toEqual([[{ kind: 'rect', rect: { x: 4, y: 5, width: 6, height: 7 } }]])
    chooseFile(wrapper, new File(['not a roi'], 'notes.txt'))
    await flushPromises()
    expect(wrapper.get('[data-testid="roi-import-note"]').text()).toContain('notes.txt is not an ImageJ ROI')
    expect(wrapper.emitted('import')).toHaveLength(1)
  })
})
