import type { Command } from 'commander'
import { initBackend, resolveBackendRequest } from '../core/engine'
import { DEFAULT_MODEL_ID, locateModel } from '../core/models'
import { createRestoreProcessor, loadRestoreModel } from '../core/restore'
import { readAppIdentity } from './app-identity'
import type { BatchDeps } from './commands/batch'
import { modelDirs } from './model-dirs'

/** Plugs the real restore into `cvdm batch`: backend and model load lazily, when the first file runs. */
export function batchDeps(program: Command): BatchDeps {
  const backend = (flag?: string) => initBackend(resolveBackendRequest(flag ?? program.opts<{ backend?: string }>().backend))
  return {
    defaultModelId: DEFAULT_MODEL_ID,
    processor: async (options, flag) => {
      const info = await backend(flag)
      const loaded = await loadRestoreModel(options.modelId, modelDirs())
      return createRestoreProcessor(loaded, { ...readAppIdentity(), backend: info.name })
    },
    runInfo: async (options, flag) => {
      const info = await backend(flag)
      const model = await locateModel(options.modelId, modelDirs())
      return { backend: info.name, modelHash: model.sha256 }
    }
  }
}
