/**
 * Camera model for the synthetic inputs (sCMOS-like; EMVA 1288 linear model): photoelectrons
 * e ~ Poisson(S + B) + N(0, σ_read²), digital value round(g·e + offset) clipped to uint16.
 * Its signal-to-noise ratio at signal S is S / √(S + B + σ_read² + 1/(12·g²)) (the last term is quantization).
 */
import type { Rng } from './random'

/** Camera parameters. */
export interface CameraOptions {
  /** Digital offset added to every pixel (ADU), default 100. */
  offset: number
  /** Gaussian read noise (photoelectrons rms), default 1.5. */
  readNoise: number
  /** Conversion gain (ADU per photoelectron), default 1. */
  gain: number
}

/** Default camera: offset 100 ADU, 1.5 e⁻ read noise, 1 ADU/e⁻. */
export const DEFAULT_CAMERA: Readonly<CameraOptions> = Object.freeze({ offset: 100, readNoise: 1.5, gain: 1 })

/**
 * Stated SNR of a pixel with expected signal `signal` photoelectrons on `background` photoelectrons.
 * @returns S / √(S + B + σ_read² + 1/(12·g²)), dimensionless
 */
export function statedSnr(signal: number, background: number, camera: CameraOptions): number {
  return signal / Math.sqrt(signal + background + camera.readNoise ** 2 + 1 / (12 * camera.gain ** 2))
}

/**
 * Simulates the camera on an expected-signal image.
 * @param signal - expected signal photoelectrons per pixel (≥ 0), any length
 * @param background - expected background photoelectrons per pixel (≥ 0)
 * @returns digital numbers (ADU) in [0, 65535]
 */
export function applyCamera(signal: ArrayLike<number>, background: number, camera: CameraOptions, rng: Rng): Uint16Array {
  const out = new Uint16Array(signal.length)
  for (let i = 0; i < signal.length; i++) {
    const electrons = rng.poisson(Math.max(0, signal[i]) + background) + camera.readNoise * rng.normal()
    const adu = Math.round(camera.gain * electrons + camera.offset)
    out[i] = adu < 0 ? 0 : adu > 65535 ? 65535 : adu
  }
  return out
}

/**
 * Measures the SNR at signal level `level` with a photon-transfer curve (EMVA 1288 §6): pixels are grouped into
 * `bins` equal-count bins of expected signal, the residual variance of each bin is fitted by a line
 * var(S) = a + b·S (least squares), and the SNR is level / √var(level).
 * @param adu - camera output; @param signal - its expected signal (photoelectrons), same length
 * @returns measured SNR, dimensionless
 */
export function measureSnr(
  adu: ArrayLike<number>,
  signal: ArrayLike<number>,
  background: number,
  camera: CameraOptions,
  level: number,
  bins = 16
): number {
  const n = signal.length
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => signal[a] - signal[b])
  const xs: number[] = []
  const ys: number[] = []
  for (let b = 0; b < bins; b++) {
    const lo = Math.floor((b * n) / bins)
    const hi = Math.floor(((b + 1) * n) / bins)
    let s = 0
    let r = 0
    let rr = 0
    for (let k = lo; k < hi; k++) {
      const i = order[k]
      const resid = (adu[i] - camera.offset) / camera.gain - background - signal[i]
      s += signal[i]
      r += resid
      rr += resid * resid
    }
    const m = hi - lo
    xs.push(s / m)
    ys.push(rr / m - (r / m) ** 2)
  }
  const mx = xs.reduce((a, b) => a + b, 0) / bins
  const my = ys.reduce((a, b) => a + b, 0) / bins
  let sxy = 0
  let sxx = 0
  for (let b = 0; b < bins; b++) {
    sxy += (xs[b] - mx) * (ys[b] - my)
    sxx += (xs[b] - mx) ** 2
  }
  const slope = sxx > 0 ? sxy / sxx : 0
  const variance = my + slope * (level - mx)
  return level / Math.sqrt(variance)
}
