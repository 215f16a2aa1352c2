/**
 * The one place that imports TensorFlow.js and chooses its backend (STYLE.md rule 24).
 * Order: tfjs-node-gpu (CUDA) → tfjs-node (libtensorflow CPU) → wasm (SIMD + threads) → cpu.
 * The wasm backend gets our training kernels and Node threads from ./backend (DESIGN.md §4).
 * Everything else in the engine imports `tf` from here and asks {@link getBackendInfo}.
 */
import * as tf from '@tensorflow/tfjs'
import { createRequire } from 'node:module'
import { CodedError } from '../../shared/errors'
import { activateWasmBackend, registerWasmTrainingKernels, requestedWasmThreads } from './backend'
import { BACKEND_NAMES, isBackendName, type BackendInfo, type BackendName, type BackendSkip } from '../../shared/app-info'

export { tf }

/** Loads and activates one backend; throws with a human reason when it can't. */
export type BackendLoader = () => Promise<Partial<Pick<BackendInfo, 'wasm'>> | void>

const nodeRequire = createRequire(__filename)

/** Loads an optional native package by a computed name, so bundlers leave it alone. */
function requireOptional(name: string): unknown {
  try {
    return nodeRequire(name)
  } catch (error) {
    const code = (error as { code?: string }).code
    if (code === 'MODULE_NOT_FOUND') {
      throw new Error(`${name} is not installed (its libtensorflow download needs internet at install time)`, { cause: error })
    }
    throw new Error(`${name} failed to load: ${(error as Error).message.split("\n")[0]}`, { cause: error })
  }
}

async function activate(name: string): Promise<void> {
  if (!tf.findBackendFactory(name)) throw new Error(`backend "${name}" did not register`)
  const ok = await tf.setBackend(name)
  if (!ok) throw new Error(`backend "${name}" failed to initialize`)
  await tf.ready()
}

/** Real loaders for every backend, best first. */
export const BACKEND_LOADERS: Record<BackendName, BackendLoader> = {
  'tensorflow-gpu': async () => {
    requireOptional('@tensorflow/tfjs-node-gpu')
    await activate('tensorflow')
  },
  tensorflow: async () => {
    requireOptional('@tensorflow/tfjs-node')
    await activate('tensorflow')
  },
  wasm: async () => {
    nodeRequire('@tensorflow/tfjs-backend-wasm')
    // Our gradient kernels (the stock build can't train convolutions) and, in Node, XNNPACK threads that tfjs
    // leaves off: see DESIGN.md §4 and backend/wasm-threads.ts. `threadsReason` says why threads are 1.
    registerWasmTrainingKernels()
    const { threads, threadsReason } = await activateWasmBackend(requestedWasmThreads())
    await tf.ready()
    const wasm = { simd: tf.env().getBool('WASM_HAS_SIMD_SUPPORT'), threads, ...(threadsReason ? { threadsReason } : {}) }
    return { wasm }
  },
  cpu: async () => {
    await activate('cpu')
  }
}

/** Where a backend request came from: an explicit `--backend` flag, `CVDM_BACKEND`, or automatic. */
export interface BackendRequest {
  backend?: BackendName
  requestedBy: BackendInfo['requestedBy']
}

/**
 * Reads the user's backend choice: the flag wins over the environment; neither means automatic.
 * @throws CodedError `bad-request` for a name that isn't one of {@link BACKEND_NAMES}
 */
export function resolveBackendRequest(flag?: string, env: NodeJS.ProcessEnv = process.env): BackendRequest {
  const pick = (value: string, requestedBy: 'flag' | 'env'): BackendRequest => {
    if (!isBackendName(value)) {
      const from = requestedBy === 'flag' ? '--backend' : 'CVDM_BACKEND'
      throw new CodedError('bad-request', `Unknown backend "${value}" in ${from}; use one of ${BACKEND_NAMES.join(', ')}.`)
    }
    return { backend: value, requestedBy }
  }
  if (flag) return pick(flag, 'flag')
  if (env.CVDM_BACKEND) return pick(env.CVDM_BACKEND, 'env')
  return { requestedBy: 'auto' }
}

/**
 * Tries backends in order and activates the first that works. An explicit request tries only that one and
 * fails loudly rather than silently running somewhere slower.
 * @throws CodedError `backend-unavailable` when nothing (or not the requested backend) could start
 */
export async function selectBackend(
  request: BackendRequest = { requestedBy: 'auto' },
  loaders: Record<BackendName, BackendLoader> = BACKEND_LOADERS
): Promise<BackendInfo> {
  const order = request.backend ? [request.backend] : [...BACKEND_NAMES]
  const skipped: BackendSkip[] = []
  for (const name of order) {
    const started = performance.now()
    try {
      const extra = (await loaders[name]()) ?? {}
      return { name, skipped, requestedBy: request.requestedBy, initMs: performance.now() - started, ...extra }
    } catch (error) {
      skipped.push({ backend: name, reason: (error as Error).message })
    }
  }
  const reasons = skipped.map((s) => `${s.backend}: ${s.reason}`).join('; ')
  throw new CodedError('backend-unavailable', `No TensorFlow.js backend could start (${reasons}).`)
}

let active: Promise<BackendInfo> | undefined

/** Initializes the backend once per process (later calls return the first result). */
export function initBackend(request?: BackendRequest): Promise<BackendInfo> {
  active ??= selectBackend(request ?? resolveBackendRequest())
  active.catch(() => (active = undefined))
  return active
}

/** The active backend, once {@link initBackend} has finished; undefined before. */
export async function getBackendInfo(): Promise<BackendInfo | undefined> {
  return active ? active.catch(() => undefined) : undefined
}

/** The TensorFlow.js version string. */
export const TFJS_VERSION: string = tf.version.tfjs
