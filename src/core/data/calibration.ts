/**
 * How much an uncertainty map is worth: Spearman's rank correlation ρ between the per-pixel standard deviation of
 * the K samples and the absolute error of their mean (Spearman 1904; Pearson correlation of average ranks, as
 * scipy.stats.spearmanr), and an error-vs-std curve over equal-count std bins. For a calibrated Gaussian
 * predictive distribution each bin's RMSE equals its RMS std and its mean |error| is √(2/π)·σ.
 */
import { CodedError } from '../../shared/errors'
import { createRng } from './random'

/** 1-based ranks with ties given their average rank (scipy.stats.rankdata, method='average'). */
export function rankData(values: ArrayLike<number>): Float64Array {
  const n = values.length
  const order = new Uint32Array(n)
  for (let i = 0; i < n; i++) order[i] = i
  order.sort((a, b) => values[a] - values[b])
  const ranks = new Float64Array(n)
  for (let i = 0; i < n; ) {
    let j = i
    while (j + 1 < n && values[order[j + 1]] === values[order[i]]) j++
    const r = (i + j) / 2 + 1
    for (let k = i; k <= j; k++) ranks[order[k]] = r
    i = j + 1
  }
  return ranks
}

/** Pearson correlation coefficient in [−1, 1]; NaN when either input is constant. */
export function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length
  let ma = 0
  let mb = 0
  for (let i = 0; i < n; i++) {
    ma += a[i]
    mb += b[i]
  }
  ma /= n
  mb /= n
  let sab = 0
  let saa = 0
  let sbb = 0
  for (let i = 0; i < n; i++) {
    const da = a[i] - ma
    const db = b[i] - mb
    sab += da * db
    saa += da * da
    sbb += db * db
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : NaN
}

/** Spearman's ρ in [−1, 1] (NaN when either input is constant). @throws CodedError bad-request on length mismatch */
export function spearman(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length || a.length < 2) throw new CodedError('bad-request', 'spearman needs two equally long arrays of ≥ 2 values')
  return pearson(rankData(a), rankData(b))
}

/**
 * Spearman ρ at the scale a user reads an uncertainty map: the image is cut into block × block tiles and the tiles'
 * RMS std is ranked against their RMSE, which averages away the single-draw noise of per-pixel |error|.
 * @param std - per-pixel std, row-major width × height; @param prediction, truth - same layout and units
 * @param block - tile side in pixels (default 4); partial tiles at the right/bottom edge are left out
 * @returns ρ in [−1, 1] (NaN when either side is constant)
 * @throws CodedError bad-request when the sizes disagree or fewer than 2 tiles fit
 */
export function blockSpearman(
  std: ArrayLike<number>,
  prediction: ArrayLike<number>,
  truth: ArrayLike<number>,
  width: number,
  height: number,
  block = 4
): number {
  const n = width * height
  if (std.length !== n || prediction.length !== n || truth.length !== n) throw new CodedError('bad-request', 'std, prediction and truth must all have width × height values')
  const bw = Math.floor(width / block)
  const bh = Math.floor(height / block)
  if (bw * bh < 2) throw new CodedError('bad-request', `blockSpearman needs at least 2 tiles of ${block}² pixels`)
  const rmsStd = new Float64Array(bw * bh)
  const rmse = new Float64Array(bw * bh)
  for (let y = 0; y < bh * block; y++) {
    for (let x = 0; x < bw * block; x++) {
      const i = y * width + x
      const t = Math.floor(y / block) * bw + Math.floor(x / block)
      const e = prediction[i] - truth[i]
      rmsStd[t] += std[i] * std[i]
      rmse[t] += e * e
    }
  }
  return spearman(rmsStd, rmse) // monotone in the RMS values, so the square roots can be skipped
}

