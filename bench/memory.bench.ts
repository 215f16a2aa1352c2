/**
 * Memory bench (issue [E]), not part of CI: peak RSS of the coordinator and of the engine worker process for
 * restores of a 2048² image (sr2x → 4096²), an 8192² image (sr2x → 16384²) and a 200-plane 256² stack (sr2x),
 * random-weight cvdm-xs, 1 step, K = 2, 128-px tiles. Each case stops after CAP_S seconds (this machine is slow and
 * shared); the table says how far it got and how much output memory a finished run would still have touched. Each case runs in a fresh coordinator process (inputs are
 * written by another one, so their buffers don't count) with a fresh worker; the worker's peak is its VmHWM.
 * Also measures the cost of row bands: banded vs unbanded restore of the same 512² plane (shipped default-sr2x).
 *
 * The output planes are no longer held: each finished row band is written to the TIFFs (TiffWriter.writeRows), so the
 * peak is the band buffers + the raw input plane, whatever the image height. Every 10 s a case prints the worker's
 * current RSS and the progress to stderr, to show that it stays flat band after band.
 * Usage: npx tsx bench/memory.bench.ts [table [case]]   (no arguments: all cases, a table, then the band cost)
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync, existsSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'

const DIR = path.join(os.tmpdir(), 'cvdm-memory-bench')
const CASES: Record<string, { file: string; width: number; planes: number; scale: number }> = {
  '2048² sr2x': { file: 'img2048.tif', width: 2048, planes: 1, scale: 2 },
  '8192² sr2x': { file: 'img8192.tif', width: 8192, planes: 1, scale: 2 },
  '200 × 256² sr2x': { file: 'stack200.tif', width: 256, planes: 200, scale: 2 }
}

const mib = (kb: number): number => Math.round(kb / 1024)
/** Seconds each case may run (env CVDM_BENCH_CAP_S). */
const CAP_S = Number(process.env.CVDM_BENCH_CAP_S ?? 150)

/** Writes the inputs and the two random-weight models (own process: its buffers don't count). */
async function make(): Promise<void> {
  const { createModel, initBackend, saveModel, DEFAULT_MODEL_META } = await import('../src/core/engine')
  const { TiffWriter } = await import('../src/core/tiff')
  await initBackend()
  mkdirSync(DIR, { recursive: true })
  const model = createModel('cvdm-xs', { seed: 1 })
  for (const scale of [1, 2]) await saveModel(model, path.join(DIR, `xs-${scale}x`), { ...DEFAULT_MODEL_META, scaleFactor: scale })
  for (const c of Object.values(CASES)) {
    if (existsSync(path.join(DIR, c.file))) continue
    const w = await TiffWriter.create(path.join(DIR, c.file), { width: c.width, height: c.width, dtype: 'uint16', sizes: { z: c.planes } })
    for (let k = 0; k < c.planes; k++) await w.writePlane(Uint16Array.from({ length: c.width * c.width }, (_, i) => 100 + ((i * 37 + k * 11) % 3000)))
    await w.close()
  }
}

/** Runs one case through the engine worker; prints {coordinator, worker, seconds} as JSON. */
async function runCase(name: string): Promise<void> {
  const { RestoreEngine } = await import('../src/core/restore')
  const c = CASES[name]
  const engine = new RestoreEngine()
  let workerPeak = 0
  let workerNow = 0
  const sample = (): void => {
    const pid = engine.workerPid
    if (!pid) return
    const status = readFileSync(`/proc/${pid}/status`, 'utf8')
    const m = /VmHWM:\s+(\d+)/.exec(status)
    if (m) workerPeak = Math.max(workerPeak, Number(m[1]))
    workerNow = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0)
  }
  const timer = setInterval(sample, 200)
  const started = performance.now()
  const log = setInterval(() => {
    const t = ((performance.now() - started) / 1000).toFixed(0)
    process.stderr.write(`${name} t=${t}s progress=${(100 * fraction).toFixed(2)}% worker RSS=${mib(workerNow)} MiB (peak ${mib(workerPeak)}) coordinator RSS=${mib(process.memoryUsage().rss / 1024)} MiB\n`)
  }, 10_000)
  // On this loaded 2-core machine a full run takes far too long: stop after CAP_S, once the per-band buffers exist.
  const controller = new AbortController()
  const cap = setTimeout(() => controller.abort(), CAP_S * 1000)
  let fraction = 0
  const run = engine.restore({
    model: path.join(DIR, `xs-${c.scale}x`),
    modelDirs: { builtIn: DIR },
    backend: 'wasm',
    input: path.join(DIR, c.file),
    outDir: path.join(DIR, 'out'),
    onExists: 'overwrite',
    sampler: { steps: 1, samples: 2, seed: 0 },
    tile: 128,
    app: { name: 'bench', version: '0' }
  }, { signal: controller.signal, onProgress: (p) => (fraction = p.fraction) })
  const finished = await run.then(() => true, (error: { code?: string }) => {
    if (error.code !== 'cancelled') throw error
    return false
  })
  sample()
  clearTimeout(cap)
  clearInterval(timer)
  clearInterval(log)
  const seconds = (performance.now() - started) / 1000
  await engine.dispose()
  // Output planes are streamed band by band now: nothing of them is left to touch (column kept for comparison).
  const untouched = 0
  process.stdout.write(JSON.stringify({ name, coordinator: process.resourceUsage().maxRSS, worker: workerPeak, seconds, fraction: finished ? 1 : fraction, untouched }) + '\n')
}

