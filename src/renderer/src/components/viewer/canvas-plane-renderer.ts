/**
 * Canvas2D fallback renderer: each layer is coloured into its own offscreen canvas once per data/range/LUT change;
 * a frame draws them with a transform, the first opaque and the others added ('lighter', like a composite).
 */
import { colorize } from '../../lib/lut'
import type { Size, ViewState } from '../../lib/view-transform'
import { BACKGROUND_RGB, type LayerStyle, type PlanePixels, type PlaneRenderer } from './plane-renderer'

interface Layer {
  plane: PlanePixels
  style?: LayerStyle
  canvas?: HTMLCanvasElement
  image?: ImageData
  dirty: boolean
}

/** A {@link PlaneRenderer} on a 2D context. */
export function createCanvasPlaneRenderer(ctx: CanvasRenderingContext2D, transparent = false): PlaneRenderer {
  let layers: Layer[] = []

  function recolor(layer: Layer): void {
    layer.dirty = false
    const { plane, style } = layer
    if (!style) return
    if (!layer.canvas || layer.canvas.width !== plane.width || layer.canvas.height !== plane.height) {
      layer.canvas = document.createElement('canvas')
      layer.canvas.width = plane.width
      layer.canvas.height = plane.height
      layer.image = undefined
    }
    const octx = layer.canvas.getContext('2d')
    if (!octx) return
    layer.image ??= octx.createImageData(plane.width, plane.height)
    colorize(plane.data, style.range[0], style.range[1], style.lut, layer.image.data)
    octx.putImageData(layer.image, 0, 0)
  }

  return {
    kind: 'canvas2d',
    setPlanes(planes) {
      layers = planes.map((plane, i) => (layers[i]?.plane === plane ? layers[i] : { plane, style: layers[i]?.style, canvas: layers[i]?.canvas, dirty: true }))
    },
    setStyles(styles) {
      layers.forEach((layer, i) => {
        const next = styles[i]
        const old = layer.style
        if (!next) return
        if (!old || old.lut !== next.lut || old.range[0] !== next.range[0] || old.range[1] !== next.range[1]) layer.dirty = true
        layer.style = next
      })
    },
    draw(view: ViewState, viewport: Size, dpr: number, sync = false) {
      ctx.globalCompositeOperation = 'source-over'
      ctx.setTransform(1, 0, 0, 1, 0, 0)
      if (transparent) ctx.clearRect(0, 0, viewport.width, viewport.height)
      else {
        ctx.fillStyle = `rgb(${BACKGROUND_RGB.join(', ')})`
        ctx.fillRect(0, 0, viewport.width, viewport.height)
      }
      const z = view.zoom * dpr
      ctx.imageSmoothingEnabled = view.zoom < 1
      ctx.setTransform(z, 0, 0, z, viewport.width / 2 - view.centerX * z, viewport.height / 2 - view.centerY * z)
      layers.forEach((layer, i) => {
        if (layer.dirty) recolor(layer)
        if (!layer.canvas || !layer.style) return
        ctx.globalCompositeOperation = i === 0 ? 'source-over' : 'lighter'
        ctx.drawImage(layer.canvas, 0, 0)
      })
      ctx.globalCompositeOperation = 'source-over'
      ctx.setTransform(1, 0, 0, 1, 0, 0)
      // Reading a pixel back flushes the deferred drawing, so timed frames include the real work.
      if (sync) ctx.getImageData(0, 0, 1, 1)
    },
    dispose() {
      layers = []
    }
  }
}
