/**
 * Probe: where does a CVDM step spend its time on wasm? Profiles one denoiser forward (or a training step with
 * --train) and prints the kernels grouped by name and input shapes, slowest first.
 * Run: npx tsx bench/probes/kernel-profile.ts [--threads 1] [--preset cvdm-s] [--size 64] [--batch 4] [--train]
 */
import { tf } from '../../src/core/engine/tf'
import { activateWasmBackend, registerWasmTrainingKernels } from '../../src/core/engine/backend'
import { createModel, cvdmLossTerms, DEFAULT_LOSS_WEIGHTS, weightedTotal, type PresetName } from '../../src/core/engine'

const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? process.argv[i + 1] : fallback
}

async function main(): Promise<void> {
  require('@tensorflow/tfjs-backend-wasm')
  registerWasmTrainingKernels()
  console.log(await activateWasmBackend(Number(arg('threads', '1'))))
  const model = createModel(arg('preset', 'cvdm-s') as PresetName)
  const [size, batch] = [Number(arg('size', '64')), Number(arg('batch', '4'))]
  const shape: [number, number, number, number] = [batch, size, size, 1]
  const x = tf.randomNormal<tf.Rank.R4>(shape)
  const g = tf.randomUniform<tf.Rank.R4>(shape, 0.1, 0.9)
  const t = Float32Array.from({ length: batch }, (_, i) => (i + 0.5) / batch)
  const train = process.argv.includes('--train')
  const step = (): tf.Tensor =>
    train
      ? tf.tidy(() => {
          const { value, grads } = tf.variableGrads(() => {
            const terms = cvdmLossTerms(model, { x, y: x, t, eps: g }, { endpointSteps: 200, alpha: 1e-3 })
            return weightedTotal(terms, DEFAULT_LOSS_WEIGHTS)
          })
          tf.dispose(Object.values(grads))
          return value
        })
      : model.denoise(x, x, g)
  for (let i = 0; i < 2; i++) await step().data()
  const t0 = performance.now()
  const info = await tf.profile(() => {
    const y = step()
    y.dataSync()
    y.dispose()
  })
  const wall = performance.now() - t0
  const groups = new Map<string, { ms: number; n: number }>()
  let total = 0
  for (const k of info.kernels) {
    const ms = Number(k.kernelTimeMs) || 0
    total += ms
    const key = `${k.name} ${k.inputShapes.map((s) => `[${s}]`).join(' ')}`
    const gr = groups.get(key) ?? { ms: 0, n: 0 }
    gr.ms += ms
    gr.n++
    groups.set(key, gr)
  }
  const byName = new Map<string, number>()
  for (const k of info.kernels) byName.set(k.name, (byName.get(k.name) ?? 0) + (Number(k.kernelTimeMs) || 0))
  console.log(`profiled wall ${wall.toFixed(0)} ms, kernel sum ${total.toFixed(0)} ms, ${info.kernels.length} kernels`)
  console.log([...byName].sort((a, b) => b[1] - a[1]).slice(0, 14).map(([n, ms]) => `${n} ${ms.toFixed(0)}`).join(' | '))
  for (const [key, v] of [...groups].sort((a, b) => b[1].ms - a[1].ms).slice(0, Number(arg('top', '25')))) {
    console.log(`${v.ms.toFixed(1).padStart(7)} ms ${String(v.n).padStart(3)}× ${key}`)
  }
}

void main()
