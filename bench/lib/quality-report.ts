/**
 * Turns bench/results/quality.jsonl rows into markdown tables, the target check, SVG plots
 * (quality-curves.svg: validation PSNR vs step per run; quality-calibration.svg: RMSE vs predicted std) and
 * quality-summary.json.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { CalibrationBin } from '../../src/core/data'
import type { SamplerScores, Scores } from './quality-eval'
import { lineChart, type Series } from './svg-plot'

type Row = Record<string, unknown> & { kind: string; key: string }
interface RunRow extends Row {
  name: string
  method: string
  schedule: string
  seed: number
  steps: number
  trainSeconds: number
  diverged: string | null
  curve: [number, number][]
  valBicubic: number
  testMean?: SamplerScores
  testSingle?: SamplerScores
}

const f = (v: number | undefined, d = 2): string => (v === undefined || !Number.isFinite(v) ? '–' : v.toFixed(d))
const meanSd = (v: number[]): string => {
  if (v.length === 0) return '–'
  const m = v.reduce((a, b) => a + b, 0) / v.length
  const sd = Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / Math.max(1, v.length - 1))
  return v.length > 1 ? `${m.toFixed(2)} ± ${sd.toFixed(2)}` : m.toFixed(2)
}
const avg = (v: number[]): number => v.reduce((a, b) => a + b, 0) / v.length
const group = (r: RunRow): string => (r.method === 'regression' ? 'regression U-Net' : r.schedule === 'learned' ? 'CVDM (learned)' : `fixed (${r.schedule})`)
const COLORS: Record<string, string> = { 'CVDM (learned)': '#d62728', 'fixed (cosine)': '#1f77b4', 'regression U-Net': '#2ca02c' }

/** Writes the SVGs and summary JSON to `dir`; returns the markdown. */
export function writeReport(rows: Row[], dir: string): string {
  const out: string[] = []
  const samplers = rows.filter((r) => r.kind === 'sampler' && r.model === 'default-sr2x') as (Row & SamplerScores & { scores?: Scores; steps?: number; samples?: number })[]
  const bic = samplers.find((r) => r.key === 'sr2x/bicubic')?.scores
  if (samplers.length) {
    out.push('**default-sr2x on the test set** (8 images 64²: 4 structures × 20/500 photons; CARE metrics, data range 1; MS-SSIM-3 = 3 scales)\n')
    out.push('| method | steps | K | PSNR | SSIM | MS-SSIM-3 | Spearman(std, abs err) | RMSE/RMS std | s |')
    out.push('|---|---|---|---|---|---|---|---|---|')
    if (bic) out.push(`| bicubic | – | – | ${f(bic.psnr)} | ${f(bic.ssim, 3)} | ${f(bic.msSsim3, 3)} | – | – | – |`)
    for (const r of samplers.filter((s) => s.mean)) {
      const c = r.calibration
      out.push(`| ${r.key.split('/')[1]}${r.key.endsWith('/noclip') ? ' (no x̂₀ clip)' : ''} | ${r.steps} | ${r.samples} | ${f(r.mean.psnr)} | ${f(r.mean.ssim, 3)} | ${f(r.mean.msSsim3, 3)} | ${c ? f(c.spearman, 3) : '–'} | ${c ? f(c.ratio, 2) : '–'} | ${f(r.seconds, 0)} |`)
    }
    const best = samplers.find((r) => r.key === 'sr2x/ddim/20/K4')
    if (best && bic) {
      out.push('\nPer structure × photons (PSNR dB, bicubic → DDIM 20, K = 4):')
      out.push(Object.keys(best.mean.byCell).map((k) => `${k}: ${f(bic.byCell[k]?.psnr)} → ${f(best.mean.byCell[k].psnr)}`).join('; '))
    }
  }
  const runs = rows.filter((r) => r.kind === 'run') as RunRow[]
  const ablBic = (rows.find((r) => r.key === 'ablation/bicubic') as (Row & { scores: Scores }) | undefined)?.scores
  if (runs.length) {
    out.push(`\n**Ablation** (cvdm-xs from scratch, ${runs[0].steps} steps, 32² crops, batch 4, lr 1e-3, clip 1, EMA 0.98; test: DDIM 20)\n`)
    out.push('| run | diverged | val PSNR (dB, range 2) by step | test PSNR single | test PSNR mean K=4 | SSIM mean | MS-SSIM-3 mean | train s |')
    out.push('|---|---|---|---|---|---|---|---|')
    if (ablBic) out.push(`| bicubic | – | ${f(runs[0].valBicubic)} | – | ${f(ablBic.psnr)} | ${f(ablBic.ssim, 3)} | ${f(ablBic.msSsim3, 3)} | – |`)
    for (const r of runs) {
      const curve = r.curve.map(([s, v]) => `${s}: ${f(v)}`).join(', ')
      out.push(`| ${r.name} | ${r.diverged ? 'yes' : 'no'} | ${curve} | ${f(r.testSingle?.mean.psnr)} | ${f(r.testMean?.mean.psnr)} | ${f(r.testMean?.mean.ssim, 3)} | ${f(r.testMean?.mean.msSsim3, 3)} | ${f(r.trainSeconds, 0)} |`)
    }
    const groups = [...new Set(runs.map(group))]
    out.push('\n| method | runs | diverged | test PSNR mean (± sd over seeds) | SSIM mean | final val PSNR |')
    out.push('|---|---|---|---|---|---|')
    for (const g of groups) {
      const rs = runs.filter((r) => group(r) === g)
      const ok = rs.filter((r) => r.testMean)
      out.push(`| ${g} | ${rs.length} | ${rs.filter((r) => r.diverged).length} | ${meanSd(ok.map((r) => r.testMean!.mean.psnr))} | ${meanSd(ok.map((r) => r.testMean!.mean.ssim))} | ${meanSd(rs.map((r) => r.curve.at(-1)?.[1] ?? NaN))} |`)
    }
    const series: Series[] = runs.map((r) => ({ label: r.name, color: COLORS[group(r)] ?? '#555', points: r.curve, dashed: r.seed % 2 === 1 }))
    series.push({ label: 'bicubic', color: '#999', points: [[runs[0].curve[0]?.[0] ?? 0, runs[0].valBicubic], [runs[0].steps, runs[0].valBicubic]], dashed: true })
    fs.writeFileSync(path.join(dir, 'quality-curves.svg'), lineChart('Validation PSNR vs training step (cvdm-xs, DDIM 10)', 'training step', 'PSNR (dB, data range 2)', series))
  }
  const cal = samplers.filter((r) => r.calibration)
  if (cal.length) {
    const series: Series[] = cal.map((r, i) => ({
      label: r.key.replace('sr2x/', ''),
      color: ['#d62728', '#1f77b4', '#2ca02c', '#9467bd'][i % 4],
      points: (r.calibration!.bins as CalibrationBin[]).map((b) => [b.stdMean, b.rmse] as [number, number])
    }))
    const maxStd = Math.max(...series.flatMap((s) => s.points.map((p) => p[0])))
    series.push({ label: 'calibrated (RMSE = std)', color: '#999', points: [[0, 0], [maxStd, maxStd]], dashed: true })
    fs.writeFileSync(path.join(dir, 'quality-calibration.svg'), lineChart('default-sr2x: error vs predicted std (10 equal-count bins)', 'predicted std (mean in bin)', 'RMSE in bin', series))
  }
  out.push('\n' + targets(samplers, runs))
  fs.writeFileSync(path.join(dir, 'quality-summary.json'), JSON.stringify({ samplers, runs: runs.map(({ curve, ...r }) => ({ ...r, curve })) }, null, 1))
  return out.join('\n')
}

