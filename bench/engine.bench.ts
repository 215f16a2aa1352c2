/**
 * Engine benchmark: forward, sampling step and training step of the CVDM networks per backend, side by side with
 * the same architecture in PyTorch on CPU (bench/reference/torch_unet.py, same threads), printed as a table with
 * ms (median), GFLOP/s and % of this CPU's fp32 peak. Appends the table to bench/RESULTS.md.
 *
 * Cases: sample-step 128² batch 1 (denoiser + fast-step algebra) and train-step 64² batch 4 (both networks, full
 * four-term loss, Adam), the two reference cases of issue [C]; plus the denoiser forward at 64² batch 4.
 * Rows `onnx×N`: forward and sample-step with the networks on onnxruntime-node (N intra-op threads; the step algebra
 * on wasm, as in a restore), where onnxruntime loads; `--no-onnx` leaves them out.
 * The measuring itself (FLOP count, warm-up, read-back) is src/core/engine/bench/measure.ts, shared with
 * `cvdm bench engine`.
 * "CPU ms" is the least process CPU time of one call: with 1 thread it is the cost on an idle core even when other
 * jobs share the machine (wall times are not, see the load in each block's header), so compare 1-thread rows by it.
 *
 * Run: npx tsx bench/engine.bench.ts [--preset cvdm-s|cvdm-xs|all] [--reps 5] [--no-torch] [--no-cpu] [--no-onnx]
 *      [--threads 2,1] [--profile] [--no-write] [--only-sample-step]
 * Env: CVDM_PEAK_GFLOPS (default 156 = 2 cores × 78 fp32 GFLOP/s, AVX2 FMA at ~2.4 GHz).
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import '@tensorflow/tfjs-backend-wasm' // registers the stock wasm kernels and backend
import { tf, TFJS_VERSION } from '../src/core/engine/tf'
import { activateWasmBackend, registerWasmTrainingKernels } from '../src/core/engine/backend'
import { createModel, loadOrt, measureCase, OnnxNets, type BenchCase, type BenchOp, type CvdmModel, type InferenceNets, type PresetName } from '../src/core/engine'

type Op = BenchOp
type Case = BenchCase
interface Row extends Case {
  backend: string
  ms: number
  minMs: number
  /** Min process CPU ms per call: with 1 thread, the cost on an idle core whatever else runs. */
  cpuMs: number
  warmupMs: number
  gflop: number
  torchMs?: number
  torchMinMs?: number
  torchCpuMs?: number
  leakedTensors: number
  topKernels?: string
}

const args = process.argv.slice(2)
const flag = (name: string): boolean => args.includes(`--${name}`)
const option = (name: string, fallback: string): string => {
  const i = args.indexOf(`--${name}`)
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback
}
const PEAK = Number(process.env.CVDM_PEAK_GFLOPS ?? 156)
const REPS = Number(option('reps', '5'))
const PRESETS: PresetName[] = option('preset', 'all') === 'all' ? ['cvdm-s', 'cvdm-xs'] : [option('preset', 'cvdm-s') as PresetName]
const THREADS = option('threads', '2,1').split(',').map(Number)

const CASES: Case[] = PRESETS.flatMap((preset): Case[] => [
  { preset, op: 'sample-step' as Op, size: 128, batch: 1 },
  { preset, op: 'forward' as Op, size: 64, batch: 4 },
  { preset, op: 'train-step' as Op, size: 64, batch: 4 }
]).filter((c) => !flag('only-sample-step') || c.op === 'sample-step')
const ORT = flag('no-onnx') ? undefined : loadOrt()
const CPU_CASES: Case[] = [{ preset: 'cvdm-xs', op: 'forward', size: 32, batch: 1 }]

async function measure(backend: string, model: CvdmModel, c: Case, profile: boolean, nets?: InferenceNets): Promise<Row> {
  const r = await measureCase(model, c, REPS, backend, nets)
  let topKernels: string | undefined
  if (profile) {
    const byName = new Map<string, number>()
    for (const k of r.profile) byName.set(k.name, (byName.get(k.name) ?? 0) + k.ms)
    const total = [...byName.values()].reduce((a, b) => a + b, 0)
    topKernels = [...byName.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 6)
      .map(([n, ms]) => `${n} ${((100 * ms) / total).toFixed(0)}%`)
      .join(', ')
  }
  return { ...c, backend, ms: r.ms_median, minMs: r.ms_min, cpuMs: r.cpu_ms, warmupMs: r.warmup_ms, gflop: r.gflop, leakedTensors: r.leaked_tensors, topKernels }
}

interface TorchResult {
  ms: number
  min_ms: number
  cpu_ms: number
}

