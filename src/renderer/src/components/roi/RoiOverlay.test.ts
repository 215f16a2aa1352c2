import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import RoiOverlay from './RoiOverlay.vue'

// Zoom 2, image centre at the viewport centre: image (x, y) ↔ screen (2x + 100 - 2·50, …) = (2x, 2y) for a 200² viewport.
const props = { view: { zoom: 2, centerX: 50, centerY: 50 }, viewport: { width: 200, height: 200 }, image: { width: 100, height: 100 } }

function pointer(type: string, x: number, y: number): PointerEvent {
  const event = new MouseEvent(type, { clientX: x, clientY: y, button: 0, bubbles: true }) as PointerEvent
  Object.defineProperty(event, 'pointerId', { value: 1 })
  return event
}

describe('RoiOverlay', () => {
  it('draws a new ROI in image pixels with the rectangle tool', async () => {
    const wrapper = mount(RoiOverlay, { props: { ...props, drawing: true }, attachTo: document.body })
    const catcher = wrapper.get('[data-testid="roi-catcher"]').element
    catcher.dispatchEvent(pointer('pointerdown', 20, 30))
    catcher.dispatchEvent(pointer('pointermove', 60, 90))
    await wrapper.vm.$nextTick()
    expect(wrapper.get('[data-testid="roi-box"]').attributes()).toMatchObject({ x: '20', y: '30', width: '40', height: '60' })
    catcher.dispatchEvent(pointer('pointerup', 60, 90))
    expect(wrapper.emitted('change')).toEqual([[{ x: 10, y: 15, width: 20, height: 30 }]])
    wrapper.unmount()
  })

  it('moves the ROI by its body and resizes it by a handle, without the drawing tool', async () => {
    const roi = { x: 10, y: 10, width: 20, height: 20 }
    const wrapper = mount(RoiOverlay, { props: { ...props, roi, drawing: false }, attachTo: document.body })
    expect(wrapper.find('[data-testid="roi-catcher"]').exists()).toBe(false)
    const body = wrapper.get('[data-testid="roi-box"]').element
    body.dispatchEvent(pointer('pointerdown', 40, 40))
    body.dispatchEvent(pointer('pointermove', 50, 30))
    body.dispatchEvent(pointer('pointerup', 50, 30))
    const handle = wrapper.get('[data-handle="se"]').element
    handle.dispatchEvent(pointer('pointerdown', 60, 60))
    handle.dispatchEvent(pointer('pointermove', 100, 80))
    handle.dispatchEvent(pointer('pointerup', 100, 80))
    expect(wrapper.emitted('change')).toEqual([[{ x: 15, y: 5, width: 20, height: 20 }], [{ x: 10, y: 10, width: 40, height: 30 }]])
    wrapper.unmount()
  })
})