/** The four targets, checked on what was measured. */
function targets(samplers: (Row & Partial<SamplerScores>)[], runs: RunRow[]): string {
  const lines = ['**Targets**']
  const psnrOf = (g: string): number[] => runs.filter((r) => group(r) === g && r.testMean).map((r) => r.testMean!.mean.psnr)
  const ssimOf = (g: string): number[] => runs.filter((r) => group(r) === g && r.testMean).map((r) => r.testMean!.mean.ssim)
  const cv = psnrOf('CVDM (learned)')
  const fx = psnrOf('fixed (cosine)')
  const rg = psnrOf('regression U-Net')
  if (cv.length && fx.length) lines.push(`- CVDM ≥ fixed + 0.5 dB: ${f(avg(cv))} vs ${f(avg(fx))} (Δ ${f(avg(cv) - avg(fx))} dB) → ${avg(cv) >= avg(fx) + 0.5 ? 'met' : 'missed'}`)
  if (cv.length && rg.length) {
    const ok = avg(cv) >= avg(rg) && avg(ssimOf('CVDM (learned)')) > avg(ssimOf('regression U-Net'))
    lines.push(`- CVDM mean ≥ regression PSNR with better SSIM: PSNR ${f(avg(cv))} vs ${f(avg(rg))}, SSIM ${f(avg(ssimOf('CVDM (learned)')), 3)} vs ${f(avg(ssimOf('regression U-Net')), 3)} → ${ok ? 'met' : 'missed'}`)
  }
  const fast = samplers.find((r) => r.key === 'sr2x/ddim/20/K4')?.mean?.psnr
  const faith = samplers.find((r) => r.key === 'sr2x/faithful-beta/200/K4')?.mean?.psnr
  if (fast !== undefined && faith !== undefined) lines.push(`- 20 fast steps (DDIM, the current default) within 0.3 dB of 200 faithful: ${f(fast)} vs ${f(faith)} (Δ ${f(fast - faith)} dB) → ${fast >= faith - 0.3 ? 'met' : 'missed'}`)
  const anc = samplers.find((r) => r.key === 'sr2x/ancestral/20/K4')?.mean?.psnr
  if (anc !== undefined && faith !== undefined) lines.push(`- 20 fast steps (ancestral) within 0.3 dB of 200 faithful: ${f(anc)} vs ${f(faith)} (Δ ${f(anc - faith)} dB) → ${anc >= faith - 0.3 ? 'met' : 'missed'}`)
  const rho = samplers.filter((r) => r.calibration).map((r) => `${r.key.replace('sr2x/', '')} ${f(r.calibration!.spearman, 3)}`)
  if (rho.length) lines.push(`- Spearman(std, |error|) ≥ 0.5: ${rho.join(', ')} → ${samplers.some((r) => (r.calibration?.spearman ?? 0) >= 0.5) ? 'met' : 'missed'}`)
  return lines.join('\n')
}
