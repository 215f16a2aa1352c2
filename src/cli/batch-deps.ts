import type { Command } from 'commander'
import { DEFAULT_MODEL_ID, locateModel } from '../core/models'
import { createRestoreProcessor, RestoreEngine } from '../core/restore'
import { readAppIdentity } from './app-identity'
import type { BatchDeps } from './commands/batch'
import { modelDirs } from './model-dirs'

/**
 * Plugs the real restore into `cvdm batch`: the engine runs in a worker process (this one only coordinates), and
 * the backend and model load lazily, when the first file runs. The worker exits with this process, even on kill -9.
 */
export function batchDeps(program: Command): BatchDeps {
  let engine: RestoreEngine | undefined
  let ready: ReturnType<RestoreEngine['prepare']> | undefined
  const prepare = (modelId: string, flag?: string) => {
    engine ??= new RestoreEngine()
    const request = { model: modelId, modelDirs: modelDirs(), backend: flag ?? program.opts<{ backend?: string }>().backend }
    ready ??= engine.prepare(request)
    return { engine, request, ready }
  }
  return {
    defaultModelId: DEFAULT_MODEL_ID,
    processor: async (options, flag) => {
      const { engine, request, ready } = prepare(options.modelId, flag)
      await ready
      return createRestoreProcessor(engine, request, readAppIdentity())
    },
    runInfo: async (options, flag) => {
      const info = await prepare(options.modelId, flag).ready
      const model = await locateModel(options.modelId, modelDirs())
      return { backend: info.backend, modelHash: model.sha256 }
    }
  }
}
