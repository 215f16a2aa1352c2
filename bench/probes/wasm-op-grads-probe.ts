/**
 * Probe: gradients of single ops a CVDM model and its trainer may use beyond the probe U-Net (time embeddings,
 * dense layers, clamps, strided/transposed convs, Adam). Lists every op whose gradient fails on wasm.
 * Run: npx tsx bench/probes/wasm-op-grads-probe.ts [--ours]
 */
import { tf, BACKEND_LOADERS } from '../../src/core/engine/tf'

type T = tf.Tensor
/** Reshape to a 4D NHWC tensor. */
const r4 = (t: T, shape: [number, number, number, number]): tf.Tensor4D => tf.reshape(t, shape)
const CASES: Record<string, (x: T, y: T) => T> = {
  matMul: (x, y) => tf.matMul(tf.reshape(x, [8, 8]), tf.reshape(y, [8, 8])),
  matMulT: (x, y) => tf.matMul(tf.reshape(x, [8, 8]), tf.reshape(y, [8, 8]), true, true),
  sinCos: (x) => tf.add(tf.sin(x), tf.cos(x)),
  sqrtAbs: (x) => tf.sqrt(tf.add(tf.abs(x), 1)),
  clip: (x) => tf.clipByValue(x, -0.5, 0.5),
  maxMin: (x, y) => tf.add(tf.maximum(x, y), tf.minimum(x, y)),
  where: (x, y) => tf.where(tf.greater(x, y), x, y),
  log1pExpm1: (x) => tf.add(tf.log1p(tf.abs(x)), tf.expm1(x)),
  tanhRelu: (x) => tf.add(tf.tanh(x), tf.relu(x)),
  leakyEluSelu: (x) => tf.add(tf.leakyRelu(x, 0.1), tf.elu(x)),
  logSigmoid: (x) => tf.logSigmoid(x),
  squaredDiff: (x, y) => tf.squaredDifference(x, y),
  divPow: (x, y) => tf.div(x, tf.add(tf.pow(y, 2), 1)),
  padSlice: (x) => tf.slice(tf.pad(tf.reshape(x, [8, 8]), [[1, 1], [2, 2]]), [1, 1], [8, 8]),
  mirrorPad: (x) => tf.mirrorPad(tf.reshape(x, [8, 8]), [[1, 1], [1, 1]], 'reflect'),
  stackUnstack: (x, y) => tf.stack([x, y]),
  tileT: (x) => tf.tile(tf.reshape(x, [8, 8]), [2, 1]),
  transpose: (x) => tf.transpose(tf.reshape(x, [4, 16]), [1, 0]),
  gather: (x) => tf.gather(x, tf.tensor1d([0, 3, 3], 'int32')),
  stridedSlice: (x) => tf.stridedSlice(x, [1], [60], [2]),
  maxMean: (x) => tf.add(tf.max(tf.reshape(x, [8, 8]), 1), tf.mean(tf.reshape(x, [8, 8]), 1)),
  prod: (x) => tf.prod(tf.reshape(tf.sigmoid(x), [8, 8]), 1),
  cumsum: (x) => tf.cumsum(x),
  conv2dStride2: (x, y) => tf.conv2d(r4(x, [1, 8, 8, 1]), r4(tf.slice(y, 0, 9), [3, 3, 1, 1]), 2, 'same'),
  conv2dTranspose: (x, y) =>
    tf.conv2dTranspose(r4(x, [1, 8, 8, 1]), r4(tf.slice(y, 0, 9), [3, 3, 1, 1]), [1, 16, 16, 1], 2, 'same'),
  depthwise: (x, y) => tf.depthwiseConv2d(r4(x, [1, 8, 8, 1]), r4(tf.slice(y, 0, 9), [3, 3, 1, 1]), 1, 'same'),
  maxPool: (x) => tf.maxPool(r4(x, [1, 8, 8, 1]), 2, 2, 'valid'),
  resizeBilinear: (x) => tf.image.resizeBilinear(r4(x, [1, 8, 8, 1]), [16, 16]),
  batchNormOp: (x, y) => tf.batchNorm(x, tf.mean(y), tf.add(tf.square(tf.mean(y)), 1)),
  softmax: (x) => tf.softmax(tf.reshape(x, [8, 8])),
  erf: (x) => tf.erf(x),
  fusedConvSilu: (x, y) =>
    tf.fused.conv2d({ x: r4(x, [1, 8, 8, 1]), filter: r4(tf.slice(y, 0, 9), [3, 3, 1, 1]), strides: 1, pad: 'same', bias: tf.scalar(0.1), activation: 'relu' }),
  fusedMatMul: (x, y) =>
    tf.fused.matMul({ a: tf.reshape(x, [8, 8]), b: tf.reshape(y, [8, 8]), bias: tf.zeros([8]), activation: 'relu' })
}

/** Runs every case's gradient on the active backend; returns "name: error" for each failure. */
async function runCases(): Promise<string[]> {
  const x = tf.randomNormal([64], 0, 1, 'float32', 1)
  const y = tf.randomNormal([64], 0, 1, 'float32', 2)
  const failed: string[] = []
  for (const [name, f] of Object.entries(CASES)) {
    try {
      const g = f.length === 1 ? tf.grads((a: T) => tf.sum(f(a, a)))([x]) : tf.grads((a: T, b: T) => tf.sum(f(a, b)))([x, y])
      await Promise.all(g.map((t) => t.data()))
    } catch (error) {
      failed.push(`${name}: ${(error as Error).message.split('\n')[0]}`)
    }
  }
  try {
    const v = tf.variable(tf.randomNormal([3, 3, 2, 2]))
    const opt = tf.train.adam(1e-3)
    opt.minimize(() => tf.sum(tf.square(tf.conv2d(tf.ones([1, 5, 5, 2]) as tf.Tensor4D, v as tf.Tensor4D, 1, 'same'))))
  } catch (error) {
    failed.push(`adam: ${(error as Error).message.split('\n')[0]}`)
  }
  return failed
}

async function main(): Promise<void> {
  await BACKEND_LOADERS.cpu()
  const onCpu = await runCases()
  console.log(`failing on cpu too (not a wasm gap): ${onCpu.join('; ') || '-'}`)
  if (process.argv.includes('--ours')) await BACKEND_LOADERS.wasm()
  else {
    const wasm = require('@tensorflow/tfjs-backend-wasm') as typeof import('@tensorflow/tfjs-backend-wasm')
    wasm.setWasmPaths(require('node:path').dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')) + '/dist/')
    await tf.setBackend('wasm')
  }
  const failed = (await runCases()).filter((f) => !onCpu.includes(f))
  console.log(`${Object.keys(CASES).length + 1} cases, ${failed.length} failed on wasm:\n  ${failed.join('\n  ') || '-'}`)
}

void main()
