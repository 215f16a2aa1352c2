/**
 * Checks the metrics, percentiles and Spearman ρ against numpy/scipy/scikit-image: the inputs are written to a temp
 * folder and `reference/make_reference.py` is run with Debian's /usr/bin/python3 (python3-skimage). Without it the
 * suite is skipped with a printed reason, unless CI is set, where the missing reference is a failure.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { applyCamera, DEFAULT_CAMERA } from '../camera'
import { spearman } from '../calibration'
import { FloatHistogram, IntegerHistogram, RangeAccumulator } from '../histogram'
import { createRng } from '../random'
import { generatePair } from '../synth'
import { dataRangeOf, msSsim, normMinMse, nrmse, psnr, ssim } from '.'

const PYTHON = '/usr/bin/python3'
const SCRIPT = join(__dirname, '..', 'reference', 'make_reference.py')
const probe = spawnSync(PYTHON, ['-c', 'import numpy, scipy, skimage'], { encoding: 'utf8' })
const available = probe.status === 0
const reason = available ? '' : `${PYTHON} with numpy/scipy/scikit-image is not available: ${probe.error?.message ?? probe.stderr?.trim()}`
if (!available) console.warn(`[metrics-reference] skipped: ${reason}`)

interface Case {
  name: string
  width: number
  height: number
  truth: Float32Array | Uint16Array
  test: Float32Array | Uint16Array
  dataRange: number
}

function blobs(width: number, height: number, seed: number): Float32Array {
  const rng = createRng(seed)
  const out = new Float32Array(width * height)
  const centres = Array.from({ length: 30 }, () => [rng.range(0, width), rng.range(0, height), rng.range(2, 12), rng.range(0.2, 1)])
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let v = 0.1 + 0.05 * Math.sin(x / 7) * Math.cos(y / 11)
      for (const [cx, cy, s, a] of centres) v += a * Math.exp(-((x - cx) ** 2 + (y - cy) ** 2) / (2 * s * s))
      out[y * width + x] = v
    }
  }
  return out
}

function makeCases(): Case[] {
  const rng = createRng(11)
  const a = blobs(192, 180, 1)
  const noisy = a.map((v) => v + 0.05 * rng.normal() + 0.02)
  const b = blobs(180, 176, 2)
  const anti = b.map((v) => 1 - v + 0.1 * rng.normal())
  const pair = generatePair({ task: 'sr2x', structure: 'mt', seed: 5 })
  const up = new Float32Array(256 * 256).map((_, i) => pair.input.data[(Math.floor(i / 512) * 128) + Math.floor((i % 256) / 2)])
  const tiny = blobs(13, 11, 3)
  const dn = generatePair({ task: 'denoise', structure: 'ccp', width: 128, height: 128, seed: 6 })
  const second = applyCamera(dn.inputSignal, dn.meta.background, DEFAULT_CAMERA, createRng(99))
  return [
    { name: 'blobs', width: 192, height: 180, truth: a, test: noisy, dataRange: 1 },
    { name: 'anti', width: 180, height: 176, truth: b, test: anti, dataRange: 1 },
    { name: 'synth', width: 256, height: 256, truth: pair.target.data, test: up, dataRange: dataRangeOf(pair.target.data) },
    { name: 'tiny', width: 13, height: 11, truth: tiny, test: tiny.map((v, i) => v + 0.01 * (i % 3)), dataRange: 2 },
    { name: 'camera', width: 128, height: 128, truth: dn.input.data, test: second, dataRange: 65535 }
  ]
}

const cases = makeCases()
/** One case of make_reference.py's output. */
interface Reference {
  percentiles: Record<string, number>
  psnr: number
  ssim: number
  nrmse: Record<'euclidean' | 'min-max' | 'mean', number>
  msSsim?: number
  normMinMse: { scale: number; offset: number; mse: number; psnr: number }
  spearmanAbsError: number
}

let reference: Record<string, Reference> = {}
let dir = ''

