/**
 * The engine side of a restore: backend start-up (once per process), a model cache keyed by id + sha256 (each model
 * with its inference networks: onnxruntime where available, see load-model.ts), and restoreFile with progress and
 * cancellation. The backend it reports names both engines, e.g. "wasm (training) + onnxruntime 1.30 (inference, 2 threads)". Served by the engine worker process; also run in-process (tests).
 */
import { CodedError, toErrorInfo } from '../../shared/errors'
import { initBackend, resolveBackendRequest } from '../engine'
import { locateModel } from '../models'
import type { CallContext, WorkerMethods } from '../worker'
import type { EngineModelRequest, EngineReady, EngineRestoreJob, EngineRestoreResult } from './engine-job'
import { engineLabel, inferenceStatus, inferenceThreads, loadModel } from './engine-api'
import { withInferenceNets } from './load-model'
import { restoreFile, type LoadedModel, type RestoreProgress } from './restore-file'

/** Most models kept loaded at once (each is a few MB of weights; a switch back is then instant). */
const CACHE_SIZE = 2

/** wasm/V8 allocation failures, turned into the `out-of-memory` code users can act on. */
function asOutOfMemory(error: unknown): unknown {
  const info = toErrorInfo(error)
  if (info.code === 'internal' && /out of memory|\bOOM\b|allocation failed|could not allocate|Array buffer allocation/i.test(info.message)) {
    return new CodedError('out-of-memory', `The restore ran out of memory (${info.message}); try a smaller tile size, fewer samples or an ROI.`, { cause: error })
  }
  return error
}

/** Creates the engine's methods with their own model cache. */
export function createEngineMethods() {
  const cache = new Map<string, LoadedModel>()

  async function ready(request: EngineModelRequest): Promise<{ loaded: LoadedModel; backend: string }> {
    const info = await initBackend(resolveBackendRequest(request.backend))
    // Fails early (backend-unavailable) for CVDM_INFERENCE=onnx without onnxruntime; the label names both engines.
    const backend = engineLabel(info.name, inferenceStatus(inferenceThreads()))
    const location = await locateModel(request.model, request.modelDirs)
    const key = `${location.id}@${location.sha256}`
    let loaded = cache.get(key)
    if (!loaded) {
      const { model, meta } = await loadModel(location.dir)
      loaded = { model: await withInferenceNets(model), id: location.id, sha256: location.sha256, scaleFactor: meta.scaleFactor, percentiles: { low: meta.normalization.low, high: meta.normalization.high } }
      cache.set(key, loaded)
      while (cache.size > CACHE_SIZE) {
        const [oldest, model] = cache.entries().next().value as [string, LoadedModel]
        cache.delete(oldest)
        model.model.dispose()
      }
    }
    return { loaded, backend }
  }

  return {
    /** Starts the backend and loads the model; @throws `backend-unavailable`, `not-found`, `bad-model` */
    async prepare(request: EngineModelRequest): Promise<EngineReady> {
      const { loaded, backend } = await ready(request)
      return { backend, modelId: loaded.id, sha256: loaded.sha256, scaleFactor: loaded.scaleFactor }
    },
    /** Restores one file; progress payloads are {@link RestoreProgress}. */
    async restore(job: EngineRestoreJob, context: { signal: AbortSignal; onProgress(p: RestoreProgress): void }): Promise<EngineRestoreResult> {
      try {
        const { loaded, backend } = await ready(job)
        const result = await restoreFile(job.input, loaded, {
          outDir: job.outDir,
          onExists: job.onExists,
          outputs: job.outputs,
          suffix: job.suffix,
          sampler: job.sampler,
          roi: job.roi,
          polygon: job.polygon,
          plane: job.plane,
          tile: job.tile,
          overlap: job.overlap,
          app: { ...job.app, backend },
          signal: context.signal,
          onProgress: context.onProgress
        })
        return { ...result, modelId: loaded.id, backend }
      } catch (error) {
        throw asOutOfMemory(error)
      }
    },
    /** Frees every cached model. */
    dispose(): void {
      for (const loaded of cache.values()) loaded.model.dispose()
      cache.clear()
    }
  }
}

/** The engine methods as the worker protocol serves them (arguments: one job object). */
export function engineWorkerMethods(): WorkerMethods {
  const engine = createEngineMethods()
  return {
    prepare: async ([request]) => engine.prepare(request as EngineModelRequest),
    restore: async ([job], context: CallContext) => engine.restore(job as EngineRestoreJob, { signal: context.signal, onProgress: context.onProgress })
  }
}
