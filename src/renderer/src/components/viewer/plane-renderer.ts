/**
 * Draws one or more float32 planes (channels) through a display range and a LUT each, added together like an
 * ImageJ composite, at a zoom/pan. Two implementations: WebGL2 (the data live on the GPU as R32F textures; pan,
 * zoom, range and LUT changes only update uniforms) and Canvas2D (the fallback where WebGL2 is missing: each
 * plane is coloured into an offscreen canvas only when its data, range or LUT change; pan/zoom just redraw them
 * with a transform). Neither re-encodes images per frame.
 */
import type { Size, ViewState } from '../../lib/view-transform'
import { createCanvasPlaneRenderer } from './canvas-plane-renderer'
import { createWebglPlaneRenderer } from './webgl-plane-renderer'

/** Which implementation draws. */
export type RendererKind = 'webgl2' | 'canvas2d'

/** The pixels of a plane, as the renderer needs them. */
export interface PlanePixels {
  width: number
  height: number
  /** Row-major [height · width]. */
  data: Float32Array
}

/** How one layer is shown: a 256-entry RGBA LUT (1024 bytes) and a display range in data units. */
export interface LayerStyle {
  lut: Uint8Array
  range: [number, number]
}

/** A plane renderer bound to one canvas. */
export interface PlaneRenderer {
  readonly kind: RendererKind
  /**
   * The planes to draw, bottom first (the costly call: planes seen before, by identity, are not uploaded again).
   * Throws when the GPU refuses one (the caller may fall back).
   */
  setPlanes(planes: PlanePixels[]): void
  /** One style per plane, same order (cheap: uniforms / recolouring only). */
  setStyles(styles: LayerStyle[]): void
  /**
   * Draws at `view` into a canvas of `viewport` device pixels (`dpr` device pixels per CSS pixel).
   * @param sync - wait until the drawing is done (for frame-time measurements only)
   */
  draw(view: ViewState, viewport: Size, dpr: number, sync?: boolean): void
  /** Frees textures/buffers. */
  dispose(): void
}

/** Background outside the image (a dark grey, so the image's edge shows even where its data are black). */
export const BACKGROUND_RGB: [number, number, number] = [38, 41, 46]

/**
 * Creates the best renderer `canvas` supports: WebGL2 unless `prefer` is 'canvas2d' or WebGL2 is unavailable.
 * A canvas can hold only one context kind, so the caller needs a fresh canvas to switch after a WebGL failure.
 * @param transparent - leave the outside of the image transparent instead of grey (overlays, the compare slider)
 */
export function createPlaneRenderer(canvas: HTMLCanvasElement, prefer: RendererKind = 'webgl2', transparent = false): PlaneRenderer {
  if (prefer === 'webgl2') {
    const gl = canvas.getContext('webgl2', { antialias: false, alpha: transparent, premultipliedAlpha: false, preserveDrawingBuffer: false })
    if (gl) return createWebglPlaneRenderer(gl, transparent)
  }
  const ctx = canvas.getContext('2d', { alpha: transparent })
  if (!ctx) throw new Error('Neither WebGL2 nor Canvas2D is available in this browser.')
  return createCanvasPlaneRenderer(ctx, transparent)
}