describe('reference tooling', () => {
  it('has /usr/bin/python3 with scikit-image (required when CI is set)', (ctx) => {
    if (available) return
    if (process.env.CI) throw new Error(reason)
    ctx.skip()
  })
})

describe.skipIf(!available)('metrics vs numpy/scipy/scikit-image', () => {
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cvdm-metrics-'))
    const manifest = cases.map((c) => {
      writeFileSync(join(dir, `${c.name}-truth.raw`), c.truth)
      writeFileSync(join(dir, `${c.name}-test.raw`), c.test)
      const dtype = c.truth instanceof Uint16Array ? 'uint16' : 'float32'
      return { name: c.name, width: c.width, height: c.height, truth: `${c.name}-truth.raw`, test: `${c.name}-test.raw`, dtype, dataRange: c.dataRange }
    })
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ cases: manifest }))
    const run = spawnSync(PYTHON, [SCRIPT, dir], { encoding: 'utf8', timeout: 60_000 })
    if (run.status !== 0) throw new Error(`make_reference.py failed: ${run.stderr}`)
    reference = JSON.parse(run.stdout) as Record<string, Reference>
  })
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it.each(cases.map((c) => [c.name, c] as const))('%s: PSNR, SSIM, NRMSE within 1e-4 of skimage', (name, c) => {
    const r = reference[name]
    expect(Math.abs(psnr(c.truth, c.test, c.dataRange) - r.psnr)).toBeLessThan(1e-4)
    expect(Math.abs(ssim(c.truth, c.test, c.width, c.height, { dataRange: c.dataRange }) - r.ssim)).toBeLessThan(1e-4)
    for (const n of ['euclidean', 'min-max', 'mean'] as const) expect(Math.abs(nrmse(c.truth, c.test, n) - r.nrmse[n])).toBeLessThan(1e-4)
  })

  it.each(cases.filter((c) => c.width >= 176 && c.height >= 176).map((c) => [c.name, c] as const))(
    '%s: MS-SSIM within 1e-4 of the numpy reference',
    (name, c) => {
      const expected = reference[name].msSsim
      if (expected === undefined) throw new Error(`make_reference.py gave no MS-SSIM for ${name}`)
      expect(Math.abs(msSsim(c.truth, c.test, c.width, c.height, { dataRange: c.dataRange }) - expected)).toBeLessThan(1e-4)
    }
  )

  it.each(cases.map((c) => [c.name, c] as const))('%s: norm_minmse matches the least-squares closed form', (name, c) => {
    const r = reference[name].normMinMse
    const a = normMinMse(c.truth, c.test)
    expect(Math.abs(a.scale / r.scale - 1)).toBeLessThan(1e-5)
    expect(Math.abs(a.offset - r.offset)).toBeLessThan(1e-4 * Math.max(1, Math.abs(r.offset)))
    expect(Math.abs(psnr(a.gt, a.pred, 1) - r.psnr)).toBeLessThan(1e-4)
  })

  it.each(cases.map((c) => [c.name, c] as const))('%s: percentiles and Spearman ρ match numpy/scipy', (name, c) => {
    const r = reference[name]
    if (c.truth instanceof Uint16Array) {
      const h = new IntegerHistogram()
      h.add(c.truth)
      for (const [p, v] of Object.entries(r.percentiles)) expect(h.percentile(Number(p))).toBe(v)
    } else {
      const range = new RangeAccumulator()
      range.add(c.truth)
      const h = new FloatHistogram(range.min, range.max)
      h.add(c.truth)
      for (const [p, v] of Object.entries(r.percentiles)) expect(Math.abs(h.percentile(Number(p)) - v)).toBeLessThanOrEqual(h.maxError)
    }
    const absError = Float64Array.from(c.truth, (v, i) => Math.abs(c.test[i] - v))
    expect(spearman(c.truth, absError)).toBeCloseTo(r.spearmanAbsError, 9)
  })
})
