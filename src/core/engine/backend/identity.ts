/**
 * wasm `Identity` without the copy. The stock wasm kernel allocates and memcpys a new buffer; the cpu backend
 * instead shares the input's buffer and bumps its reference count, which is safe because tensor buffers are never
 * written after their kernel returns (variables get new buffers on assign). Gradients call Identity for every
 * tensor used more than once and every `tf.add` operand, so a training step copies megabytes for nothing:
 * 65 copies of [4, 64, 64, 16] per cvdm-xs step at 64², ≈ 4 % of the step (bench/probes/kernel-profile.ts).
 */
import { Identity, type KernelBackend, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs'

/**
 * @param args.inputs.x - any shape and numeric dtype
 * @returns a TensorInfo sharing x's buffer (x's reference count incremented)
 */
export const identityWasm: KernelFunc = ({ inputs, backend }) => {
  const { x } = inputs as { x: TensorInfo }
  ;(backend as KernelBackend).incRef(x.dataId)
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype }
}

/** Kernel registration for {@link identityWasm}. */
export const identityConfig: KernelConfig = {
  kernelName: Identity,
  backendName: 'wasm',
  kernelFunc: identityWasm
}
