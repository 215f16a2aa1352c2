/**
 * Loads onnxruntime-node (an optional dependency) with a dynamic require, so the app runs without it. Only the few
 * parts of its API we use are typed here, so the code also typechecks where the package is absent.
 */
import { createRequire } from 'node:module'

/** An onnxruntime tensor (float32 here). */
export interface OrtTensor {
  readonly data: unknown
  readonly dims: readonly number[]
  dispose?(): void
}

/** A loaded onnxruntime inference session. */
export interface OrtSession {
  run(feeds: Record<string, OrtTensor>): Promise<Record<string, OrtTensor>>
  release(): Promise<void>
}

/** Session options we set (onnxruntime-common InferenceSession.SessionOptions). */
export interface OrtSessionOptions {
  intraOpNumThreads: number
  interOpNumThreads: number
  graphOptimizationLevel: 'disabled' | 'basic' | 'extended' | 'all'
  executionMode: 'sequential' | 'parallel'
  /** Session config entries, flattened with dots (e.g. session.intra_op.allow_spinning). */
  extra?: Record<string, unknown>
}

/** The onnxruntime-node module, as far as we use it. */
export interface OrtModule {
  InferenceSession: { create(model: Uint8Array, options: OrtSessionOptions): Promise<OrtSession> }
  Tensor: new (type: 'float32', data: Float32Array, dims: readonly number[]) => OrtTensor
  env: { versions: { node?: string; common?: string } }
}

/** The result of loading onnxruntime-node: the module and its version, or why it is unavailable. */
export type OrtLoad = { ok: true; ort: OrtModule; version: string } | { ok: false; reason: string }

const nodeRequire = createRequire(__filename)
let cached: OrtLoad | undefined

/** Loads onnxruntime-node once per process (a computed name keeps bundlers from inlining it). */
export function loadOrt(name = 'onnxruntime-node'): OrtLoad {
  if (cached && name === 'onnxruntime-node') return cached
  let result: OrtLoad
  try {
    const ort = nodeRequire(name) as OrtModule
    result = { ok: true, ort, version: ort.env?.versions?.node ?? ort.env?.versions?.common ?? 'unknown' }
  } catch (error) {
    const code = (error as { code?: string }).code
    const reason = code === 'MODULE_NOT_FOUND' ? `${name} is not installed` : (error as Error).message.split('\n')[0]
    result = { ok: false, reason: `onnx unavailable: ${reason}` }
  }
  if (name === 'onnxruntime-node') cached = result
  return result
}
