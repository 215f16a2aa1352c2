/**
 * Shipped models vs classic baselines, on synthetic held-out data and on real microscopy degraded by the forward
 * model (issue [D]): `default-denoise` vs Gaussian / TV / non-local means (skimage, parameters oracle-tuned on the
 * set: generous to them); `default-sr2x` vs bicubic on real images. Metrics as everywhere (norm_minmse alignment,
 * data range 1). Usage: npx tsx bench/classic-baselines.bench.ts [denoise-model] [pairs] [steps] [samples]
 * Needs Debian's /usr/bin/python3 with python3-skimage (real images: skimage's cell.png, a microscope image).
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { airyKernel, applyCamera, createRng, DEFAULT_CAMERA, blockSpearman, restorationMetrics, spearman, spearmanCeiling } from '../src/core/data'
import { convolveDirect } from '../src/core/data/convolve'
import { initBackend } from '../src/core/engine'
import { loadRestoreModel, restorePlane, upsampleBicubic } from '../src/core/restore'
import { buildSyntheticSet, normalizePlane } from '../src/core/training'

const MODELS = path.join(__dirname, '..', 'resources', 'models')
const PY = '/usr/bin/python3'

interface Case { name: string; x: Float32Array; y: Float32Array; width: number; height: number }

/** Real microscopy from skimage (cell.png: a cell imaged in saline), cropped to `size`² at (ox, oy), as [0, 1]. */
function realImage(size: number, ox: number, oy: number): Float32Array {
  const code = `import numpy as np, sys; from skimage import data; im = data.cell().astype(np.float64); c = im[${oy}:${oy + size}, ${ox}:${ox + size}]; c = (c - c.min()) / (c.max() - c.min()); sys.stdout.buffer.write(c.astype('<f4').tobytes())`
  const buf = execFileSync(PY, ['-c', code], { maxBuffer: 64 << 20 })
  return new Float32Array(buf.buffer, buf.byteOffset, size * size).slice()
}

/** Forward model on a given ground truth: widefield Airy blur (NA 1.3, 520 nm), ×factor binning, camera noise. */
function degrade(gt: Float32Array, size: number, factor: 1 | 2, photons: number, seed: number): { input: Uint16Array; target: Float32Array } {
  const px = 0.0626 / factor
  const wf = airyKernel({ wavelength: 0.52, na: 1.3, pixelSize: px, extent: (3 * 0.52) / 1.3 })
  const tk = factor === 2 ? airyKernel({ wavelength: 0.52, na: 2.6, pixelSize: px, extent: (1.5 * 0.52) / 1.3 }) : wf
  const blurWf = convolveDirect(gt, size, size, wf)
  const target = Float32Array.from(convolveDirect(gt, size, size, tk), (v) => Math.max(0, v))
  const inW = size / factor
  const binned = new Float64Array(inW * inW)
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) binned[Math.floor(y / factor) * inW + Math.floor(x / factor)] += Math.max(0, blurWf[y * size + x])
  const max = binned.reduce((m, v) => Math.max(m, v), 0)
  const signal = Float32Array.from(binned, (v) => (v * photons) / max)
  return { input: applyCamera(signal, 0.05 * photons, DEFAULT_CAMERA, createRng(seed)), target }
}

function runClassic(cases: Case[]): Record<string, Float32Array[]> & { params: Record<string, { param: number }> } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cvdm-classic-'))
  try {
    for (const c of cases) {
      writeFileSync(path.join(dir, `${c.name}.x.f32`), Buffer.from(c.x.buffer, c.x.byteOffset, c.x.byteLength))
      writeFileSync(path.join(dir, `${c.name}.y.f32`), Buffer.from(c.y.buffer, c.y.byteOffset, c.y.byteLength))
    }
    writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ images: cases.map((c) => ({ name: c.name, width: c.width, height: c.height })) }))
    execFileSync(PY, [path.join(__dirname, 'classic', 'denoise_classic.py'), dir], { stdio: 'inherit' })
    const out: Record<string, Float32Array[]> = {}
    for (const m of ['gaussian', 'tv', 'nlm']) {
      out[m] = cases.map((c) => {
        const b = readFileSync(path.join(dir, `${c.name}.${m}.f32`))
        return new Float32Array(b.buffer, b.byteOffset, c.width * c.height).slice()
      })
    }
    return Object.assign(out, { params: JSON.parse(readFileSync(path.join(dir, 'classic.json'), 'utf8')) })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

type Row = { method: string; psnr: number; ssim: number; rho?: number; ceiling?: number; block?: number }

