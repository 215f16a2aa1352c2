/**
 * The coordinator's handle on the restore engine (DESIGN.md §2): by default a forked engine worker process
 * (started on first use, restarted after a crash), or the same methods in-process. The CLI, the batch queue and the
 * app's RestoreService all go through it, so the engine's memory and crashes stay out of their process.
 */
import { existsSync } from 'node:fs'
import path from 'node:path'
import { CodedError } from '../../shared/errors'
import { WorkerClient } from '../worker'
import type { EngineModelRequest, EngineReady, EngineRestoreJob, EngineRestoreResult } from './engine-job'
import { createEngineMethods } from './engine-methods'
import type { RestoreProgress } from './restore-file'

/** Options of {@link RestoreEngine}. */
export interface RestoreEngineOptions {
  /** Default true: run in a forked engine worker; false: in this process (tests, benches). */
  inWorker?: boolean
  /** Extra environment for the worker (e.g. CVDM_WASM_THREADS). */
  env?: NodeJS.ProcessEnv
}

/** Callbacks of one restore. */
export interface EngineCallOptions {
  signal?: AbortSignal
  onProgress?: (p: RestoreProgress) => void
}

/**
 * The worker script for this build: from the sources (tsx: this file is .ts) a small CommonJS bootstrap that
 * registers tsx; in the electron-vite build, `engine-worker.js` next to the bundled main (electron.vite.config.ts).
 * @throws CodedError `internal` when the build lacks it
 */
export function engineWorkerEntry(): string {
  if (__filename.endsWith('.ts')) return path.join(__dirname, 'engine-worker-boot.cjs')
  // Bundled: this code sits in out/main/index.js or in a shared chunk one folder below it.
  const candidates = [__dirname, path.dirname(__dirname)].map((dir) => path.join(dir, 'engine-worker.js'))
  const entry = candidates.find((file) => existsSync(file))
  if (!entry) throw new CodedError('internal', `The engine worker script is missing (${candidates[0]}); the build is incomplete.`)
  return entry
}

/** Runs restore jobs in the engine worker (or in-process); one instance per coordinator. */
export class RestoreEngine {
  private readonly client: WorkerClient | undefined
  private local: ReturnType<typeof createEngineMethods> | undefined

  constructor(options: RestoreEngineOptions = {}) {
    this.client = options.inWorker === false ? undefined : new WorkerClient(engineWorkerEntry(), options.env)
  }

  /** Starts the backend and loads the model (early, clear failures). @throws `backend-unavailable`, `not-found`, `bad-model`, `engine-crashed` */
  prepare(request: EngineModelRequest): Promise<EngineReady> {
    if (this.client) return this.client.call<EngineReady>('prepare', [request])
    return this.methods().prepare(request)
  }

  /**
   * Restores one file.
   * @throws the engine's coded errors; `cancelled`; `engine-crashed` when the worker died (the next call starts a
   *   fresh one); `out-of-memory`
   */
  restore(job: EngineRestoreJob, options: EngineCallOptions = {}): Promise<EngineRestoreResult> {
    const onProgress = (p: unknown): void => options.onProgress?.(p as RestoreProgress)
    if (this.client) return this.client.call<EngineRestoreResult>('restore', [job], { signal: options.signal, onProgress })
    if (options.signal?.aborted) return Promise.reject(new CodedError('cancelled', 'Cancelled before it started.'))
    return this.methods().restore(job, { signal: options.signal ?? new AbortController().signal, onProgress })
  }

  /** The worker's pid while it runs (undefined in-process or before the first call). */
  get workerPid(): number | undefined {
    return this.client?.pid
  }

  /** Stops the worker (calls in flight fail with `cancelled`) or frees the in-process models. */
  async dispose(): Promise<void> {
    await this.client?.dispose()
    this.local?.dispose()
    this.local = undefined
  }

  private methods(): ReturnType<typeof createEngineMethods> {
    this.local ??= createEngineMethods()
    return this.local
  }
}
