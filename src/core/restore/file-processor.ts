import type { ModelDirs } from '../models'
import type { RestoreEngine } from './engine-host'
import { samplerKindOf } from './restore-request'

/** The per-file restore options a queue stores (structurally the jobs room's `RestoreOptions`). */
export interface QueuedRestoreOptions {
  modelId?: string
  steps: number
  samples: number
  sampler: 'fast' | 'faithful'
  seed: number
  roi?: { x: number; y: number; width: number; height: number }
}

/**
 * Adapts the restore engine (worker process) to the batch queue's per-file processor: outputs at the paths the
 * queue fixed, cancellation and progress passed through.
 * @param engine - runs every file of the job (its worker keeps the model loaded between files)
 * @param model - model id or folder, and where ids are looked up; `backend` the `--backend` choice
 */
export function createRestoreProcessor(
  engine: RestoreEngine,
  model: { model?: string; modelDirs: ModelDirs; backend?: string },
  app: { name: string; version: string },
  tile = 128
) {
  return async (
    task: { input: string; outputs: { main: string; std?: string }; options: QueuedRestoreOptions },
    ctx: { signal: AbortSignal; onProgress(fraction: number, note?: string): void }
  ): Promise<{ outputs: string[]; timings: Record<string, number> }> => {
    const o = task.options
    const result = await engine.restore(
      {
        ...model,
        input: task.input,
        outDir: '',
        outputs: { main: task.outputs.main, std: task.outputs.std ?? task.outputs.main.replace(/_cvdm\.tif$/, '_cvdm_std.tif') },
        sampler: { kind: samplerKindOf(o.sampler), steps: o.steps, samples: o.samples, seed: o.seed },
        roi: o.roi,
        tile,
        app
      },
      { signal: ctx.signal, onProgress: (p) => ctx.onProgress(p.fraction, `plane ${Math.min(p.plane + 1, p.planes)}/${p.planes}`) }
    )
    const outputs = result.outputs ? [result.outputs.main, ...(result.outputs.wroteStd ? [result.outputs.std] : [])] : []
    return { outputs, timings: { totalSeconds: result.seconds } }
  }
}
