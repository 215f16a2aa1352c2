/** Names the engine's TensorFlow.js backends go by on the command line and in the UI. */
export const BACKEND_NAMES = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'] as const

/** One of {@link BACKEND_NAMES}. */
export type BackendName = (typeof BACKEND_NAMES)[number]

/** Type guard for {@link BackendName}. */
export function isBackendName(value: unknown): value is BackendName {
  return typeof value === 'string' && (BACKEND_NAMES as readonly string[]).includes(value)
}

/** Why a better backend was not used. */
export interface BackendSkip {
  backend: BackendName
  reason: string
}

/** The backend the engine runs on, and how it was chosen. */
export interface BackendInfo {
  /** Active backend. */
  name: BackendName
  /** Backends tried before it, best first, each with the reason it was skipped. */
  skipped: BackendSkip[]
  /** How the choice was made: automatic fallback or an explicit request (flag or CVDM_BACKEND). */
  requestedBy: 'auto' | 'flag' | 'env'
  /** wasm only: SIMD and threads in use. */
  wasm?: { simd: boolean; threads: number; threadsReason?: string }
  /** Milliseconds spent initializing the backend. */
  initMs: number
}

/** Where restores run their networks (denoiser, schedule U-Net): onnxruntime where it loads, else the tfjs backend. */
export interface InferenceInfo {
  engine: 'onnxruntime' | 'tfjs'
  /** onnxruntime version (onnxruntime only). */
  version?: string
  /** onnxruntime intra-op threads (onnxruntime only). */
  threads?: number
  /** Why onnxruntime is not used (tfjs only). */
  reason?: string
}

/** Which host serves the UI and the contract. */
export type HostKind = 'electron' | 'browser' | 'cli'

/** What `app:get-info` returns: versions, platform, backend and machine resources. */
export interface AppInfo {
  name: string
  version: string
  host: HostKind
  platform: string
  arch: string
  versions: { node: string; tfjs: string; electron?: string; chrome?: string }
  backend: BackendInfo
  /** Where restore inference runs (training always runs on `backend`). */
  inference: InferenceInfo
  cpu: { model: string; cores: number }
  /** Bytes. */
  memory: { total: number; free: number }
}

/**
 * Where restores run their networks, in words: `onnxruntime 1.30.0<sep>2 threads`, or the tfjs backend with the reason
 * onnxruntime is not used (`wasm (onnx unavailable: …)`). Shared by `cvdm info` (sep ", ") and the info panel (" · ").
 */
export function inferenceSummary(info: Pick<AppInfo, 'backend' | 'inference'>, separator = ', '): string {
  const i = info.inference
  if (i.engine === 'onnxruntime') {
    const threads = i.threads ?? 1
    return `onnxruntime ${i.version ?? ''}${separator}${threads} thread${threads === 1 ? '' : 's'}`
  }
  return `${info.backend.name}${i.reason ? ` (${i.reason})` : ''}`
}
