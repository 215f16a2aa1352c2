/**
 * The wasm training kernels: what tfjs-backend-wasm 4.22 lacks (or runs slowly) for training a U-Net, found by
 * bench/probes/wasm-grad-probe.ts and wasm-op-grads-probe.ts, each written as a composition of stock wasm kernels.
 */
import { createRequire } from 'node:module'
import { engine, getKernel, registerKernel, unregisterKernel, type KernelConfig } from '@tensorflow/tfjs'
import { conv2dBackpropFilterConfig } from './conv2d-backprop-filter'
import { conv2dBackpropInputConfig } from './conv2d-backprop-input'
import { identityConfig } from './identity'
import { unsortedSegmentSumConfig } from './unsorted-segment-sum'

export { conv2dBackpropFilterWasm } from './conv2d-backprop-filter'
export { conv2dBackpropInputWasm } from './conv2d-backprop-input'
export { identityWasm } from './identity'
export { unsortedSegmentSumWasm } from './unsorted-segment-sum'
export { activateWasmBackend, requestedWasmThreads, type WasmThreadsRequest, type WasmThreadsStatus } from './wasm-threads'

/** Our wasm kernels, registered by {@link registerWasmTrainingKernels}. */
export const WASM_TRAINING_KERNELS: readonly KernelConfig[] = [
  conv2dBackpropFilterConfig,
  conv2dBackpropInputConfig,
  identityConfig,
  unsortedSegmentSumConfig
]

let stockKernels: KernelConfig[] | undefined
const nodeRequire = createRequire(__filename)

/**
 * Registers {@link WASM_TRAINING_KERNELS} for the 'wasm' backend, replacing the stock kernel of the same name
 * (the stock native Conv2DBackpropInput is a plain loop; the stock Identity copies). Idempotent. Imports
 * `@tensorflow/tfjs-backend-wasm` first: it registers the stock kernels on import, and would otherwise overwrite
 * ours. Works before or after the backend is initialized, since none of our kernels has a setup function.
 * @returns the names of the kernels registered
 */
export function registerWasmTrainingKernels(): string[] {
  if (!stockKernels) {
    nodeRequire('@tensorflow/tfjs-backend-wasm')
    stockKernels = []
    for (const config of WASM_TRAINING_KERNELS) {
      const stock = getKernel(config.kernelName, 'wasm')
      if (stock) {
        stockKernels.push(stock)
        unregisterKernel(config.kernelName, 'wasm')
      }
      registerKernel(config)
    }
  }
  return WASM_TRAINING_KERNELS.map((k) => k.kernelName)
}

/** Puts back the stock wasm kernels our registration replaced, and removes ours (for tests and benches). */
export function unregisterWasmTrainingKernels(): void {
  if (!stockKernels) return
  for (const config of WASM_TRAINING_KERNELS) {
    if (getKernel(config.kernelName, 'wasm')) unregisterKernel(config.kernelName, 'wasm')
  }
  // A stock kernel replaced before the backend started never had its setup (its cwrap of the wasm function) run.
  const wasm = engine().findBackend('wasm')
  for (const stock of stockKernels) {
    registerKernel(stock)
    if (wasm) stock.setupFunc?.(wasm)
  }
  stockKernels = undefined
}
