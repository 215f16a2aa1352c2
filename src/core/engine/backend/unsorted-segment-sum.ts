/**
 * wasm `UnsortedSegmentSum` (missing from tfjs-backend-wasm 4.22; it is the gradient of `tf.gather`): a one-hot
 * matrix product on wasm kernels, out[s, …] = Σ_i [ids_i = s] · x[i, …] = oneHot(ids)ᵀ · x. Ids outside
 * [0, numSegments) select nothing, as in TensorFlow.
 */
import {
  UnsortedSegmentSum,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
  type UnsortedSegmentSumAttrs
} from '@tensorflow/tfjs'
import { composed } from './wasm-compose'

/**
 * @param args.inputs.x - [N0, …, Nk−1, D…] float32 (int32 is summed in float32 and cast back)
 * @param args.inputs.segmentIds - [N0, …, Nk−1] int32
 * @returns [numSegments, D…] in x's dtype
 */
export const unsortedSegmentSumWasm: KernelFunc = ({ inputs, backend, attrs }) => {
  const { x, segmentIds } = inputs as { x: TensorInfo; segmentIds: TensorInfo }
  const { numSegments } = attrs as unknown as UnsortedSegmentSumAttrs
  const n = segmentIds.shape.reduce((a, b) => a * b, 1)
  const rest = x.shape.slice(segmentIds.shape.length)
  const d = rest.reduce((a, b) => a * b, 1)
  return composed(backend, (s) => {
    const ids = s.reshape(segmentIds, [n])
    // The wasm OneHot writes int32 whatever dtype it is asked for, so ask for int32 and cast.
    const hotInt = s.run('OneHot', { indices: ids }, { depth: numSegments, onValue: 1, offValue: 0, dtype: 'int32' })
    const hot = s.run('Cast', { x: hotInt }, { dtype: 'float32' })
    const hotT = s.reshape(s.transpose(hot, [1, 0]), [1, numSegments, n])
    let flat = s.reshape(x, [1, n, d])
    if (x.dtype !== 'float32') flat = s.run('Cast', { x: flat }, { dtype: 'float32' })
    let out = s.run('BatchMatMul', { a: hotT, b: flat }, { transposeA: false, transposeB: false })
    if (x.dtype !== 'float32') out = s.run('Cast', { x: out }, { dtype: x.dtype })
    return s.reshape(out, [numSegments, ...rest])
  })
}

/** Kernel registration for {@link unsortedSegmentSumWasm}. */
export const unsortedSegmentSumConfig: KernelConfig = {
  kernelName: UnsortedSegmentSum,
  backendName: 'wasm',
  kernelFunc: unsortedSegmentSumWasm
}