/** One bin of the error-vs-std curve (units of the image). */
export interface CalibrationBin {
  stdLow: number
  stdHigh: number
  /** Mean std in the bin (x axis of the curve; a calibrated Gaussian has meanAbsError = √(2/π)·stdMean). */
  stdMean: number
  /** Root mean square of the std in the bin (the RMSE a calibrated model would have). */
  stdRms: number
  /** Root mean squared error of the pixels in the bin. */
  rmse: number
  meanAbsError: number
  count: number
}

/** Calibration summary of an uncertainty map. */
export interface CalibrationReport {
  /** Spearman ρ between std and |error|. */
  spearman: number
  /** Equal-count bins of increasing std. */
  bins: CalibrationBin[]
  /** Overall RMSE / RMS std: 1 when calibrated, > 1 overconfident, < 1 underconfident. */
  ratio: number
  /**
   * The ρ a perfectly calibrated Gaussian map with these std values would reach ({@link spearmanCeiling}): one
   * error draw per pixel caps ρ far below 1 when the std varies little across the image.
   */
  ceiling: number
}

/**
 * Spearman ceiling of a std map: ρ(σ, |σ·n|) with n ~ N(0, 1) drawn per pixel (seeded). Even when every pixel's
 * error really is N(0, σ²), a single error draw is a noisy witness of σ (log|n| has a standard deviation of 1.1),
 * so ρ reaches 0.5 only where log σ spreads by ≳ 0.64 across the image. Compare a measured ρ with this value.
 * @param std - per-pixel standard deviations (≥ 0)
 * @returns ρ in [−1, 1] (NaN for a constant map)
 */
export function spearmanCeiling(std: ArrayLike<number>, seed = 1): number {
  const rng = createRng(seed)
  const err = Float64Array.from({ length: std.length }, (_, i) => Math.abs(std[i] * rng.normal()))
  return spearman(std, err)
}

/**
 * Scores an uncertainty map against the actual errors.
 * @param std - per-pixel standard deviation of the samples (≥ 0)
 * @param prediction - per-pixel mean of the samples; @param truth - ground truth, all the same length and units
 * @param bins - number of equal-count std bins (default 10)
 */
export function uncertaintyCalibration(
  std: ArrayLike<number>,
  prediction: ArrayLike<number>,
  truth: ArrayLike<number>,
  bins = 10
): CalibrationReport {
  const n = std.length
  if (prediction.length !== n || truth.length !== n || n < bins) {
    throw new CodedError('bad-request', `std, prediction and truth must be equally long with ≥ ${bins} pixels`)
  }
  const err = new Float64Array(n)
  for (let i = 0; i < n; i++) err[i] = prediction[i] - truth[i]
  const absErr = err.map(Math.abs)
  const order = new Uint32Array(n)
  for (let i = 0; i < n; i++) order[i] = i
  order.sort((a, b) => std[a] - std[b])
  const out: CalibrationBin[] = []
  let totalSq = 0
  let totalStdSq = 0
  for (let b = 0; b < bins; b++) {
    const lo = Math.floor((b * n) / bins)
    const hi = Math.floor(((b + 1) * n) / bins)
    let sq = 0
    let ab = 0
    let ss = 0
    let sm = 0
    for (let k = lo; k < hi; k++) {
      const i = order[k]
      sq += err[i] * err[i]
      ab += absErr[i]
      ss += std[i] * std[i]
      sm += std[i]
    }
    totalSq += sq
    totalStdSq += ss
    const m = hi - lo
    out.push({
      stdLow: std[order[lo]],
      stdHigh: std[order[hi - 1]],
      stdMean: sm / m,
      stdRms: Math.sqrt(ss / m),
      rmse: Math.sqrt(sq / m),
      meanAbsError: ab / m,
      count: m
    })
  }
  return {
    spearman: spearman(std, absErr),
    bins: out,
    ratio: Math.sqrt(totalSq / Math.max(totalStdSq, 1e-300)),
    ceiling: spearmanCeiling(std)
  }
}
