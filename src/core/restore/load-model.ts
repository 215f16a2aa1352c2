import { locateModel, type ModelDirs } from '../models'
import { createInferenceNets, inferenceThreads, loadModel, withInference, type CvdmModel } from './engine-api'
import type { LoadedModel } from './restore-file'

/**
 * A loaded model with the inference networks its restores run on attached (see engine `withInference`):
 * onnxruntime when it loads and `CVDM_INFERENCE` is not `tfjs`, else the tfjs networks.
 * @returns the model to use instead of `model` (disposing it disposes both)
 * @throws CodedError `backend-unavailable` for `CVDM_INFERENCE=onnx` without onnxruntime; `internal` when
 *   onnxruntime rejects the exported graph
 */
export async function withInferenceNets(model: CvdmModel, env: NodeJS.ProcessEnv = process.env): Promise<CvdmModel> {
  try {
    return withInference(model, await createInferenceNets(model, inferenceThreads(env), env))
  } catch (error) {
    model.dispose()
    throw error
  }
}

/**
 * Loads a model for restoring: by id (user models, then shipped ones) or folder path; checks shapes and version
 * (engine) and records id + sha256 for the outputs' provenance. Its networks run on onnxruntime where the policy
 * allows ({@link withInferenceNets}).
 * @throws CodedError `not-found`, `bad-model`, `backend-unavailable`
 */
export async function loadRestoreModel(idOrPath: string | undefined, dirs: ModelDirs): Promise<LoadedModel> {
  const location = await locateModel(idOrPath, dirs)
  const { model, meta } = await loadModel(location.dir)
  return {
    model: await withInferenceNets(model),
    id: location.id,
    sha256: location.sha256,
    scaleFactor: meta.scaleFactor,
    percentiles: { low: meta.normalization.low, high: meta.normalization.high }
  }
}
