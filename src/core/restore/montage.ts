import { encodePngRgb } from './png'

/** A float plane to show in a montage panel. */
export interface MontagePanel {
  data: Float32Array
  /** 'gray' for intensities, 'fire' for uncertainty. */
  lut: 'gray' | 'fire'
}

/** Display range by percentiles (0.35 % saturation, as ImageJ's Auto), computed on a sorted sample of the pixels. */
export function displayRange(data: Float32Array, saturated = 0.0035): [number, number] {
  const stride = Math.max(1, Math.floor(data.length / 200_000))
  const sample: number[] = []
  for (let i = 0; i < data.length; i += stride) if (Number.isFinite(data[i])) sample.push(data[i])
  sample.sort((a, b) => a - b)
  if (sample.length === 0) return [0, 1]
  const lo = sample[Math.floor((saturated / 2) * (sample.length - 1))]
  const hi = sample[Math.ceil((1 - saturated / 2) * (sample.length - 1))]
  return hi > lo ? [lo, hi] : [lo, lo + 1]
}

function fire(v: number): [number, number, number] {
  // A compact black → red → yellow → white ramp (ImageJ "fire"-like).
  return [Math.min(1, v * 3), Math.min(1, Math.max(0, v * 3 - 1)), Math.min(1, Math.max(0, v * 3 - 2))]
}

/**
 * Side-by-side PNG of equally sized panels with a 4-pixel gap (input | restored | uncertainty).
 * @returns PNG bytes
 */
export function renderMontage(panels: MontagePanel[], width: number, height: number): Uint8Array {
  const gap = 4
  const total = panels.length * width + (panels.length - 1) * gap
  const rgb = new Uint8Array(total * height * 3).fill(24)
  panels.forEach((panel, p) => {
    const [lo, hi] = displayRange(panel.data)
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const v = Math.min(1, Math.max(0, (panel.data[y * width + x] - lo) / (hi - lo)))
        const [r, g, b] = panel.lut === 'fire' ? fire(v) : [v, v, v]
        const o = (y * total + p * (width + gap) + x) * 3
        rgb[o] = Math.round(r * 255)
        rgb[o + 1] = Math.round(g * 255)
        rgb[o + 2] = Math.round(b * 255)
      }
    }
  })
  return encodePngRgb(rgb, total, height)
}
