/**
 * Probe: per-kernel timing of Conv2D, Conv2DBackpropInput (ours vs the stock native loop) and
 * Conv2DBackpropFilter (ours) on CVDM-S conv shapes, single-threaded wasm.
 * Run: npx tsx bench/probes/conv-grad-timing.ts
 */
import { tf, BACKEND_LOADERS } from '../../src/core/engine/tf'
import { registerWasmTrainingKernels, unregisterWasmTrainingKernels } from '../../src/core/engine/backend'

type Shape4 = [number, number, number, number]
const SHAPES: { x: Shape4; k: number; co: number; s: number }[] = [
  { x: [4, 64, 64, 32], k: 3, co: 32, s: 1 },
  { x: [4, 32, 32, 64], k: 3, co: 64, s: 1 },
  { x: [4, 16, 16, 128], k: 3, co: 128, s: 1 },
  { x: [1, 128, 128, 32], k: 3, co: 32, s: 1 },
  { x: [4, 64, 64, 64], k: 1, co: 32, s: 1 },
  { x: [4, 64, 64, 32], k: 3, co: 32, s: 2 }
]

async function time(f: () => tf.Tensor, reps = 5): Promise<number> {
  const warm = f()
  await warm.data()
  warm.dispose()
  const t0 = performance.now()
  for (let i = 0; i < reps; i++) {
    const y = f()
    await y.data()
    y.dispose()
  }
  return (performance.now() - t0) / reps
}

async function main(): Promise<void> {
  const info = await BACKEND_LOADERS.wasm()
  console.log('wasm', JSON.stringify(info))
  console.log('shape                       k s | fwd ms GF/s | dx ours ms GF/s | dx stock ms | dw ours ms GF/s')
  for (const { x: xs, k, co, s } of SHAPES) {
    const x = tf.randomNormal<tf.Rank.R4>(xs)
    const w = tf.randomNormal<tf.Rank.R4>([k, k, xs[3], co])
    const y = tf.conv2d(x, w, s, 'same')
    const dy = tf.randomNormal<tf.Rank.R4>(y.shape)
    const flop = 2 * y.size * k * k * xs[3]
    const attrs = { strides: [s, s], pad: 'same', dataFormat: 'NHWC', dimRoundingMode: undefined }
    const bpi = (): tf.Tensor =>
      tf.engine().runKernel('Conv2DBackpropInput', { dy, filter: w }, { ...attrs, inputShape: xs } as never) as tf.Tensor
    const bpf = (): tf.Tensor =>
      tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { ...attrs, filterShape: w.shape } as never) as tf.Tensor
    const fwd = await time(() => tf.conv2d(x, w, s, 'same'))
    const dxOurs = await time(bpi)
    unregisterWasmTrainingKernels()
    const dxStock = await time(bpi, 2)
    registerWasmTrainingKernels()
    const dw = await time(bpf)
    const gf = (ms: number): string => (flop / ms / 1e6).toFixed(1).padStart(5)
    console.log(
      `${JSON.stringify(xs).padEnd(18)}→${String(co).padEnd(4)} ${k} ${s} | ${fwd.toFixed(1).padStart(6)} ${gf(fwd)} | ` +
        `${dxOurs.toFixed(1).padStart(10)} ${gf(dxOurs)} | ${dxStock.toFixed(1).padStart(11)} | ${dw.toFixed(1).padStart(10)} ${gf(dw)}`
    )
    tf.dispose([x, w, y, dy])
  }
}

void main()
