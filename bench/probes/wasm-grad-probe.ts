/**
 * Probe: which kernels does a training step of a small U-Net need, and which are missing on wasm?
 * Runs forward + tf.grads on the cpu backend under tf.profile to list every kernel used, checks each against the
 * wasm registry, then runs the same step on wasm (optionally after registering our kernels) and reports errors.
 * Run: npx tsx bench/probes/wasm-grad-probe.ts [--ours]
 */
import { tf, BACKEND_LOADERS } from '../../src/core/engine/tf'
import { buildProbeUnet } from './probe-unet'

async function main(): Promise<void> {
  const ours = process.argv.includes('--ours')
  require('@tensorflow/tfjs-backend-wasm') // registers the stock wasm kernels
  await BACKEND_LOADERS.cpu()
  const net = buildProbeUnet([8, 16, 32], 4, 1)
  const x = tf.randomNormal<tf.Rank.R4>([2, 16, 16, 4], 0, 1, 'float32', 1)
  const lossFn = (): tf.Scalar => net.loss(x)
  const info = await tf.profile(() => {
    const { value, grads } = tf.variableGrads(lossFn)
    return [value, ...Object.values(grads)]
  })
  const used = [...new Set(info.kernelNames)].sort()
  console.log(`kernels used by one training step (${used.length}):\n  ${used.join(' ')}`)
  const missing = used.filter((k) => !tf.getKernel(k, 'wasm'))
  console.log(`missing on stock wasm (${missing.length}): ${missing.join(' ') || 'none'}`)
  if (!ours) {
    const wasm = require('@tensorflow/tfjs-backend-wasm') as typeof import('@tensorflow/tfjs-backend-wasm')
    const dist = require('node:path').dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'))
    wasm.setWasmPaths(dist + '/dist/')
    await tf.setBackend('wasm')
  } else {
    await BACKEND_LOADERS.wasm()
  }
  try {
    const { value, grads } = tf.variableGrads(lossFn)
    console.log(`wasm training step ok: loss ${(await value.data())[0]}, ${Object.keys(grads).length} grads`)
  } catch (error) {
    console.log(`wasm training step FAILED: ${(error as Error).message}`)
  }
}

void main()
