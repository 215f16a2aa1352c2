/**
 * Engine speed measurements shared by `cvdm bench engine` and bench/engine.bench.ts: forward, sampling step and
 * training step of a preset on the active backend. Timings include the read-back (`await data()`); the warm-up
 * call is timed separately; FLOPs are counted from the kernels one call executes (tf.profile): 2·MACs of Conv2D,
 * both conv gradients and MatMul (elementwise ops are not counted).
 */
import { CodedError } from '../../../shared/errors'
import { presetConfig, type PresetName, sizeMultiple } from '../config/model-config'
import { cvdmLossTerms, DEFAULT_LOSS_WEIGHTS, weightedTotal } from '../diffusion/loss'
import { createModel, type CvdmModel } from '../model/cvdm-model'
import { fastStep } from '../sampler/steps'
import { tf } from '../tf'

/** What is timed: the denoiser alone, one fast sampling step, or one full training update. */
export type BenchOp = 'forward' | 'sample-step' | 'train-step'

/** One measured configuration. */
export interface BenchCase {
  preset: PresetName
  op: BenchOp
  /** Side of the square input in pixels. */
  size: number
  batch: number
}

/** One result row (the JSON shape of `cvdm bench engine --json`). */
export interface BenchRow extends BenchCase {
  backend: string
  /** Median wall ms per call over the repetitions, read-back included. */
  ms_median: number
  ms_min: number
  /** Least process CPU ms of one call (with 1 thread: the cost on an idle core, whatever else runs). */
  cpu_ms: number
  warmup_ms: number
  /** Work per call in GFLOP (conv + matmul kernels). */
  gflop: number
  /** Throughput: gflop / median seconds. */
  gflops: number
  /** Tensors left behind per run of all repetitions (0 = no leak). */
  leaked_tensors: number
}

/**
 * The cases of one preset: the two reference cases of the PyTorch comparison (sampling step 128² batch 1;
 * training step, both networks + full loss + Adam, 64² batch 4) plus the forward pass and the sampling step at
 * `size` batch 1.
 */
export function benchCases(preset: PresetName, size: number): BenchCase[] {
  const cases: BenchCase[] = [
    { preset, op: 'sample-step', size: 128, batch: 1 },
    { preset, op: 'train-step', size: 64, batch: 4 },
    { preset, op: 'forward', size, batch: 1 }
  ]
  if (size !== 128) cases.push({ preset, op: 'sample-step', size, batch: 1 })
  return cases
}

interface KernelRecord {
  name: string
  inputShapes: number[][]
  outputShapes: number[][]
}

/** 2·MACs of the conv / matmul kernels in a profile. */
export function countFlops(kernels: KernelRecord[]): number {
  const prod = (s: number[]): number => s.reduce((a, b) => a * b, 1)
  let flops = 0
  for (const k of kernels) {
    const [a, b] = k.inputShapes
    if (k.name === 'Conv2D' || k.name === 'FusedConv2D') flops += 2 * prod(k.outputShapes[0]) * b[0] * b[1] * b[2]
    else if (k.name === 'Conv2DBackpropInput') flops += 2 * prod(a) * b[0] * b[1] * b[2]
    else if (k.name === 'Conv2DBackpropFilter') {
      const [kh, kw, ci] = k.outputShapes[0]
      flops += 2 * prod(b) * kh * kw * ci
    } else if (k.name === 'BatchMatMul' || k.name === '_FusedMatMul') {
      // a holds batch·m·k elements and the output batch·m·n, so 2·MACs = 2·|out|·k with k = |a| / (batch·m).
      const out = k.outputShapes[0]
      flops += 2 * prod(out) * (prod(a) / prod(out.slice(0, -1)))
    }
  }
  return flops
}

/**
 * The closure one case times, and a dispose for its inputs.
 * @returns run() gives a tensor the caller disposes
 */
