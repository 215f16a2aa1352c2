/**
 * Helpers to write a wasm kernel as a composition of registered wasm kernels (XNNPACK Conv2D, Transpose, …)
 * instead of JS loops. Intermediates are backend-level TensorInfos the engine never sees, so each composed
 * kernel must free every one of them except its output: {@link Scratch} does that bookkeeping.
 *
 * This folder imports '@tensorflow/tfjs' directly (not '../tf'): it is the backend layer beneath tf.ts.
 */
import { getKernel, type KernelBackend, type NamedAttrMap, type TensorInfo } from '@tensorflow/tfjs'

/** Explicit per-side padding of a 2D spatial op, in pixels; negative values crop the input instead. */
export interface Pad2D {
  top: number
  bottom: number
  left: number
  right: number
}

/** Runs kernels on one backend and remembers their outputs so that all but the result can be freed. */
export class Scratch {
  private readonly made: TensorInfo[] = []

  constructor(private readonly backend: KernelBackend) {}

  /**
   * Runs the registered wasm kernel `name` (its stock or our implementation) and tracks the output.
   * @throws Error when no such wasm kernel is registered
   */
  run(name: string, inputs: Record<string, TensorInfo>, attrs: NamedAttrMap = {}): TensorInfo {
    const kernel = getKernel(name, 'wasm')
    if (!kernel) throw new Error(`wasm kernel '${name}' is not registered`)
    const out = kernel.kernelFunc({ inputs, attrs, backend: this.backend }) as TensorInfo
    this.made.push(out)
    return out
  }

  /** Transpose of `x` by `perm`. */
  transpose(x: TensorInfo, perm: number[]): TensorInfo {
    return this.run('Transpose', { x }, { perm })
  }

  /** A view of `x` with a new shape (no copy on wasm). */
  reshape(x: TensorInfo, shape: number[]): TensorInfo {
    return this.run('Reshape', { x }, { shape })
  }

  /**
   * Stride-1 NHWC Conv2D via XNNPACK with explicit, possibly negative, padding (negative = crop the input).
   * @param x - [B, H, W, Cin]
   * @param filter - [kh, kw, Cin, Cout]
   * @param dilations - [dh, dw] of the filter taps
   * @returns [B, H + top + bottom − (kh−1)·dh, W + left + right − (kw−1)·dw, Cout]
   */
  conv(x: TensorInfo, filter: TensorInfo, pad: Pad2D, dilations: [number, number] = [1, 1]): TensorInfo {
    const [b, h, w, c] = x.shape
    const cropTop = Math.max(0, -pad.top)
    const cropLeft = Math.max(0, -pad.left)
    const cropBottom = Math.max(0, -pad.bottom)
    const cropRight = Math.max(0, -pad.right)
    let input = x
    if (cropTop + cropLeft + cropBottom + cropRight > 0) {
      const size = [b, h - cropTop - cropBottom, w - cropLeft - cropRight, c]
      input = this.run('Slice', { x }, { begin: [0, cropTop, cropLeft, 0], size })
    }
    const explicit = [
      [0, 0],
      [Math.max(0, pad.top), Math.max(0, pad.bottom)],
      [Math.max(0, pad.left), Math.max(0, pad.right)],
      [0, 0]
    ]
    return this.run(
      'Conv2D',
      { x: input, filter },
      { strides: [1, 1], pad: explicit, dataFormat: 'NHWC', dilations, dimRoundingMode: undefined } as unknown as NamedAttrMap
    )
  }

  /** Frees every tracked intermediate except `result`, and returns `result`. */
  keep(result: TensorInfo): TensorInfo {
    for (const info of this.made) if (info !== result) this.backend.disposeData(info.dataId)
    this.made.length = 0
    return result
  }

  /** Frees every tracked intermediate (for error paths). */
  disposeAll(): void {
    for (const info of this.made) this.backend.disposeData(info.dataId)
    this.made.length = 0
  }
}

/**
 * Runs `body` with a fresh {@link Scratch} on `backend` (a kernel's `args.backend`, typed `{}` by tfjs); frees all intermediates but the result, or all on error.
 * @returns the TensorInfo `body` returns (owned by the caller, i.e. the engine)
 */
export function composed(backend: unknown, body: (s: Scratch) => TensorInfo): TensorInfo {
  const scratch = new Scratch(backend as KernelBackend)
  try {
    return scratch.keep(body(scratch))
  } catch (error) {
    scratch.disposeAll()
    throw error
  }
}
