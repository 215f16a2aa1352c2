/**
 * Which inference networks a restore uses (DESIGN.md §3): onnxruntime when it loads and `CVDM_INFERENCE` is not
 * `tfjs`; `CVDM_INFERENCE=onnx` makes its absence an error. Training always runs on the tfjs backend.
 */
import type { InferenceInfo } from '../../../shared/app-info'
import { CodedError, toErrorInfo } from '../../../shared/errors'
import { requestedWasmThreads } from '../backend'
import type { CvdmModel } from '../model/cvdm-model'
import { TfjsNets, type InferenceNets } from './inference-nets'
import { OnnxNets, shortVersion } from './onnx-nets'
import { loadOrt, type OrtLoad } from './ort-loader'

/** The `CVDM_INFERENCE` choices: automatic (ORT if it loads), ORT or fail, tfjs only. */
export type InferenceRequest = 'auto' | 'onnx' | 'tfjs'

/** What inference runs on, for status lines and `cvdm info --json` (the shared {@link InferenceInfo}). */
export type InferenceStatus = InferenceInfo

/**
 * Reads `CVDM_INFERENCE`.
 * @throws CodedError `bad-request` for another value
 */
export function inferenceRequest(env: NodeJS.ProcessEnv = process.env): InferenceRequest {
  const value = (env.CVDM_INFERENCE ?? '').trim().toLowerCase()
  if (value === '' || value === 'auto') return 'auto'
  if (value === 'onnx' || value === 'tfjs') return value
  throw new CodedError('bad-request', `Unknown CVDM_INFERENCE "${env.CVDM_INFERENCE}"; use auto, onnx or tfjs.`)
}

/**
 * Decides where inference runs, without building anything.
 * @param threads - onnxruntime intra-op threads to report
 * @param load - loads onnxruntime (injected by tests)
 * @throws CodedError `backend-unavailable` for `onnx` when onnxruntime can't load; `bad-request` for a bad value
 */
export function inferenceStatus(threads: number, env: NodeJS.ProcessEnv = process.env, load: () => OrtLoad = loadOrt): InferenceStatus {
  const request = inferenceRequest(env)
  if (request === 'tfjs') return { engine: 'tfjs', reason: 'CVDM_INFERENCE=tfjs' }
  const loaded = load()
  if (loaded.ok) return { engine: 'onnxruntime', version: loaded.version, threads: Math.max(1, Math.floor(threads)) }
  if (request === 'onnx') throw new CodedError('backend-unavailable', `CVDM_INFERENCE=onnx but ${loaded.reason}`)
  return { engine: 'tfjs', reason: loaded.reason }
}

/** {@link inferenceStatus} for status panels: a refused `CVDM_INFERENCE` is reported as the reason, not thrown. */
export function describeInference(env: NodeJS.ProcessEnv = process.env): InferenceStatus {
  try {
    return inferenceStatus(inferenceThreads(env), env)
  } catch (error) {
    return { engine: 'tfjs', reason: toErrorInfo(error).message }
  }
}

/**
 * The label of the active engines, e.g. `wasm (training) + onnxruntime 1.30 (inference, 2 threads)`, or just the
 * tfjs backend name when inference runs there too.
 */
export function engineLabel(backend: string, inference: InferenceStatus): string {
  if (inference.engine !== 'onnxruntime') return backend
  const t = inference.threads ?? 1
  return `${backend} (training) + onnxruntime ${shortVersion(inference.version ?? '?')} (inference, ${t} thread${t === 1 ? '' : 's'})`
}

/**
 * onnxruntime's intra-op threads: `CVDM_INFERENCE_THREADS`, else the engine's thread policy (requestedWasmThreads:
 * `CVDM_WASM_THREADS`, one thread on a busy machine, else all cores), so both engines share one rule.
 */
export function inferenceThreads(env: NodeJS.ProcessEnv = process.env): number {
  const fromEnv = Number.parseInt(env.CVDM_INFERENCE_THREADS ?? '', 10)
  return Number.isFinite(fromEnv) && fromEnv >= 1 ? fromEnv : requestedWasmThreads(env).threads
}

/**
 * The inference networks for a model under the policy of {@link inferenceStatus}.
 * @returns OnnxNets or TfjsNets; the caller disposes them (the model stays the caller's)
 * @throws CodedError `backend-unavailable` for `CVDM_INFERENCE=onnx` without onnxruntime
 */
export async function createInferenceNets(
  model: CvdmModel,
  threads: number,
  env: NodeJS.ProcessEnv = process.env,
  load: () => OrtLoad = loadOrt
): Promise<InferenceNets> {
  const status = inferenceStatus(threads, env, load)
  return status.engine === 'onnxruntime' ? OnnxNets.create(model, { threads }) : new TfjsNets(model)
}
