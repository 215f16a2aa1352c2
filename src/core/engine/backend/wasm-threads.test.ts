import '@tensorflow/tfjs-backend-wasm'
import { describe, expect, it } from 'vitest'
import { BACKEND_LOADERS, tf } from '../tf'
import { registerWasmTrainingKernels } from './index'
import { activateWasmBackend, requestedWasmThreads } from './wasm-threads'

/** Forward conv + both conv gradients on fixed inputs, read back as plain arrays. */
function convWork(): Float32Array[] {
  return tf.tidy(() => {
    const x = tf.randomNormal<tf.Rank.R4>([2, 24, 24, 16], 0, 1, 'float32', 1)
    const w = tf.randomNormal<tf.Rank.R4>([3, 3, 16, 32], 0, 0.1, 'float32', 2)
    const f = (a: tf.Tensor, b: tf.Tensor): tf.Tensor =>
      tf.sum(tf.square(tf.conv2d(tf.avgPool(a as tf.Tensor4D, 2, 2, 'valid'), b as tf.Tensor4D, 1, 'same')))
    const y = tf.conv2d(x, w, 1, 'same')
    return [y, ...tf.grads(f)([x, w])].map((t) => t.dataSync() as Float32Array)
  })
}

describe('threaded wasm in Node', () => {
  it('reads the thread request from CVDM_WASM_THREADS, else all cores unless the machine is busy', () => {
    expect(requestedWasmThreads({ CVDM_WASM_THREADS: '1' }, 0, 2)).toEqual({ threads: 1, reason: expect.stringMatching(/CVDM_WASM_THREADS=1/) })
    expect(requestedWasmThreads({ CVDM_WASM_THREADS: '3' }, 9, 2)).toEqual({ threads: 3 })
    expect(requestedWasmThreads({}, 0.3, 2)).toEqual({ threads: 2 })
    expect(requestedWasmThreads({}, 1.7, 2)).toEqual({ threads: 1, reason: expect.stringMatching(/machine busy \(load 1\.7 on 2 cores\)/) })
    expect(requestedWasmThreads({}, 0, 1).threads).toBe(1)
  })

  it('starts 2 XNNPACK threads and gives bit-identical results to 1 thread', async () => {
    registerWasmTrainingKernels()
    const threaded = await activateWasmBackend(2)
    const many = convWork()
    const single = await activateWasmBackend(1)
    expect(single.threads).toBe(1)
    expect(single.threadsReason).toMatch(/1 requested/)
    const one = convWork()
    // Pins the tfjs 4.22 internals wasm-threads.ts relies on: if an upgrade breaks them, this fails (the app
    // itself would fall back to 1 thread with a reason).
    expect(threaded).toEqual({ threads: 2 })
    many.forEach((a, i) => expect(Buffer.from(a.buffer).equals(Buffer.from(one[i].buffer))).toBe(true))
  })

  it('falls back to 1 thread with the reason when the threaded build does not start', async () => {
    const status = await activateWasmBackend(2, 1)
    expect(status.threads).toBe(1)
    expect(status.threadsReason).toMatch(/threaded wasm unavailable: .*did not start within 1 ms/)
    expect(tf.getBackend()).toBe('wasm')
    expect(Array.from(tf.tidy(() => tf.add(tf.tensor1d([1, 2]), 1)).dataSync())).toEqual([2, 3])
  })

  it('BACKEND_LOADERS.wasm reports SIMD, threads, and why threads are 1 when asked for 1', async () => {
    const before = process.env.CVDM_WASM_THREADS
    process.env.CVDM_WASM_THREADS = '1'
    try {
      const info = (await BACKEND_LOADERS.wasm()) as { wasm: { simd: boolean; threads: number; threadsReason?: string } }
      expect(info.wasm).toMatchObject({ simd: true, threads: 1 })
      expect(info.wasm.threadsReason).toBeTruthy()
      expect(tf.getBackend()).toBe('wasm')
    } finally {
      if (before === undefined) delete process.env.CVDM_WASM_THREADS
      else process.env.CVDM_WASM_THREADS = before
    }
  })
})