function torchReference(threads: number): Map<string, TorchResult> {
  const script = path.join(__dirname, 'reference', 'torch_unet.py')
  const out = execFileSync('/usr/bin/python3', [script, '--json', '--threads', String(threads), '--reps', String(REPS)], {
    encoding: 'utf8',
    timeout: 600_000
  })
  const parsed = JSON.parse(out.trim().split('\n').pop() as string) as { results: (Case & TorchResult)[] }
  return new Map(parsed.results.map((r) => [`${r.preset} ${r.op} ${r.size} ${r.batch}`, r]))
}

function table(rows: Row[]): string {
  const head =
    '| backend | preset | op | size | batch | ms median (min) | CPU ms | warm-up ms | GFLOP | GFLOP/s (per CPU s) | % peak | PyTorch ms median (min) | PyTorch CPU ms | × PyTorch: median, min, CPU |'
  const lines = rows.map((r) => {
    const gfs = (r.gflop * 1e3) / r.ms
    const torch = r.torchMs !== undefined ? `${r.torchMs.toFixed(1)} (${r.torchMinMs?.toFixed(1)})` : '–'
    const ratio =
      r.torchMs && r.torchMinMs && r.torchCpuMs
        ? `${(r.ms / r.torchMs).toFixed(2)}, ${(r.minMs / r.torchMinMs).toFixed(2)}, ${(r.cpuMs / r.torchCpuMs).toFixed(2)}`
        : '–'
    const pct = ((100 * gfs) / PEAK).toFixed(1)
    const perCpu = ((r.gflop * 1e3) / r.cpuMs).toFixed(1)
    const cells = [r.backend, r.preset, r.op, `${r.size}²`, r.batch, `${r.ms.toFixed(1)} (${r.minMs.toFixed(1)})`, r.cpuMs.toFixed(1)]
    cells.push(r.warmupMs.toFixed(0), r.gflop.toFixed(2), `${gfs.toFixed(1)} (${perCpu})`, pct, torch, r.torchCpuMs?.toFixed(1) ?? '–', ratio)
    return `| ${cells.join(' | ')} |`
  })
  return [head, '|' + '---|'.repeat(14), ...lines].join('\n')
}

async function main(): Promise<void> {
  registerWasmTrainingKernels()
  const rows: Row[] = []
  const torch = new Map<number, Map<string, TorchResult>>()
  for (const n of THREADS) {
    // PyTorch right before the same thread count on wasm, so both see similar machine load.
    if (!flag('no-torch')) {
      try {
        torch.set(n, torchReference(n))
      } catch (error) {
        console.error(`PyTorch reference (${n} threads) failed: ${(error as Error).message.split('\n')[0]}`)
      }
    }
    const status = await activateWasmBackend(n)
    const backend = `wasm×${status.threads}`
    if (status.threadsReason) console.error(`${backend}: ${status.threadsReason}`)
    for (const preset of PRESETS) {
      const model = createModel(preset)
      const run = async (label: string, c: Case, threads: number, nets?: InferenceNets): Promise<void> => {
        const row = await measure(label, model, c, flag('profile') && !nets, nets)
        const ref = torch.get(threads)?.get(`${c.preset} ${c.op} ${c.size} ${c.batch}`)
        row.torchMs = ref?.ms
        row.torchMinMs = ref?.min_ms
        row.torchCpuMs = ref?.cpu_ms
        rows.push(row)
        console.error(`${label} ${c.preset} ${c.op} ${c.size}² b${c.batch}: ${row.ms.toFixed(1)} ms${row.topKernels ? ` (${row.topKernels})` : ''}`)
      }
      for (const c of CASES.filter((k) => k.preset === preset)) await run(backend, c, status.threads)
      if (ORT?.ok) {
        // The same networks on onnxruntime with the same thread count (inference only: no train-step).
        const nets = await OnnxNets.create(model, { threads: n })
        for (const c of CASES.filter((k) => k.preset === preset && k.op !== 'train-step')) await run(`onnx×${n}`, c, n, nets)
        await nets.dispose()
      } else if (ORT) console.error(ORT.reason)
      model.dispose()
    }
  }
  if (!flag('no-cpu')) {
    await tf.setBackend('cpu')
    for (const c of CPU_CASES) {
      const model = createModel(c.preset)
      rows.push(await measure('cpu', model, c, false))
      model.dispose()
    }
  }
  const leaks = rows.filter((r) => r.leakedTensors !== 0)
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU'
  const header =
    `### ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC — ${cpu}, ${os.cpus().length} cores, ` +
    `Node ${process.version}, tfjs ${TFJS_VERSION}${ORT?.ok ? `, onnxruntime-node ${ORT.version}` : ''}, peak ${PEAK} GFLOP/s, load ${os.loadavg()[0].toFixed(2)}`
  const text = `${header}\n\n${table(rows)}\n` + (leaks.length ? `\nTensor leaks: ${leaks.map((r) => `${r.op} ${r.leakedTensors}`).join(', ')}\n` : '')
  console.log(text)
  if (!flag('no-write')) fs.appendFileSync(path.join(__dirname, 'RESULTS.md'), `\n${text}`)
}

void main()
