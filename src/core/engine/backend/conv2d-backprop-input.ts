/**
 * wasm `Conv2DBackpropInput` on XNNPACK: the input gradient as a forward Conv2D of dy with the spatially flipped,
 * in/out-transposed filter. tfjs-backend-wasm 4.22 has a native kernel for this, but it is a plain loop; this
 * one runs on the same XNNPACK path as the forward pass.
 *
 *   dx[b,r,c,ci] = Σ_{p,q,o} dy↑[b, r − p + padT, c − q + padL, o] · w[p,q,ci,o]
 *               = conv(dy↑, wᶠ)[b,r,c,ci] with wᶠ[p',q',o,ci] = w[kh−1−p', kw−1−q', ci, o]
 *
 * where dy↑ is dy with (stride − 1) zeros inserted between pixels (dy itself for stride 1), and the conv is padded
 * by kh − 1 − padT on top (the rest chosen so the output is H × W).
 */
import {
  backend_util,
  Conv2DBackpropInput,
  type Conv2DBackpropInputAttrs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo
} from '@tensorflow/tfjs'
import { composed, type Scratch } from './wasm-compose'

/** Zero-insertion upsampling: [B, H', W', C] → [B, H'·sh, W'·sw, C] with dy at (i·sh, j·sw), zeros elsewhere. */
function insertZeros(s: Scratch, dy: TensorInfo, sh: number, sw: number): TensorInfo {
  if (sh === 1 && sw === 1) return dy
  const [b, h, w, c] = dy.shape
  const grid = s.reshape(dy, [b, h, 1, w, 1, c])
  const paddings = [
    [0, 0],
    [0, 0],
    [0, sh - 1],
    [0, 0],
    [0, sw - 1],
    [0, 0]
  ]
  const padded = s.run('PadV2', { x: grid }, { paddings, constantValue: 0 })
  return s.reshape(padded, [b, h * sh, w * sw, c])
}

/**
 * wᶠ[p', q', o, ci] = w[kh−1−p', kw−1−q', ci, o]. Flipping both spatial axes reverses the flattened kh·kw tap
 * index, so it is kh·kw row slices concatenated in reverse order: 1.2 ms CPU for a [3,3,128,128] filter, where
 * the wasm Reverse kernel takes 4.6 ms and GatherV2 5.9 ms (measured with bench/probes/conv-overhead.ts).
 */
function flipTransposed(s: Scratch, filter: TensorInfo): TensorInfo {
  const [kh, kw, ci, co] = filter.shape
  const taps = kh * kw
  const swapped = s.transpose(s.reshape(filter, [taps, ci, co]), [0, 2, 1])
  if (taps === 1) return s.reshape(swapped, [kh, kw, co, ci])
  const rows = Array.from({ length: taps }, (_, i) =>
    s.run('Slice', { x: swapped }, { begin: [taps - 1 - i, 0, 0], size: [1, co, ci] })
  )
  const flipped = s.run('Concat', rows as unknown as Record<string, TensorInfo>, { axis: 0 })
  return s.reshape(flipped, [kh, kw, co, ci])
}

/**
 * dx for an NHWC Conv2D with dilation 1.
 * @param args.inputs.dy - [B, H', W', Cout] float32
 * @param args.inputs.filter - [kh, kw, Cin, Cout] float32
 * @returns [B, H, W, Cin] float32 (attrs.inputShape)
 * @throws Error for NCHW data
 */
export const conv2dBackpropInputWasm: KernelFunc = ({ inputs, backend, attrs }) => {
  const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo }
  const { strides, pad, dataFormat, dimRoundingMode, inputShape } = attrs as unknown as Conv2DBackpropInputAttrs
  if (dataFormat === 'NCHW') throw new Error('wasm Conv2DBackpropInput supports NHWC only')
  const info = backend_util.computeConv2DInfo(
    inputShape,
    filter.shape as [number, number, number, number],
    strides,
    1,
    pad,
    dimRoundingMode
  )
  const { inHeight, inWidth, filterHeight, filterWidth, strideHeight, strideWidth, padInfo } = info
  return composed(backend, (s) => {
    const up = insertZeros(s, dy, strideHeight, strideWidth)
    const wT = flipTransposed(s, filter)
    const top = filterHeight - 1 - padInfo.top
    const left = filterWidth - 1 - padInfo.left
    const bottom = inHeight - up.shape[1] + filterHeight - 1 - top
    const right = inWidth - up.shape[2] + filterWidth - 1 - left
    return s.conv(up, wT, { top, bottom, left, right })
  })
}

/** Kernel registration for {@link conv2dBackpropInputWasm}. */
export const conv2dBackpropInputConfig: KernelConfig = {
  kernelName: Conv2DBackpropInput,
  backendName: 'wasm',
  kernelFunc: conv2dBackpropInputWasm
}
