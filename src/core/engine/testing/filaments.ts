/**
 * A tiny synthetic microscopy generator for engine tests and benches (the full one lives in src/core/data):
 * curved filaments (microtubule-like) on a dark background as the high-resolution target, and as the condition
 * the same image blurred, downsampled 2×, noised and bicubic-upsampled back to the target grid (the SR setting of
 * CVDM.md §1.1, §9.1). Values in [−1, 1] with one fixed mapping (v·2 − 1) for both, so PSNR is comparable.
 */
import { Rng } from '../ops/rng'
import type { TrainingPair } from '../train/batch'

/** Generator settings. */
export interface FilamentOptions {
  /** Side of the high-resolution image (even). */
  size: number
  filaments: number
  /** Gaussian PSF σ in HR pixels applied before downsampling. */
  blurSigma: number
  /** Gaussian read noise σ on the [0, 1] LR image. */
  noise: number
}

const DEFAULTS: FilamentOptions = { size: 32, filaments: 5, blurSigma: 1.2, noise: 0.03 }

/** Renders the HR filament image in [0, 1] (size² values, row-major). */
export function renderFilaments(rng: Rng, size: number, count: number): Float32Array {
  const acc = new Float32Array(size * size)
  for (let f = 0; f < count; f++) {
    let px = rng.uniform() * size
    let py = rng.uniform() * size
    let angle = rng.uniform() * 2 * Math.PI
    let turn = (rng.uniform() - 0.5) * 0.2
    const amp = 0.6 + 0.6 * rng.uniform()
    for (let s = 0; s < size * 3; s++) {
      turn += (rng.uniform() - 0.5) * 0.03
      angle += turn
      px += 0.5 * Math.cos(angle)
      py += 0.5 * Math.sin(angle)
      const x0 = Math.floor(px)
      const y0 = Math.floor(py)
      for (let dy = -2; dy <= 2; dy++) {
        for (let dx = -2; dx <= 2; dx++) {
          const x = x0 + dx
          const y = y0 + dy
          if (x < 0 || y < 0 || x >= size || y >= size) continue
          const d2 = (x + 0.5 - px) ** 2 + (y + 0.5 - py) ** 2
          acc[y * size + x] += 0.35 * amp * Math.exp(-d2 / (2 * 0.6 * 0.6))
        }
      }
    }
  }
  return acc.map((v) => 1 - Math.exp(-v))
}

function gaussianBlur(img: Float32Array, size: number, sigma: number): Float32Array {
  const r = Math.ceil(3 * sigma)
  const k = Array.from({ length: 2 * r + 1 }, (_, i) => Math.exp(-((i - r) ** 2) / (2 * sigma * sigma)))
  const sum = k.reduce((a, b) => a + b, 0)
  const kn = k.map((v) => v / sum)
  const pass = (src: Float32Array, horizontal: boolean): Float32Array => {
    const out = new Float32Array(src.length)
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        let v = 0
        for (let i = -r; i <= r; i++) {
          const xx = horizontal ? Math.min(size - 1, Math.max(0, x + i)) : x
          const yy = horizontal ? y : Math.min(size - 1, Math.max(0, y + i))
          v += kn[i + r] * src[yy * size + xx]
        }
        out[y * size + x] = v
      }
    }
    return out
  }
  return pass(pass(img, true), false)
}

function cubic(t: number): number {
  const a = -0.5
  const u = Math.abs(t)
  if (u <= 1) return (a + 2) * u ** 3 - (a + 3) * u ** 2 + 1
  if (u < 2) return a * u ** 3 - 5 * a * u ** 2 + 8 * a * u - 4 * a
  return 0
}

/**
 * Bicubic (Keys, a = −0.5) 2× upsampling with edge clamping, pixel-centre aligned.
 * @param lr - (n/2)² values; @returns n² values
 */
export function bicubicUp2(lr: Float32Array, lrSize: number): Float32Array {
  const n = lrSize * 2
  const out = new Float32Array(n * n)
  const at = (x: number, y: number): number =>
    lr[Math.min(lrSize - 1, Math.max(0, y)) * lrSize + Math.min(lrSize - 1, Math.max(0, x))]
  for (let y = 0; y < n; y++) {
    const sy = (y + 0.5) / 2 - 0.5
    const iy = Math.floor(sy)
    for (let x = 0; x < n; x++) {
      const sx = (x + 0.5) / 2 - 0.5
      const ix = Math.floor(sx)
      let v = 0
      for (let m = -1; m <= 2; m++) for (let l = -1; l <= 2; l++) v += cubic(sy - (iy + m)) * cubic(sx - (ix + l)) * at(ix + l, iy + m)
      out[y * n + x] = v
    }
  }
  return out
}

/**
 * Generates `count` pairs: y = filaments, x = bicubic-up(noise + down2(blur(y))), both mapped to [−1, 1].
 * @returns pairs ready for the trainer (x is the bicubic baseline on the target grid)
 */
export function filamentPairs(count: number, seed: number, options: Partial<FilamentOptions> = {}): TrainingPair[] {
  const o = { ...DEFAULTS, ...options }
  const rng = new Rng(seed)
  const half = o.size / 2
  return Array.from({ length: count }, () => {
    const hr = renderFilaments(rng, o.size, o.filaments)
    const blurred = gaussianBlur(hr, o.size, o.blurSigma)
    const lr = new Float32Array(half * half)
    for (let y = 0; y < half; y++) {
      for (let x = 0; x < half; x++) {
        const s = blurred[2 * y * o.size + 2 * x] + blurred[2 * y * o.size + 2 * x + 1]
        const t = blurred[(2 * y + 1) * o.size + 2 * x] + blurred[(2 * y + 1) * o.size + 2 * x + 1]
        lr[y * half + x] = (s + t) / 4 + o.noise * rng.normal()
      }
    }
    const up = bicubicUp2(lr, half)
    return {
      x: up.map((v) => Math.min(1, Math.max(-1, 2 * v - 1))),
      y: hr.map((v) => 2 * v - 1),
      height: o.size,
      width: o.size
    }
  })
}

/** PSNR in dB with data range 2 ([−1, 1] images, as the official metric code). */
export function psnr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let se = 0
  for (let i = 0; i < a.length; i++) se += (a[i] - b[i]) ** 2
  return 10 * Math.log10(4 / (se / a.length))
}
