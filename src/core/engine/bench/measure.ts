/**
 * Engine speed measurements shared by `cvdm bench engine` and bench/engine.bench.ts: forward, sampling step and
 * training step of a preset on the active backend, and forward + sampling step with the networks on onnxruntime
 * (rows `onnx×N`; the step algebra stays on the tfjs backend, as in a restore). Timings include the read-back
 * (`await data()`); the warm-up call is timed separately; FLOPs are counted from the kernels one tfjs call executes
 * (tf.profile): 2·MACs of Conv2D, both conv gradients and MatMul (elementwise ops are not counted); onnx rows use the
 * count of the same case on tfjs (same network).
 */
import { CodedError } from '../../../shared/errors'
import { presetConfig, type PresetName, sizeMultiple } from '../config/model-config'
import { cvdmLossTerms, DEFAULT_LOSS_WEIGHTS, weightedTotal } from '../diffusion/loss'
import { createModel, type CvdmModel } from '../model/cvdm-model'
import { OnnxNets } from '../onnx/onnx-nets'
import type { InferenceNets } from '../onnx/inference-nets'
import { inferenceStatus, inferenceThreads } from '../onnx/select'
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

/** The closure one case times (it gives a tensor the caller disposes), and a dispose for its inputs. */
export interface PreparedCase {
  run: () => tf.Tensor | Promise<tf.Tensor>
  dispose: () => void
}

/**
 * The closure one case times, and a dispose for its inputs.
 * @param nets - run the networks there (e.g. onnxruntime) instead of on the model (forward and sample-step only)
 * @throws CodedError `bad-request` for a train-step with `nets` (inference only)
 */
