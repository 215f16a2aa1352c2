/**
 * Probe: CPU cost (least process CPU ms, 1 thread) of a forward conv with a cached filter, the same conv with a
 * fresh filter tensor each call (new XNNPACK operator + weight packing), our dx (stride 1) and our dW.
 * Run: npx tsx bench/probes/conv-overhead.ts
 */
import { tf } from '../../src/core/engine/tf'
import { activateWasmBackend, registerWasmTrainingKernels } from '../../src/core/engine/backend'

async function cpuMs(f: () => tf.Tensor, rounds = 8): Promise<number> {
  let best = Infinity
  for (let r = 0; r < rounds; r++) {
    const c0 = process.cpuUsage()
    const y = f()
    await y.data()
    y.dispose()
    const c = process.cpuUsage(c0)
    if (r > 0) best = Math.min(best, (c.user + c.system) / 1e3)
  }
  return best
}

async function main(): Promise<void> {
  registerWasmTrainingKernels()
  await activateWasmBackend(1)
  type S4 = [number, number, number, number]
  const shapes: [S4, number][] = [[[4, 64, 64, 32], 32], [[4, 16, 16, 128], 128], [[1, 128, 128, 32], 32], [[4, 64, 64, 96], 32]]
  for (const [xs, co] of shapes) {
    const x = tf.randomNormal<tf.Rank.R4>(xs)
    const w = tf.randomNormal<tf.Rank.R4>([3, 3, xs[3], co])
    const dy = tf.randomNormal<tf.Rank.R4>([xs[0], xs[1], xs[2], co])
    const attrs = { strides: [1, 1], pad: 'same', dataFormat: 'NHWC', dimRoundingMode: undefined }
    const flop = 2 * xs[0] * xs[1] * xs[2] * 9 * xs[3] * co
    const r = [
      await cpuMs(() => tf.conv2d(x, w, 1, 'same')),
      await cpuMs(() => tf.tidy(() => tf.conv2d(x, tf.mul(w, 1) as tf.Tensor4D, 1, 'same'))),
      await cpuMs(() => tf.engine().runKernel('Conv2DBackpropInput', { dy, filter: w }, { ...attrs, inputShape: xs } as never) as tf.Tensor),
      await cpuMs(() => tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { ...attrs, filterShape: w.shape } as never) as tf.Tensor),
      await cpuMs(() => tf.transpose(x, [3, 1, 2, 0])),
      await cpuMs(() => tf.transpose(dy, [1, 2, 0, 3]))
    ]
    const gf = (ms: number): string => (flop / ms / 1e6).toFixed(1)
    console.log(
      `${JSON.stringify(xs)}→${co}: fwd ${r[0].toFixed(1)} (${gf(r[0])} GF/s) | fresh-filter fwd ${r[1].toFixed(1)} | dx ${r[2].toFixed(1)} (${gf(r[2])}) | ` +
        `dW ${r[3].toFixed(1)} (${gf(r[3])}) | transpose x ${r[4].toFixed(1)}, dy ${r[5].toFixed(1)} ms CPU`
    )
    tf.dispose([x, w, dy])
  }
}
void main()
