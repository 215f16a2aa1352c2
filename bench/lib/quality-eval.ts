/**
 * Scoring of the quality benchmark. Metrics follow bench/quality-quick.bench.ts and CARE: ground truth normalized
 * by its 0.1/99.9 percentiles, prediction aligned by least squares (norm_minmse), data range 1. MS-SSIM here uses
 * 3 scales (weights 0.0448, 0.2856, 0.3001 renormalized to sum 1) because the 5-scale standard needs ≥ 176 px
 * images and the test images are 64²; it is labelled "MS-SSIM-3" wherever reported.
 */
import { downsample2, normMinMse, restorationMetrics, ssimComponents, uncertaintyCalibration, type CalibrationBin } from '../../src/core/data'
import { predict, sample, tf, type CvdmModel, type SamplerConfig } from '../../src/core/engine'
import { stack, type LabelledPair } from './quality-data'

const W3 = [0.0448, 0.2856, 0.3001]
const W3_SUM = W3.reduce((a, b) => a + b, 0)

/** 3-scale MS-SSIM (see the file comment) of two aligned images in data range 1. */
export function msSsim3(gt: ArrayLike<number>, pred: ArrayLike<number>, width: number, height: number): number {
  let a = { data: gt, width, height }
  let b = { data: pred, width, height }
  let result = 1
  for (let j = 0; j < W3.length; j++) {
    const { ssim, cs } = ssimComponents(a.data, b.data, a.width, a.height, { dataRange: 1 })
    result *= Math.max(0, j === W3.length - 1 ? ssim : cs) ** (W3[j] / W3_SUM)
    if (j < W3.length - 1) {
      a = downsample2(a.data, a.width, a.height)
      b = downsample2(b.data, b.width, b.height)
    }
  }
  return result
}

/** Mean metrics over a set (and per structure / photon level). */
export interface Scores {
  psnr: number
  ssim: number
  msSsim3: number
  byCell: Record<string, { psnr: number; ssim: number }>
}

/** Scores predictions (NHWC flat, same order as `set`). */
export function score(set: LabelledPair[], pred: Float32Array): Scores {
  const n = set[0].width * set[0].height
  const acc = { psnr: 0, ssim: 0, msSsim3: 0 }
  const byCell: Scores['byCell'] = {}
  set.forEach((p, i) => {
    const yHat = pred.subarray(i * n, (i + 1) * n)
    const m = restorationMetrics(p.y, yHat, p.width, p.height)
    const a = normMinMse(p.y, yHat)
    const ms = msSsim3(a.gt, a.pred, p.width, p.height)
    acc.psnr += m.psnr
    acc.ssim += m.ssim
    acc.msSsim3 += ms
    const key = `${p.structure}@${p.photons}`
    const cell = (byCell[key] ??= { psnr: 0, ssim: 0 })
    const per = set.filter((q) => `${q.structure}@${q.photons}` === key).length
    cell.psnr += m.psnr / per
    cell.ssim += m.ssim / per
  })
  const k = set.length
  return { psnr: acc.psnr / k, ssim: acc.ssim / k, msSsim3: acc.msSsim3 / k, byCell }
}

/** Result of restoring the test set with one sampler setting. */
export interface SamplerScores {
  mean: Scores
  /** Spearman(std, |error|) and binned error-vs-std over all test pixels (in [−1, 1] units); K > 1 only. */
  calibration?: { spearman: number; ratio: number; bins: CalibrationBin[] }
  seconds: number
}

/**
 * Restores the test set (all images in one batch) and scores the mean of K samples.
 * Regression models take their one-pass path.
 */
export async function evaluate(model: CvdmModel, set: LabelledPair[], sampler: Partial<SamplerConfig>): Promise<SamplerScores> {
  const size = set[0].width
  const x = tf.tensor4d(stack(set, 'x'), [set.length, size, size, 1])
  const t0 = performance.now()
  try {
    if (model.config.method === 'regression') {
      const yHat = predict(model, x)
      const pred = yHat.dataSync() as Float32Array
      yHat.dispose()
      return { mean: score(set, pred), seconds: (performance.now() - t0) / 1000 }
    }
    const out = await sample(model, x, { maxBatch: 64, ...sampler })
    const mean = out.mean.dataSync() as Float32Array
    const std = out.std.dataSync() as Float32Array
    tf.dispose([out.mean, out.std])
    const result: SamplerScores = { mean: score(set, mean), seconds: (performance.now() - t0) / 1000 }
    if ((sampler.samples ?? 1) > 1) {
      const c = uncertaintyCalibration(std, mean, stack(set, 'y'), 10)
      result.calibration = { spearman: c.spearman, ratio: c.ratio, bins: c.bins }
    }
    return result
  } finally {
    x.dispose()
  }
}

/** Bicubic baseline scores (the condition itself). */
export function bicubicScores(set: LabelledPair[]): Scores {
  return score(set, stack(set, 'x'))
}
