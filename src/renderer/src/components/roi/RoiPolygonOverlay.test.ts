import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import RoiPolygonOverlay from './RoiPolygonOverlay.vue'

// Zoom 2 on a 200² viewport centred on image (50, 50): image (x, y) ↔ screen (2x, 2y).
const props = { view: { zoom: 2, centerX: 50, centerY: 50 }, viewport: { width: 200, height: 200 }, image: { width: 100, height: 100 } }

function pointer(type: string, x: number, y: number): PointerEvent {
  const event = new MouseEvent(type, { clientX: x, clientY: y, button: 0, bubbles: true }) as PointerEvent
  Object.defineProperty(event, 'pointerId', { value: 1 })
  return event
}

describe('RoiPolygonOverlay', () => {
  it('adds snapped vertices per click and closes on Enter; Esc cancels a draft', async () => {
    const wrapper = mount(RoiPolygonOverlay, { props: { ...props, drawing: true }, attachTo: document.body })
    const catcher = wrapper.get('[data-testid="roi-polygon-catcher"]').element
    for (const [x, y] of [[20, 20], [81, 20], [60, 100]]) catcher.dispatchEvent(pointer('pointerdown', x, y))
    await wrapper.vm.$nextTick()
    expect(wrapper.get('[data-testid="roi-polygon-draft"]').attributes('points')).toBe('20,20 82,20 60,100')
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }))
    expect(wrapper.emitted('change')).toEqual([[[[10, 10], [41, 10], [30, 50]]]])

    catcher.dispatchEvent(pointer('pointerdown', 20, 20))
    catcher.dispatchEvent(pointer('pointerdown', 80, 20))
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }))
    await wrapper.vm.$nextTick()
    expect(wrapper.find('[data-testid="roi-polygon-draft"]').exists()).toBe(false)
    expect(wrapper.emitted('change')).toHaveLength(1)
    wrapper.unmount()
  })

  it('closes on a click at the first vertex or a double-click, never with fewer than 3 vertices', async () => {
    const wrapper = mount(RoiPolygonOverlay, { props: { ...props, drawing: true }, attachTo: document.body })
    const catcher = wrapper.get('[data-testid="roi-polygon-catcher"]').element
    catcher.dispatchEvent(pointer('pointerdown', 20, 20))
    catcher.dispatchEvent(pointer('pointerdown', 80, 20))
    catcher.dispatchEvent(new MouseEvent('dblclick', { bubbles: true }))
    expect(wrapper.emitted('change')).toBeUndefined()
    for (const [x, y] of [[20, 20], [80, 20], [50, 80], [21, 21]]) catcher.dispatchEvent(pointer('pointerdown', x, y))
    expect(wrapper.emitted('change')).toEqual([[[[10, 10], [40, 10], [25, 40]]]])
    wrapper.unmount()
  })

  it('moves a finished polygon by dragging its body', async () => {
    const polygon: Array<[number, number]> = [[10, 10], [40, 10], [25, 40]]
    const wrapper = mount(RoiPolygonOverlay, { props: { ...props, polygon, drawing: false }, attachTo: document.body })
    expect(wrapper.find('[data-testid="roi-polygon-catcher"]').exists()).toBe(false)
    const body = wrapper.get('[data-testid="roi-polygon"]').element
    body.dispatchEvent(pointer('pointerdown', 50, 40))
    body.dispatchEvent(pointer('pointermove', 70, 30))
    body.dispatchEvent(pointer('pointerup', 70, 30))
    expect(wrapper.emitted('change')).toEqual([[[[20, 5], [50, 5], [35, 35]]]])
    wrapper.unmount()
  })
})
