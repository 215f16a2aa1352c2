import { locateModel, type ModelDirs } from '../models'
import { loadModel } from './engine-api'
import type { LoadedModel } from './restore-file'

/**
 * Loads a model for restoring: by id (user models, then shipped ones) or folder path; checks shapes and version
 * (engine) and records id + sha256 for the outputs' provenance.
 * @throws CodedError `not-found`, `bad-model`
 */
export async function loadRestoreModel(idOrPath: string | undefined, dirs: ModelDirs): Promise<LoadedModel> {
  const location = await locateModel(idOrPath, dirs)
  const { model, meta } = await loadModel(location.dir)
  return {
    model,
    id: location.id,
    sha256: location.sha256,
    scaleFactor: meta.scaleFactor,
    percentiles: { low: meta.normalization.low, high: meta.normalization.high }
  }
}
