/**
 * The async network seam of inference: the restore path asks an {@link InferenceNets} for λ(x) and ε̂ instead of
 * calling the tfjs model, so the networks can run on onnxruntime (./onnx-nets) while the sampler algebra, the time
 * nets and training stay in tfjs. {@link TfjsNets} wraps a CvdmModel; {@link withInference} attaches nets to a
 * model so code that passes models around (the restore service) needs no second argument.
 */
import type { CvdmModel } from '../model/cvdm-model'
import { tf } from '../tf'

/** Where inference networks run. Tensors are NHWC float32; every returned tensor is the caller's. */
export interface InferenceNets {
  /** Human label, e.g. `tfjs` or `onnxruntime 1.30 (2 threads)`. */
  readonly name: string
  /**
   * λ(x) (ones for fixed-schedule and regression models).
   * @param x - [B, H, W, Cx] condition in [−1, 1]
   * @returns [B, H, W, C] ≥ 0
   */
  rate(x: tf.Tensor4D): Promise<tf.Tensor4D>
  /**
   * ε̂ = D(z, x, γ map) (for regression models D(0, x, 1) is the one-pass prediction).
   * @param z - [B, H, W, C]; x - [B, H, W, Cx]; gamma - [B, H, W, C] in (0, 1]
   * @returns [B, H, W, C]
   */
  denoise(z: tf.Tensor4D, x: tf.Tensor4D, gamma: tf.Tensor4D): Promise<tf.Tensor4D>
  /** Frees what the nets own (not the model they were made from). */
  dispose(): Promise<void> | void
}

/** The networks of a CvdmModel on the active tfjs backend. */
export class TfjsNets implements InferenceNets {
  readonly name = 'tfjs'
  constructor(private readonly model: CvdmModel) {}

  /** See {@link InferenceNets.rate}. */
  rate(x: tf.Tensor4D): Promise<tf.Tensor4D> {
    return Promise.resolve(this.model.rate(x))
  }

  /** See {@link InferenceNets.denoise}. */
  denoise(z: tf.Tensor4D, x: tf.Tensor4D, gamma: tf.Tensor4D): Promise<tf.Tensor4D> {
    return Promise.resolve(this.model.denoise(z, x, gamma))
  }

  /** Nothing to free: the model belongs to the caller. */
  dispose(): void {}
}

/** A model with the inference networks its restores use. */
export interface InferenceModel extends CvdmModel {
  readonly inference: InferenceNets
}

/**
 * `model` with `nets` attached: the same model (config, params, rate, profile, denoise all delegate), whose
 * dispose() also disposes the nets.
 * @returns a new object; the caller owns it instead of `model`
 */
export function withInference(model: CvdmModel, nets: InferenceNets): InferenceModel {
  return {
    config: model.config,
    params: model.params,
    inference: nets,
    rate: (x) => model.rate(x),
    profile: (t) => model.profile(t),
    denoise: (z, x, g) => model.denoise(z, x, g),
    dispose: () => {
      void nets.dispose()
      model.dispose()
    }
  }
}

/** The nets a model's restores should use: those attached by {@link withInference}, else tfjs. */
export function inferenceNetsOf(model: CvdmModel): InferenceNets {
  const attached = (model as Partial<InferenceModel>).inference
  return attached ?? new TfjsNets(model)
}
