/**
 * Seam benchmark (issue [E]): restores the demo sample untiled (one 512² tile) and tiled (128² tiles, 32 px overlap)
 * with per-step fusion and with independent tiles blended afterwards (post-blend), same seed, and reports
 * PSNR vs untiled and the seam ratio: mean squared difference to the untiled result on tile-overlap centre lines
 * divided by the same elsewhere (1 = no seam). Usage: npx tsx bench/seam.bench.ts [model dir] [steps]
 */
import { initBackend } from '../src/core/engine'
import { loadRestoreModel, restorePlane, type FusionMode } from '../src/core/restore'
import { demoCondition, SHIPPED_MODELS } from './lib/demo-condition'

function seamRatio(a: Float32Array, ref: Float32Array, w: number, lines: number[]): number {
  let border = 0
  let nb = 0
  let inner = 0
  let ni = 0
  for (let y = 0; y < w; y++) {
    for (let x = 0; x < w; x++) {
      const e = (a[y * w + x] - ref[y * w + x]) ** 2
      if (lines.some((l) => Math.abs(x - l) <= 1 || Math.abs(y - l) <= 1)) {
        border += e
        nb++
      } else {
        inner += e
        ni++
      }
    }
  }
  return border / nb / (inner / ni)
}

function psnr(a: Float32Array, ref: Float32Array): number {
  let mse = 0
  for (let i = 0; i < a.length; i++) mse += (a[i] - ref[i]) ** 2
  return 10 * Math.log10(4 / (mse / a.length))
}

async function main(): Promise<void> {
  const backend = await initBackend()
  const modelArg = process.argv[2] ?? 'default-sr2x'
  const steps = Number(process.argv[3] ?? 10)
  const loaded = await loadRestoreModel(modelArg, { builtIn: SHIPPED_MODELS })
  const { cond, side: W } = await demoCondition(2, 0.999)
  const run = async (tile: number, fusion: FusionMode, samples: number) => {
    const t0 = performance.now()
    const r = await restorePlane(loaded.model, cond, W, W, { sampler: { kind: 'ddim', steps, samples, seed: 5 }, tile, overlap: 32, fusion })
    return { ...r, seconds: (performance.now() - t0) / 1000 }
  }
  const whole = await run(W, 'per-step', 2)
  // 128-px tiles, 32 px overlap on 512: starts 0, 96, 192, 288, 384 → overlap centres at 112, 208, 304, 400.
  const lines = [112, 208, 304, 400]
  const rows: string[] = []
  for (const fusion of ['per-step', 'post-blend'] as FusionMode[]) {
    const r = await run(128, fusion, 2)
    rows.push(
      `| ${fusion} | ${psnr(r.mean, whole.mean).toFixed(2)} | ${seamRatio(r.mean, whole.mean, W, lines).toFixed(2)} | ${seamRatio(r.std!, whole.std!, W, lines).toFixed(2)} | ${r.seconds.toFixed(0)} |`
    )
  }
  console.log(`\nSeams, demo sample 512², model ${loaded.id}, ${steps} DDIM steps, K = 2, backend ${backend.name}; untiled ${whole.seconds.toFixed(0)} s`)
  console.log('| tiling (128² tiles, 32 px overlap) | mean PSNR vs untiled (dB) | seam ratio, mean | seam ratio, std | seconds |')
  console.log('|---|---|---|---|---|')
  for (const row of rows) console.log(row)
  loaded.model.dispose()
}
void main()