async function evaluate(modelId: string, cases: Case[], steps: number, samples: number, kind: 'ddim' | 'ancestral', baselines: Record<string, Float32Array[]>): Promise<Row[]> {
  const loaded = await loadRestoreModel(modelId, { builtIn: MODELS })
  const rows: Row[] = []
  const add = (method: string, preds: Float32Array[], rho?: number, ceiling?: number, block?: number): void => {
    const m = preds.map((p, i) => restorationMetrics(cases[i].y, p, cases[i].width, cases[i].height))
    rows.push({ method, psnr: m.reduce((s, v) => s + v.psnr, 0) / m.length, ssim: m.reduce((s, v) => s + v.ssim, 0) / m.length, rho, ceiling, block })
  }
  for (const [name, preds] of Object.entries(baselines)) add(name, preds)
  const means: Float32Array[] = []
  let rho = 0
  let ceiling = 0
  let block = 0
  for (const c of cases) {
    const r = await restorePlane(loaded.model, c.x, c.width, c.height, { sampler: { kind, steps, samples, seed: 1 }, tile: 128, overlap: 32 })
    means.push(r.mean)
    if (r.std) {
      rho += spearman(r.std, Float32Array.from(r.mean, (v, i) => Math.abs(v - c.y[i])))
      ceiling += spearmanCeiling(r.std)
      block += blockSpearman(r.std, r.mean, c.y, c.width, c.height, 4)
    }
  }
  const k = cases.length
  add(`CVDM ${loaded.id} (mean of ${samples}, ${steps} ${kind} steps)`, means, samples > 1 ? rho / k : undefined, samples > 1 ? ceiling / k : undefined, samples > 1 ? block / k : undefined)
  loaded.model.dispose()
  return rows
}

function print(title: string, rows: Row[]): void {
  console.log(`\n${title}\n| method | PSNR (dB) | SSIM | Spearman(std, abs err) | calibrated ceiling | 4×4-block ρ |\n|---|---|---|---|---|---|`)
  const f = (v?: number): string => (v === undefined ? '' : v.toFixed(3))
  for (const r of rows) console.log(`| ${r.method} | ${r.psnr.toFixed(2)} | ${r.ssim.toFixed(3)} | ${f(r.rho)} | ${f(r.ceiling)} | ${f(r.block)} |`)
}

async function main(): Promise<void> {
  const backend = await initBackend()
  const [modelArg = 'default-denoise', n = '8', stepsArg = '12', samplesArg = '4', kindArg = 'ancestral'] = process.argv.slice(2)
  const kind = kindArg === 'ddim' ? 'ddim' : 'ancestral'
  const steps = Number(stepsArg)
  const samples = Number(samplesArg)
  const started = performance.now()
  const den = await loadRestoreModel(modelArg, { builtIn: MODELS })
  const p = den.percentiles
  den.model.dispose()

  // 1. Synthetic held-out denoise set.
  const { pairs } = buildSyntheticSet({ task: 'denoise', count: Number(n), size: 128, seed: 'test-denoise', percentiles: p, photons: [20, 1000] })
  const synth: Case[] = pairs.map((q, i) => ({ name: `s${i}`, ...q }))
  const c1 = runClassic(synth)
  print(`Denoising, ${synth.length} held-out synthetic pairs (128², mixed structures, 20–1000 photons); classic parameters ${JSON.stringify(c1.params)}`, await evaluate(modelArg, synth, steps, samples, kind, { 'noisy input': synth.map((c) => c.x), gaussian: c1.gaussian, tv: c1.tv, nlm: c1.nlm }))

  // 2. Real microscopy (skimage cell.png), degraded by the same forward model, 4 crops × 2 photon levels.
  const crops = [[0, 0], [200, 100], [400, 200], [250, 300]] as const
  const realDen: Case[] = []
  const realSr: Case[] = []
  crops.forEach(([ox, oy], i) => {
    const gt = realImage(128, ox, oy)
    for (const photons of [50, 500]) {
      const d = degrade(gt, 128, 1, photons, 100 + i)
      realDen.push({ name: `rd${i}-${photons}`, x: normalizePlane(d.input, p), y: normalizePlane(d.target, p), width: 128, height: 128 })
      const s = degrade(gt, 128, 2, photons, 200 + i)
      realSr.push({ name: `rs${i}-${photons}`, x: upsampleBicubic(normalizePlane(s.input, p), 64, 64, 2), y: normalizePlane(s.target, p), width: 128, height: 128 })
    }
  })
  const c2 = runClassic(realDen)
  print('Denoising, real microscopy (skimage cell.png, 4 crops × 50/500 photons, widefield forward model)', await evaluate(modelArg, realDen, steps, samples, kind, { 'noisy input': realDen.map((c) => c.x), gaussian: c2.gaussian, tv: c2.tv, nlm: c2.nlm }))
  print('2× SR, real microscopy (skimage cell.png, same crops, widefield → SIM-like target)', await evaluate('default-sr2x', realSr, steps, samples, kind, { bicubic: realSr.map((c) => c.x) }))
  console.log(`\n${backend.name}, ${((performance.now() - started) / 1000).toFixed(0)} s`)
}
void main()
