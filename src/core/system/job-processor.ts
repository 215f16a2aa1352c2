/**
 * The batch queue's file processor for app hosts: the real restore (core/restore) in its own engine worker process,
 * started on the first file (the worker keeps the model loaded between files). Like `cvdm batch`.
 */
import type { FileProcessor } from '../../shared/jobs'
import type { ModelDirs } from '../models'
import { createRestoreProcessor, RestoreEngine } from '../restore'
import type { AppIdentity } from './app-info'

/** The processor and the disposer of its engine worker. */
export interface QueueProcessor {
  processor: FileProcessor
  dispose(): Promise<void>
}

/** Builds the processor; the worker and the model start lazily, when the first file runs. */
export function createQueueProcessor(options: { modelDirs: ModelDirs; app: AppIdentity; inWorker?: boolean }): QueueProcessor {
  let engine: RestoreEngine | undefined
  return {
    processor: (task, ctx) => {
      engine ??= new RestoreEngine({ inWorker: options.inWorker })
      const run = createRestoreProcessor(engine, { model: task.options.modelId, modelDirs: options.modelDirs }, options.app)
      return run(task, ctx)
    },
    dispose: async () => {
      await engine?.dispose()
      engine = undefined
    }
  }
}
