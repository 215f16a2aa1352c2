/**
 * Test/bench helper: activates a backend that can *train* (not part of the engine's public API).
 * Order: wasm with the gradient kernels of `engine/backend` (when that module exports `registerWasmTrainingKernels`)
 * → wasm with the stop-gap filter-gradient kernel below → cpu (≈100× slower, tiny shapes only).
 * The stop-gap exists only until engine/backend lands its XNNPACK kernels (DESIGN.md §4); it computes
 * Conv2DBackpropFilter for stride-1 convolutions as one forward conv on transposed tensors.
 */
import { initBackend, tf } from '../tf'

/** Which backend the training tests run on and how it got its gradient kernels. */
export interface TrainingBackend {
  name: 'wasm' | 'cpu'
  kernels: 'engine-backend' | 'stop-gap' | 'native'
}

let chosen: Promise<TrainingBackend> | undefined

/** Activates the best backend that can run a conv training step (once per process). */
export function useTrainingBackend(): Promise<TrainingBackend> {
  chosen ??= choose()
  return chosen
}

async function choose(): Promise<TrainingBackend> {
  if (process.env.CVDM_TEST_BACKEND === 'cpu') return activateCpu()
  let kernels: TrainingBackend['kernels'] = 'stop-gap'
  try {
    // dynamic import: works under vitest and tsx, and a broken engine/backend only costs speed here
    const backendModule = (await import('../backend')) as { registerWasmTrainingKernels?: () => unknown }
    if (typeof backendModule.registerWasmTrainingKernels === 'function') {
      backendModule.registerWasmTrainingKernels()
      kernels = 'engine-backend'
    }
  } catch {
    // engine/backend unavailable: fall back to the stop-gap kernel below
  }
  try {
    const info = await initBackend({ backend: 'wasm', requestedBy: 'flag' })
    if (info.name !== 'wasm') return activateCpu()
  } catch {
    return activateCpu()
  }
  if (!tf.getKernel('Conv2DBackpropFilter', 'wasm')) registerStopGapFilterGrad()
  return canTrain() ? { name: 'wasm', kernels } : activateCpu()
}

async function activateCpu(): Promise<TrainingBackend> {
  await tf.setBackend('cpu')
  await tf.ready()
  return { name: 'cpu', kernels: 'native' }
}

function canTrain(): boolean {
  try {
    const w = tf.variable(tf.ones([3, 3, 2, 2]))
    const { value, grads } = tf.variableGrads(
      () => tf.sum(tf.conv2d(tf.ones([1, 4, 4, 2]) as tf.Tensor4D, w as tf.Variable<tf.Rank.R4>, 1, 'same')),
      [w]
    )
    const ok = Number.isFinite(value.dataSync()[0])
    tf.dispose([value, grads[w.name]])
    w.dispose()
    return ok
  } catch {
    return false
  }
}

function registerStopGapFilterGrad(): void {
  tf.registerKernel({
    kernelName: 'Conv2DBackpropFilter',
    backendName: 'wasm',
    kernelFunc: ({ inputs, attrs }) => {
      const { x, dy } = inputs as unknown as { x: tf.Tensor4D; dy: tf.Tensor4D }
      const { strides, pad, filterShape, dataFormat } = attrs as unknown as {
        strides: number | [number, number]
        pad: 'same' | 'valid'
        filterShape: [number, number, number, number]
        dataFormat: string
      }
      const s = Array.isArray(strides) ? strides : [strides, strides]
      if (s[0] !== 1 || s[1] !== 1 || dataFormat !== 'NHWC' || (pad !== 'same' && pad !== 'valid')) {
        throw new Error('stop-gap Conv2DBackpropFilter supports stride 1, NHWC, same/valid only')
      }
      const [kh, kw] = filterShape
      return tf.tidy(() => {
        const top = pad === 'same' ? Math.floor((kh - 1) / 2) : 0
        const left = pad === 'same' ? Math.floor((kw - 1) / 2) : 0
        const xp =
          pad === 'same'
            ? tf.pad(x, [
                [0, 0],
                [top, kh - 1 - top],
                [left, kw - 1 - left],
                [0, 0]
              ])
            : x
        const xt = tf.transpose(xp, [3, 1, 2, 0]) as tf.Tensor4D // [Ci, Hp, Wp, B]
        const f = tf.transpose(dy, [1, 2, 0, 3]) as tf.Tensor4D // [H, W, B, Co]
        const out = tf.conv2d(xt, f, 1, 'valid') // [Ci, kh, kw, Co]
        return tf.transpose(out, [1, 2, 0, 3])
      }) as unknown as tf.TensorInfo
    }
  })
}
