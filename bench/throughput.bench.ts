/**
 * Throughput bench (issue [E]), not part of CI: the shipped default-sr2x restoring the demo sample (256² input →
 * 512² output) at 20 fast steps, K = 1 and 8, tiles of 128 and 256 px (32 px overlap), wasm backend, per-step
 * fusion. Reports output megapixels per second (and per minute) and tile evaluations per second (one tile through
 * the denoiser for one sample and step). A warm-up run is timed separately. Each configuration runs for at most
 * CVDM_BENCH_CAP_S seconds (default 45; this machine is small and shared): the per-evaluation cost is the same at
 * every step, so a run stopped early gives tile evals/s directly and MP/s by dividing the known total evaluations.
 * Usage: [STEPS=20] [KS=1,8] [TILES=128,256] npx tsx bench/throughput.bench.ts (the product's fast sampler: ancestral)
 */
import { initBackend } from '../src/core/engine'
import { loadRestoreModel, restorePlane } from '../src/core/restore'
import { demoCondition, SHIPPED_MODELS } from './lib/demo-condition'

/** Seconds each configuration may run. */
const CAP_S = Number(process.env.CVDM_BENCH_CAP_S ?? 45)

async function main(): Promise<void> {
  const backend = await initBackend()
  const loaded = await loadRestoreModel('default-sr2x', { builtIn: SHIPPED_MODELS })
  const { cond, side } = await demoCondition(loaded.scaleFactor)
  const steps = Number(process.env.STEPS ?? 20)
  const ks = (process.env.KS ?? '1,8').split(',').map(Number)
  const tileSides = (process.env.TILES ?? '128,256').split(',').map(Number)
  const warm = performance.now()
  await restorePlane(loaded.model, cond, side, side, { sampler: { steps: 1, samples: 1 }, tile: 128, overlap: 32 })
  process.stdout.write(`backend ${backend.name} (threads ${backend.wasm?.threads ?? '-'}), ${side}² output, warm-up ${((performance.now() - warm) / 1000).toFixed(1)} s\n`)
  const rows = ['| K | tile | tiles | tile evals done | wall for the whole restore (s) | output MP/s | output MP/min | tile evals/s |', '|---|---|---|---|---|---|---|---|']
  for (const samples of ks) {
    for (const tile of tileSides) {
      let evals = 0
      let total = 0
      const controller = new AbortController()
      const cap = setTimeout(() => controller.abort(), CAP_S * 1000)
      const started = performance.now()
      const options = { sampler: { kind: 'ancestral' as const, steps, samples, seed: 1 }, tile, overlap: 32 }
      const finished = await restorePlane(loaded.model, cond, side, side, options, { signal: controller.signal, onProgress: (done, all) => ((evals = done), (total = all)) }).then(
        () => true,
        (error: { code?: string }) => {
          if (error.code !== 'cancelled') throw error
          return false
        }
      )
      clearTimeout(cap)
      const seconds = (performance.now() - started) / 1000
      // λ once per tile, then the denoiser per step and sample (all K chains in one chunk at this size).
      const tiles = Math.round(total / ((steps + 1) * samples))
      const evalsPerSecond = evals / seconds
      const fullSeconds = finished ? seconds : (tiles * (1 + steps * samples)) / evalsPerSecond
      const mp = (side * side) / 1e6
      rows.push(
        `| ${samples} | ${tile} | ${tiles} | ${evals}${finished ? '' : ` of ${tiles * (1 + steps * samples)}`} | ${fullSeconds.toFixed(0)}${finished ? '' : ' (extrapolated)'} | ${(mp / fullSeconds).toFixed(4)} | ${((60 * mp) / fullSeconds).toFixed(2)} | ${evalsPerSecond.toFixed(2)} |`
      )
      process.stdout.write(rows.at(-1) + '\n')
    }
  }
  process.stdout.write('\n' + rows.join('\n') + '\n')
  loaded.model.dispose()
}

void main()