/** Banded vs unbanded restore of one 512² output plane with the shipped model: PSNR and worst difference. */
async function bandCost(): Promise<void> {
  const { initBackend } = await import('../src/core/engine')
  const { loadRestoreModel, restorePlane } = await import('../src/core/restore')
  const { demoCondition, SHIPPED_MODELS } = await import('./lib/demo-condition')
  await initBackend()
  const loaded = await loadRestoreModel('default-sr2x', { builtIn: SHIPPED_MODELS })
  const { cond, side } = await demoCondition(2)
  const sampler = { steps: 4, samples: 1, seed: 2 }
  const whole = await restorePlane(loaded.model, cond, side, side, { sampler, tile: 128, overlap: 32 })
  const rows: string[] = []
  for (const margin of [32, 128]) {
    const banded = await restorePlane(loaded.model, cond, side, side, { sampler, tile: 128, overlap: 32, bandPixels: side * 200, bandMargin: margin })
    let mse = 0
    let worst = 0
    for (let i = 0; i < whole.mean.length; i++) {
      mse += (banded.mean[i] - whole.mean[i]) ** 2
      worst = Math.max(worst, Math.abs(banded.mean[i] - whole.mean[i]))
    }
    rows.push(`| ${margin} | ${(10 * Math.log10(4 / (mse / whole.mean.length))).toFixed(1)} | ${worst.toFixed(4)} |`)
  }
  process.stdout.write(['| band margin (px) | PSNR banded vs unbanded (dB, range [−1, 1]) | worst |pixel| difference |', '|---|---|---|', ...rows].join('\n') + '\n')
}

async function main(): Promise<void> {
  const [mode, name] = process.argv.slice(2)
  if (mode === 'make') return make()
  if (mode === 'case') return runCase(name)
  if (mode === 'bands') return bandCost()
  const only = mode === 'table' ? name : undefined
  const tsx = [path.join(__dirname, '..', 'node_modules', '.bin', 'tsx'), __filename]
  execFileSync(tsx[0], [tsx[1], 'make'], { stdio: 'inherit' })
  const rows = [
    '| case | output | coordinator peak RSS (MiB) | worker peak RSS (MiB) | sum (MiB) | done in the cap | + untouched output (MiB) | wall (s) |',
    '|---|---|---|---|---|---|---|---|'
  ]
  for (const [key, c] of Object.entries(CASES)) {
    if (only && key !== only) continue
    const r = JSON.parse(execFileSync(tsx[0], [tsx[1], 'case', key], { stdio: ['ignore', 'pipe', 'inherit'] }).toString().trim().split('\n').at(-1)!)
    const out = `${c.planes > 1 ? `${c.planes} × ` : ''}${c.width * c.scale}²`
    rows.push(
      `| ${key} | ${out} | ${mib(r.coordinator)} | ${mib(r.worker)} | ${mib(r.coordinator + r.worker)} | ${(100 * r.fraction).toFixed(0)} % | ${mib(r.untouched)} | ${r.seconds.toFixed(0)} |`
    )
    process.stdout.write(rows.at(-1) + '\n')
  }
  process.stdout.write('\n' + rows.join('\n') + '\n\n')
  if (only) return
  execFileSync(tsx[0], [tsx[1], 'bands'], { stdio: 'inherit' })
}

void main()
