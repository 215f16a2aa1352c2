/**
 * wasm `Conv2DBackpropFilter` (missing from tfjs-backend-wasm 4.22): the filter gradient written as one forward
 * XNNPACK Conv2D on transposed tensors, with the forward stride turned into the dilation of the "filter" (dy).
 *
 *   dW[p,q,c,o] = Σ_{b,i,j} x[b, i·s + p − padT, j·s + q − padL, c] · dy[b,i,j,o]
 *              = conv(X'[c, ·, ·, b] = xᵀ, F[i, j, b, o] = dyᵀ, dilation s)[c, p, q, o]
 *
 * so batch ↔ channels swap roles: X' = transpose(x, [3,1,2,0]) is [Cin, H, W, B], F = transpose(dy, [1,2,0,3])
 * is [H', W', B, Cout], and the result [Cin, kh, kw, Cout] is transposed back to [kh, kw, Cin, Cout].
 * Measured here (DESIGN.md §4): agrees with the cpu backend to ≤ 6e-6.
 *
 * With batch ≤ 2 that conv sums only B channels per kernel tap, which XNNPACK does poorly (10 GFLOP/s at batch 1,
 * 128², 32→32); there, stride-1 convs instead take one GEMM per tap, dW[p,q] = X_pqᵀ·dy over the B·H'·W' pixels,
 * with X_pq the shifted window of the channel-major x (17 GFLOP/s; bench/probes/dw-variants.ts).
 */
import {
  backend_util,
  Conv2DBackpropFilter,
  type Conv2DBackpropFilterAttrs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo
} from '@tensorflow/tfjs'
import { composed, type Scratch } from './wasm-compose'

/** Per-tap GEMMs for stride 1: [kh, kw, Cin, Cout] = stack over taps of X_pqᵀ [Cin, N] · dy [N, Cout]. */
function viaTapGemms(s: Scratch, x: TensorInfo, dy: TensorInfo, info: backend_util.Conv2DInfo): TensorInfo {
  const { batchSize, inHeight, inWidth, inChannels, outChannels, outHeight, outWidth, filterHeight, filterWidth, padInfo } =
    info
  const n = batchSize * outHeight * outWidth
  const bottom = Math.max(0, filterHeight - 1 + outHeight - inHeight - padInfo.top)
  const right = Math.max(0, filterWidth - 1 + outWidth - inWidth - padInfo.left)
  const paddings = [
    [0, 0],
    [0, 0],
    [padInfo.top, bottom],
    [padInfo.left, right]
  ]
  const xT = s.run('PadV2', { x: s.transpose(x, [3, 0, 1, 2]) }, { paddings, constantValue: 0 }) // [Cin, B, Hp, Wp]
  const dy2 = s.reshape(dy, [1, n, outChannels])
  const taps: TensorInfo[] = []
  for (let p = 0; p < filterHeight; p++) {
    for (let q = 0; q < filterWidth; q++) {
      const size = [inChannels, batchSize, outHeight, outWidth]
      const window = s.reshape(s.run('Slice', { x: xT }, { begin: [0, 0, p, q], size }), [1, inChannels, n])
      taps.push(s.run('BatchMatMul', { a: window, b: dy2 }, { transposeA: false, transposeB: false }))
    }
  }
  const stacked = taps.length === 1 ? taps[0] : s.run('Concat', taps as unknown as Record<string, TensorInfo>, { axis: 0 })
  return s.reshape(stacked, [filterHeight, filterWidth, inChannels, outChannels])
}

/**
 * dW for an NHWC Conv2D with dilation 1.
 * @param args.inputs.x - [B, H, W, Cin] float32, the forward input
 * @param args.inputs.dy - [B, H', W', Cout] float32, the gradient of the forward output
 * @returns [kh, kw, Cin, Cout] float32 (attrs.filterShape)
 * @throws Error for NCHW data (the wasm Conv2D is NHWC only)
 */
export const conv2dBackpropFilterWasm: KernelFunc = ({ inputs, backend, attrs }) => {
  const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo }
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as Conv2DBackpropFilterAttrs
  if (dataFormat === 'NCHW') throw new Error('wasm Conv2DBackpropFilter supports NHWC only')
  const info = backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filterShape,
    strides,
    1,
    pad,
    dimRoundingMode
  )
  const { inHeight, inWidth, outHeight, outWidth, filterHeight, filterWidth, strideHeight, strideWidth, padInfo } = info
  if (info.batchSize <= 2 && strideHeight === 1 && strideWidth === 1) {
    return composed(backend, (s) => viaTapGemms(s, x, dy, info))
  }
  return composed(backend, (s) => {
    const xT = s.transpose(x, [3, 1, 2, 0])
    const dyT = s.transpose(dy, [1, 2, 0, 3])
    const top = padInfo.top
    const left = padInfo.left
    const bottom = filterHeight - inHeight - top + (outHeight - 1) * strideHeight
    const right = filterWidth - inWidth - left + (outWidth - 1) * strideWidth
    const dwT = s.conv(xT, dyT, { top, bottom, left, right }, [strideHeight, strideWidth])
    return s.transpose(dwT, [1, 2, 0, 3])
  })
}

/** Kernel registration for {@link conv2dBackpropFilterWasm}. */
export const conv2dBackpropFilterConfig: KernelConfig = {
  kernelName: Conv2DBackpropFilter,
  backendName: 'wasm',
  kernelFunc: conv2dBackpropFilterWasm
}