export function prepareCase(model: CvdmModel, c: BenchCase, nets?: InferenceNets): PreparedCase {
  const shape: [number, number, number, number] = [c.batch, c.size, c.size, 1]
  const x = tf.randomNormal<tf.Rank.R4>(shape, 0, 0.5, 'float32', 1)
  const y = tf.randomNormal<tf.Rank.R4>(shape, 0, 0.5, 'float32', 2)
  const eps = tf.randomNormal<tf.Rank.R4>(shape, 0, 1, 'float32', 3)
  const g = tf.randomUniform<tf.Rank.R4>(shape, 0.05, 0.95, 'float32', 4)
  const t = Float32Array.from({ length: c.batch }, (_, i) => (i + 0.5) / c.batch)
  const inputs = [x, y, eps, g]
  const dispose = (): void => tf.dispose(inputs)
  if (nets) return prepareNetsCase(nets, c, { x, eps, g }, dispose)
  switch (c.op) {
    case 'forward':
      return { run: () => model.denoise(eps, x, g), dispose }
    case 'sample-step': {
      // One DDIM step (denoiser + the engine's step algebra) from γ = g to a less noisy level.
      const run = (): tf.Tensor => tf.tidy(() => ddimStep(eps, model.denoise(eps, x, g), g))
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

/** sample-step algebra of {@link prepareCase}: one DDIM step from γ = g to γ + 0.04 given ε̂. */
function ddimStep(eps: tf.Tensor4D, epsHat: tf.Tensor4D, g: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => {
    const gS = tf.minimum(tf.add(g, 0.04), 0.99) as tf.Tensor4D
    const args = { z: eps, epsHat, gammaT: g, gammaS: gS, eta: 0, noise: null, bounds: { lo: -2, hi: 2 } }
    return fastStep({ ...args, oneMinusGammaT: tf.sub(1, g) as tf.Tensor4D, oneMinusGammaS: tf.sub(1, gS) as tf.Tensor4D }).z
  })
}

/** {@link prepareCase} with the networks on `nets`: the same inputs and the same step algebra (on tfjs). */
function prepareNetsCase(nets: InferenceNets, c: BenchCase, t: { x: tf.Tensor4D; eps: tf.Tensor4D; g: tf.Tensor4D }, dispose: () => void): PreparedCase {
  switch (c.op) {
    case 'forward':
      return { run: () => nets.denoise(t.eps, t.x, t.g), dispose }
    case 'sample-step': {
      const run = async (): Promise<tf.Tensor> => {
        const epsHat = await nets.denoise(t.eps, t.x, t.g)
        try {
          return ddimStep(t.eps, epsHat, t.g)
        } finally {
          epsHat.dispose()
        }
      }
      return { run, dispose }
    }
    case 'train-step':
      dispose()
      throw new CodedError('bad-request', `${nets.name} runs inference only: no train-step.`)
    default: {
      const never: never = c.op
      throw new Error(`Unknown bench op "${String(never)}"`)
    }
  }
}

/** Wall and process-CPU ms of one call, read-back included (process CPU includes onnxruntime's threads). */
async function timeOnce(run: () => tf.Tensor | Promise<tf.Tensor>): Promise<{ wall: number; cpu: number }> {
  const c0 = process.cpuUsage()
  const t0 = performance.now()
  const out = await run()
  await out.data()
  out.dispose()
  const c = process.cpuUsage(c0)
  return { wall: performance.now() - t0, cpu: (c.user + c.system) / 1e3 }
}

/**
 * Times one case on the active backend: a warm-up, `reps` timed calls, one profiled call for the FLOP count.
 * @param backend - label for the row (e.g. `wasm×1`, `onnx×2`)
 * @param nets - time the networks there (see {@link prepareCase}); the FLOP count and profile are then those of
 *   the same case on tfjs
 */
export async function measureCase(
  model: CvdmModel,
  c: BenchCase,
  reps: number,
  backend: string,
  nets?: InferenceNets
): Promise<BenchRow & { profile: KernelProfile[] }> {
  const { run, dispose } = prepareCase(model, c, nets)
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
    const info = await profileCase(model, c)
    times.sort((a, b) => a - b)
    const median = times[Math.floor(times.length / 2)]
    const gflop = countFlops(info.kernels) / 1e9
    const profile = info.kernels.map((k) => ({ name: k.name, ms: Number(k.kernelTimeMs) || 0 }))
    return { ...c, backend, ms_median: median, ms_min: times[0], cpu_ms: cpu, warmup_ms: warmup, gflop, gflops: (gflop * 1e3) / median, leaked_tensors: leaked, profile }
  } finally {
    dispose()
  }
}

/** The kernels of one tfjs call of the case. */
async function profileCase(model: CvdmModel, c: BenchCase): ReturnType<typeof tf.profile> {
  const { run, dispose } = prepareCase(model, c)
  try {
    return await tf.profile(async () => {
      const out = await run()
      out.dataSync()
      out.dispose()
    })
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
  /**
   * onnxruntime threads for the `onnx×N` rows (forward and sample-step), or false for none. Default: the inference
   * policy (onnxruntime when it loads and CVDM_INFERENCE is not tfjs, with {@link inferenceThreads} threads).
   */
  onnxThreads?: number | false
  /** Called after each case. */
  onRow?: (row: BenchRow) => void
}

/**
 * onnxruntime threads under the inference policy, or false where inference stays on tfjs.
 * @throws CodedError `backend-unavailable` for CVDM_INFERENCE=onnx without onnxruntime
 */
function defaultOnnxThreads(): number | false {
  const threads = inferenceThreads()
  return inferenceStatus(threads).engine === 'onnxruntime' ? threads : false
}

/**
 * Measures {@link benchCases} for one preset on the active backend (builds the model, disposes it), then forward
 * and sample-step with the networks on onnxruntime where it is used ({@link BenchEngineOptions.onnxThreads}).
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
  const cases = benchCases(options.preset, options.size)
  const add = (row: BenchRow & { profile?: KernelProfile[] }): void => {
    const { profile: _profile, ...plain } = row
    rows.push(plain)
    options.onRow?.(plain)
  }
  let nets: OnnxNets | undefined
  try {
    for (const c of cases) add(await measureCase(model, c, options.reps, backend))
    const threads = options.onnxThreads ?? defaultOnnxThreads()
    if (threads !== false) {
      nets = await OnnxNets.create(model, { threads })
      for (const c of cases.filter((k) => k.op !== 'train-step')) add(await measureCase(model, c, options.reps, `onnx×${threads}`, nets))
    }
  } finally {
    await nets?.dispose()
    model.dispose()
  }
  return rows
}
