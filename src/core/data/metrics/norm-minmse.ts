/**
 * CARE's `norm_minmse` (Weigert et al., Nat. Methods 15 (2018), code in csbdeep/CARE notebooks): the ground truth is
 * percentile-normalized (0.1 %, 99.9 %), then the prediction is affinely aligned to it by least squares,
 * x' = a·x + b with a = cov(x, g)/var(x), b = ḡ − a·x̄ (closed form of min_{a,b} ‖a·x + b − g‖²). CARE centres
 * both images instead of adding b; the squared error is identical. (CARE divides np.cov, ddof 1, by np.var, ddof 0,
 * which inflates a by N/(N−1); here both are population moments, the exact least-squares solution.)
 */
import { CodedError } from '../../../shared/errors'
import { percentileFromOrder } from '../histogram'

/** Exact numpy-'linear' percentile of an array (sorts a float64 copy; NaN is not allowed). */
export function percentileOf(values: ArrayLike<number>, p: number): number {
  if (values.length === 0) throw new CodedError('bad-request', 'percentile of an empty array')
  const sorted = Float64Array.from(values).sort()
  return percentileFromOrder(sorted.length, p, (k) => sorted[k])
}

/** Result of {@link normMinMse}: both images in the ground truth's normalized units. */
export interface MinMseAlignment {
  /** Normalized ground truth, (g − P0.1)/(P99.9 − P0.1 + 1e-20) (or g itself when normalizeGt is false). */
  gt: Float32Array
  /** Prediction mapped onto `gt` by least squares: scale·x + offset. */
  pred: Float32Array
  scale: number
  offset: number
}

/**
 * Aligns a prediction to the (normalized) ground truth, for metrics that are fair to any intensity scale.
 * @param gt - ground truth (any units); @param pred - prediction, same length
 * @param options - normalizeGt (default true), pLow/pHigh (default 0.1/99.9, CARE's)
 * @throws CodedError bad-request for different lengths
 */
export function normMinMse(
  gt: ArrayLike<number>,
  pred: ArrayLike<number>,
  options: { normalizeGt?: boolean; pLow?: number; pHigh?: number } = {}
): MinMseAlignment {
  if (gt.length !== pred.length || gt.length === 0) throw new CodedError('bad-request', 'gt and pred must be non-empty and equally long')
  const n = gt.length
  const g = new Float32Array(n)
  if (options.normalizeGt ?? true) {
    const lo = percentileOf(gt, options.pLow ?? 0.1)
    const hi = percentileOf(gt, options.pHigh ?? 99.9)
    const s = 1 / (hi - lo + 1e-20) // csbdeep.utils.normalize_mi_ma, eps = 1e-20
    for (let i = 0; i < n; i++) g[i] = (gt[i] - lo) * s
  } else {
    for (let i = 0; i < n; i++) g[i] = gt[i]
  }
  let mx = 0
  let mg = 0
  for (let i = 0; i < n; i++) {
    mx += pred[i]
    mg += g[i]
  }
  mx /= n
  mg /= n
  let sxg = 0
  let sxx = 0
  for (let i = 0; i < n; i++) {
    const dx = pred[i] - mx
    sxg += dx * (g[i] - mg)
    sxx += dx * dx
  }
  const scale = sxx > 0 ? sxg / sxx : 0
  const offset = mg - scale * mx
  const out = new Float32Array(n)
  for (let i = 0; i < n; i++) out[i] = scale * pred[i] + offset
  return { gt: g, pred: out, scale, offset }
}