export function prepareCase(model: CvdmModel, c: BenchCase): { run: () => tf.Tensor; dispose: () => void } {
  const shape: [number, number, number, number] = [c.batch, c.size, c.size, 1]
  const x = tf.randomNormal<tf.Rank.R4>(shape, 0, 0.5, 'float32', 1)
  const y = tf.randomNormal<tf.Rank.R4>(shape, 0, 0.5, 'float32', 2)
  const eps = tf.randomNormal<tf.Rank.R4>(shape, 0, 1, 'float32', 3)
  const g = tf.randomUniform<tf.Rank.R4>(shape, 0.05, 0.95, 'float32', 4)
  const t = Float32Array.from({ length: c.batch }, (_, i) => (i + 0.5) / c.batch)
  const inputs = [x, y, eps, g]
  const dispose = (): void => tf.dispose(inputs)
  switch (c.op) {
    case 'forward':
      return { run: () => model.denoise(eps, x, g), dispose }
    case 'sample-step': {
      // One DDIM step (denoiser + the engine's step algebra) from γ = g to a less noisy level.
      const run = (): tf.Tensor =>
        tf.tidy(() => {
          const gS = tf.minimum(tf.add(g, 0.04), 0.99) as tf.Tensor4D
          const epsHat = model.denoise(eps, x, g)
          const args = { z: eps, epsHat, gammaT: g, gammaS: gS, eta: 0, noise: null, bounds: { lo: -2, hi: 2 } }
          return fastStep({ ...args, oneMinusGammaT: tf.sub(1, g) as tf.Tensor4D, oneMinusGammaS: tf.sub(1, gS) as tf.Tensor4D }).z
        })
      return { run, dispose }
    }
    case 'train-step': {
      const optimizer = tf.train.adam(1e-4)
      const vars = model.params.variables()
      const run = (): tf.Tensor =>
        optimizer.minimize(
          () => {
            const terms = cvdmLossTerms(model, { x, y, t, eps }, { endpointSteps: 200, alpha: 1e-3 })
            const total = weightedTotal(terms, DEFAULT_LOSS_WEIGHTS)
            tf.dispose(Object.values(terms))
            return total
          },
          true,
          vars
        ) as tf.Scalar
      return { run, dispose: () => (dispose(), optimizer.dispose()) }
    }
    default: {
      const never: never = c.op
      throw new Error(`Unknown bench op "${String(never)}"`)
    }
  }
}

/** Wall and process-CPU ms of one call, read-back included. */
async function timeOnce(run: () => tf.Tensor): Promise<{ wall: number; cpu: number }> {
  const c0 = process.cpuUsage()
  const t0 = performance.now()
  const out = run()
  await out.data()
  out.dispose()
  const c = process.cpuUsage(c0)
  return { wall: performance.now() - t0, cpu: (c.user + c.system) / 1e3 }
}

/**
 * Times one case on the active backend: a warm-up, `reps` timed calls, one profiled call for the FLOP count.
 * @param backend - label for the row (e.g. `wasm×1`)
 */
export async function measureCase(model: CvdmModel, c: BenchCase, reps: number, backend: string): Promise<BenchRow & { profile: KernelProfile[] }> {
  const { run, dispose } = prepareCase(model, c)
  try {
    const warmup = (await timeOnce(run)).wall
    const before = tf.memory().numTensors
    const times: number[] = []
    let cpu = Infinity
    for (let i = 0; i < reps; i++) {
      const r = await timeOnce(run)
      times.push(r.wall)
      cpu = Math.min(cpu, r.cpu)
    }
    const leaked = tf.memory().numTensors - before
    const info = await tf.profile(() => {
      const out = run()
      out.dataSync()
      out.dispose()
    })
    times.sort((a, b) => a - b)
    const median = times[Math.floor(times.length / 2)]
    const gflop = countFlops(info.kernels) / 1e9
    const profile = info.kernels.map((k) => ({ name: k.name, ms: Number(k.kernelTimeMs) || 0 }))
    return { ...c, backend, ms_median: median, ms_min: times[0], cpu_ms: cpu, warmup_ms: warmup, gflop, gflops: (gflop * 1e3) / median, leaked_tensors: leaked, profile }
  } finally {
    dispose()
  }
}

/** Kernel time of one profiled call. */
export interface KernelProfile {
  name: string
  ms: number
}

/** Options of {@link benchEngine}. */
export interface BenchEngineOptions {
  preset: PresetName
  size: number
  /** Timed repetitions per case (after one warm-up). */
  reps: number
  /** Row label of the backend (default: tf.getBackend()). */
  backend?: string
  /** Called after each case. */
  onRow?: (row: BenchRow) => void
}

/**
 * Measures {@link benchCases} for one preset on the active backend (builds the model, disposes it).
 * @returns one row per case
 * @throws CodedError `bad-request` for a size that is not a multiple of the model's size multiple, or reps < 1
 */
export async function benchEngine(options: BenchEngineOptions): Promise<BenchRow[]> {
  const m = Math.max(sizeMultiple(presetConfig(options.preset)), 8)
  if (!Number.isInteger(options.size) || options.size < m || options.size % m !== 0) {
    throw new CodedError('bad-request', `--size must be a multiple of ${m} pixels for ${options.preset} (got ${options.size}).`)
  }
  if (!Number.isInteger(options.reps) || options.reps < 1) throw new CodedError('bad-request', `--reps must be a positive integer (got ${options.reps}).`)
  const model = createModel(options.preset)
  const backend = options.backend ?? tf.getBackend()
  const rows: BenchRow[] = []
  try {
    for (const c of benchCases(options.preset, options.size)) {
      const { profile: _profile, ...row } = await measureCase(model, c, options.reps, backend)
      rows.push(row)
      options.onRow?.(row)
    }
  } finally {
    model.dispose()
  }
  return rows
}
