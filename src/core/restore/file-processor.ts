import { CodedError } from '../../shared/errors'
import { restoreFile, type LoadedModel } from './restore-file'

/** The per-file restore options a queue stores (structurally the jobs room's `RestoreOptions`). */
export interface QueuedRestoreOptions {
  steps: number
  samples: number
  sampler: 'fast' | 'faithful'
  seed: number
  roi?: { x: number; y: number; width: number; height: number }
}

/**
 * Adapts {@link restoreFile} to the batch queue's per-file processor: outputs at the paths the queue fixed,
 * cancellation and progress passed through.
 * @param loaded - the model for every file of the job (loaded once)
 */
export function createRestoreProcessor(loaded: LoadedModel, app: { name: string; version: string; backend: string }, tile = 128) {
  return async (
    task: { input: string; outputs: { main: string; std?: string }; options: QueuedRestoreOptions },
    ctx: { signal: AbortSignal; onProgress(fraction: number, note?: string): void }
  ): Promise<{ outputs: string[]; timings: Record<string, number> }> => {
    const o = task.options
    if (o.sampler === 'faithful') throw new CodedError('bad-request', 'The faithful sampler is not yet available for tiled restores; use fast.')
    const result = await restoreFile(task.input, loaded, {
      outDir: '',
      outputs: { main: task.outputs.main, std: task.outputs.std ?? task.outputs.main.replace(/_cvdm\.tif$/, '_cvdm_std.tif') },
      sampler: { kind: 'ddim', steps: o.steps, samples: o.samples, seed: o.seed },
      roi: o.roi,
      tile,
      app,
      signal: ctx.signal,
      onProgress: (p) => ctx.onProgress(p.fraction, `plane ${p.plane + 1}/${p.planes}`)
    })
    const outputs = result.outputs ? [result.outputs.main, ...(result.outputs.wroteStd ? [result.outputs.std] : [])] : []
    return { outputs, timings: { totalSeconds: result.seconds } }
  }
}
