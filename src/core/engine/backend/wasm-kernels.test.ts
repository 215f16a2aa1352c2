import { beforeAll, describe, expect, it } from 'vitest'
import { BACKEND_LOADERS, tf } from '../tf'
import { registerWasmTrainingKernels, WASM_TRAINING_KERNELS } from './index'

type Shape4 = [number, number, number, number]
type Conv = { name: string; x: Shape4; w: Shape4; strides: number | [number, number]; pad: 'same' | 'valid' | number }

const CONVS: Conv[] = [
  { name: '3×3 same s1', x: [2, 8, 8, 3], w: [3, 3, 3, 5], strides: 1, pad: 'same' },
  { name: '3×3 same s1 odd', x: [1, 7, 9, 4], w: [3, 3, 4, 2], strides: 1, pad: 'same' },
  { name: '1×1 s1', x: [3, 5, 6, 6], w: [1, 1, 6, 4], strides: 1, pad: 'valid' },
  { name: '3×3 same s2 odd', x: [2, 7, 9, 3], w: [3, 3, 3, 4], strides: 2, pad: 'same' },
  { name: '3×3 valid s2', x: [1, 9, 8, 2], w: [3, 3, 2, 3], strides: 2, pad: 'valid' },
  { name: '2×2 valid s2 odd', x: [2, 5, 7, 2], w: [2, 2, 2, 3], strides: 2, pad: 'valid' },
  { name: '5×3 same s(2,1)', x: [1, 11, 6, 2], w: [5, 3, 2, 3], strides: [2, 1], pad: 'same' },
  { name: '3×3 pad 2 s1', x: [1, 6, 6, 2], w: [3, 3, 2, 2], strides: 1, pad: 2 },
  { name: '1×1 s1 b1', x: [1, 6, 5, 3], w: [1, 1, 3, 4], strides: 1, pad: 'valid' },
  { name: '3×3 valid s1 b2', x: [2, 9, 7, 3], w: [3, 3, 3, 2], strides: 1, pad: 'valid' },
  { name: '3×3 same s1 b1 wide', x: [1, 24, 20, 16], w: [3, 3, 16, 8], strides: 1, pad: 'same' },
  { name: '3×3 valid s1 big', x: [4, 16, 16, 8], w: [3, 3, 8, 16], strides: 1, pad: 'valid' }
]

function random(shape: number[], seed: number): Float32Array {
  return tf.tidy(() => tf.randomNormal(shape, 0, 1, 'float32', seed).dataSync() as Float32Array)
}

/** dx, dw of sum(conv2d(x, w) · g) on the active backend. */
function convGrads(c: Conv, x: Float32Array, w: Float32Array, g: Float32Array): Float32Array[] {
  return tf.tidy(() => {
    const xt = tf.tensor4d(x, c.x)
    const wt = tf.tensor4d(w, c.w)
    const f = (a: tf.Tensor, b: tf.Tensor): tf.Tensor => {
      const y = tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.strides, c.pad)
      return tf.sum(tf.mul(y, tf.tensor(g, y.shape)))
    }
    return tf.grads(f)([xt, wt]).map((t) => t.dataSync() as Float32Array)
  })
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length)
  let m = 0
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]))
  return m
}

function outShape(c: Conv): number[] {
  return tf.tidy(() => tf.conv2d(tf.zeros<tf.Rank.R4>(c.x), tf.zeros<tf.Rank.R4>(c.w), c.strides, c.pad).shape)
}

describe('wasm training kernels vs cpu', () => {
  beforeAll(async () => {
    await BACKEND_LOADERS.wasm()
  })

  it('registers ours in place of the stock kernels, idempotently', () => {
    registerWasmTrainingKernels()
    for (const config of WASM_TRAINING_KERNELS) {
      expect(tf.getKernel(config.kernelName, 'wasm')?.kernelFunc).toBe(config.kernelFunc)
    }
  })

  it.each(CONVS)('conv2d gradients: $name', async (c) => {
    await tf.setBackend('cpu')
    const g = random(outShape(c), 3)
    const x = random(c.x, 1)
    const w = random(c.w, 2)
    const [dxCpu, dwCpu] = convGrads(c, x, w, g)
    await tf.setBackend('wasm')
    const [dxWasm, dwWasm] = convGrads(c, x, w, g)
    expect(maxAbsDiff(dxWasm, dxCpu)).toBeLessThan(1e-4)
    expect(maxAbsDiff(dwWasm, dwCpu)).toBeLessThan(1e-4)
  })

  it('gather gradient (UnsortedSegmentSum) matches cpu, including repeated and float ids', async () => {
    const run = (): Float32Array =>
      tf.tidy(() => {
        const x = tf.tensor2d(random([6, 5], 4), [6, 5])
        const idx = tf.tensor1d([0, 3, 3, 5, 1, 3], 'int32')
        const g = tf.tensor3d(random([6, 5], 5), [1, 6, 5]).reshape([6, 5])
        return tf.grad((a: tf.Tensor) => tf.sum(tf.mul(tf.gather(a, idx), g)))(x).dataSync() as Float32Array
      })
    await tf.setBackend('cpu')
    const cpu = run()
    await tf.setBackend('wasm')
    expect(maxAbsDiff(run(), cpu)).toBeLessThan(1e-5)
  })

  it('Identity shares the buffer and survives disposing its source', async () => {
    await tf.setBackend('wasm')
    const buffers = tf.engine().backend.numDataIds()
    const a = tf.tensor1d([1, 2, 3])
    const b = tf.clone(a)
    expect(tf.engine().backend.numDataIds()).toBe(buffers + 1)
    a.dispose()
    expect(Array.from(b.dataSync())).toEqual([1, 2, 3])
    b.dispose()
    expect(tf.engine().backend.numDataIds()).toBe(buffers)
  })

  it('leaks neither tensors nor wasm buffers (both dW paths, dx with zero insertion, gather)', async () => {
    await tf.setBackend('wasm')
    const cases = [CONVS[3], CONVS[1]].map((c) => ({ c, x: random(c.x, 1), w: random(c.w, 2), g: random(outShape(c), 3) }))
    const gather = (): void =>
      tf.tidy(() => {
        const a = tf.tensor2d(cases[0].x.slice(0, 12), [4, 3])
        tf.grad((v: tf.Tensor) => tf.sum(tf.gather(v, tf.tensor1d([1, 1, 3], 'int32'))))(a).dataSync()
      })
    const all = (): void => {
      for (const { c, x, w, g } of cases) convGrads(c, x, w, g)
      gather()
    }
    all()
    const tensors = tf.memory().numTensors
    const buffers = tf.engine().backend.numDataIds()
    for (let i = 0; i < 3; i++) all()
    expect(tf.memory().numTensors).toBe(tensors)
    expect(tf.engine().backend.numDataIds()).toBe(buffers)
  })
})
