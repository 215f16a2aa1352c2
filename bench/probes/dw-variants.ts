/**
 * Probe: Conv2DBackpropFilter variants on wasm (1 thread): (a) ours, one XNNPACK conv on transposed tensors with
 * dilation = stride; (b) 9 GEMMs of shifted channel-major slices of x with dy; (c) one im2col GEMM.
 * Run: npx tsx bench/probes/dw-variants.ts
 */
import { tf } from '../../src/core/engine/tf'
import { activateWasmBackend, registerWasmTrainingKernels } from '../../src/core/engine/backend'

type S4 = [number, number, number, number]
/** Least process-CPU ms of each variant over `rounds` interleaved rounds (robust to other jobs on the cores). */
async function timeAll(fs: (() => tf.Tensor)[], rounds = 8): Promise<number[]> {
  const best = fs.map(() => Infinity)
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < fs.length; i++) {
      const c0 = process.cpuUsage()
      const y = fs[i]()
      await y.data()
      y.dispose()
      const c = process.cpuUsage(c0)
      if (r > 0) best[i] = Math.min(best[i], (c.user + c.system) / 1e3)
    }
  }
  return best
}

/** dW by shifted slices of the channel-major, padded x (3×3 same, stride 1). */
function dwSlices(x: tf.Tensor4D, dy: tf.Tensor4D, k: number, im2col: boolean): tf.Tensor {
  return tf.tidy(() => {
    const [b, h, w, ci] = x.shape
    const co = dy.shape[3]
    const n = b * h * w
    const p = (k - 1) / 2
    const xt = tf.pad(tf.transpose(x, [3, 0, 1, 2]), [[0, 0], [0, 0], [p, p], [p, p]])
    const dy2 = tf.reshape(dy, [1, n, co])
    const parts: tf.Tensor[] = []
    for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) parts.push(tf.reshape(tf.slice(xt, [0, 0, i, j], [ci, b, h, w]), [1, ci, n]))
    if (im2col) return tf.reshape(tf.matMul(tf.concat(parts, 1) as tf.Tensor3D, dy2), [k, k, ci, co])
    return tf.reshape(tf.concat(parts.map((s) => tf.matMul(s as tf.Tensor3D, dy2)), 0), [k, k, ci, co])
  })
}

async function main(): Promise<void> {
  registerWasmTrainingKernels()
  await activateWasmBackend(1)
  const shapes: [S4, number][] = [[[4, 64, 64, 32], 32], [[1, 128, 128, 32], 32], [[4, 32, 32, 64], 64], [[4, 16, 16, 128], 128], [[4, 64, 64, 96], 32]]
  for (const [xs, co] of shapes) {
    const x = tf.randomNormal<tf.Rank.R4>(xs)
    const dy = tf.randomNormal<tf.Rank.R4>([xs[0], xs[1], xs[2], co])
    const attrs = { strides: [1, 1], pad: 'same', dataFormat: 'NHWC', dimRoundingMode: undefined, filterShape: [3, 3, xs[3], co] }
    const ours = (): tf.Tensor => tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, attrs as never) as tf.Tensor
    const ref = ours()
    const a = dwSlices(x, dy, 3, false)
    const c = dwSlices(x, dy, 3, true)
    const err = Math.max(tf.max(tf.abs(tf.sub(ref, a))).dataSync()[0], tf.max(tf.abs(tf.sub(ref, c))).dataSync()[0])
    const flop = 2 * xs[0] * xs[1] * xs[2] * 9 * xs[3] * co
    const r = await timeAll([ours, () => dwSlices(x, dy, 3, false), () => dwSlices(x, dy, 3, true)])
    console.log(`${JSON.stringify(xs)}→${co}: ours ${r[0].toFixed(1)} | 9 GEMMs ${r[1].toFixed(1)} | im2col ${r[2].toFixed(1)} ms  (GF/s ${r.map((m) => (flop / m / 1e6).toFixed(1)).join('/')}) err ${err.toExponential(1)}`)
    tf.dispose([x, dy, ref, a, c])
  }
}
void main()
