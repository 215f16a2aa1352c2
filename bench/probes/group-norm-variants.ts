/**
 * Probe: GroupNorm statistics on wasm. tf.moments over axes [1, 2, 4] of [B, H, W, G, C/G] makes the wasm Mean
 * kernel transpose the whole tensor twice; reducing the contiguous innermost axis first, then H·W, touches the big
 * tensor once per statistic. Prints ms per variant and the max difference of the normalized outputs.
 * Run: npx tsx bench/probes/group-norm-variants.ts
 */
import { tf } from '../../src/core/engine/tf'
import { activateWasmBackend, registerWasmTrainingKernels } from '../../src/core/engine/backend'

async function time(f: () => tf.Tensor, reps = 10): Promise<number> {
  const w = f(); await w.data(); w.dispose()
  const t0 = performance.now()
  for (let i = 0; i < reps; i++) { const y = f(); await y.data(); y.dispose() }
  return (performance.now() - t0) / reps
}

/** As in ops/group-norm.ts: moments over [1, 2, 4]. */
function viaMoments(x: tf.Tensor4D, g: number): tf.Tensor {
  return tf.tidy(() => {
    const [b, h, w, c] = x.shape
    const xg = tf.reshape(x, [b, h, w, g, c / g])
    const { mean, variance } = tf.moments(xg, [1, 2, 4], true)
    return tf.reshape(tf.mul(tf.sub(xg, mean), tf.rsqrt(tf.add(variance, 1e-3))), [b, h, w, c])
  })
}

/** Innermost axis first: E[x], E[x²] over C/G, then over H·W (on a tensor C/G times smaller). */
function viaTwoStage(x: tf.Tensor4D, g: number): tf.Tensor {
  return tf.tidy(() => {
    const [b, h, w, c] = x.shape
    const xg = tf.reshape(x, [b, h * w, g, c / g])
    const m1 = tf.mean(tf.mean(xg, 3, true), 1, true) // [B,1,G,1]
    const m2 = tf.mean(tf.mean(tf.square(xg), 3, true), 1, true)
    const inv = tf.rsqrt(tf.add(tf.sub(m2, tf.square(m1)), 1e-3))
    return tf.reshape(tf.mul(tf.sub(xg, m1), inv), [b, h, w, c])
  })
}

/** Stats as two-stage, then one fused per-(b, c) affine pass: y = x·A + D with A = γ·inv, D = β − mean·A. */
function viaAffine(x: tf.Tensor4D, g: number): tf.Tensor {
  return tf.tidy(() => {
    const [b, h, w, c] = x.shape
    const xg = tf.reshape(x, [b, h * w, g, c / g])
    const m1 = tf.mean(tf.mean(xg, 3, true), 1, true) // [B,1,G,1]
    const m2 = tf.mean(tf.mean(tf.square(xg), 3, true), 1, true)
    const inv = tf.rsqrt(tf.add(tf.sub(m2, tf.square(m1)), 1e-3))
    const a = tf.reshape(tf.tile(inv, [1, 1, 1, c / g]), [b, 1, 1, c])
    const d = tf.reshape(tf.tile(tf.neg(tf.mul(m1, inv)), [1, 1, 1, c / g]), [b, 1, 1, c])
    return tf.add(tf.mul(x, a), d)
  })
}

async function main(): Promise<void> {
  require('@tensorflow/tfjs-backend-wasm')
  registerWasmTrainingKernels()
  await activateWasmBackend(1)
  for (const [s, c, b] of [[64, 32, 4], [64, 96, 4], [128, 32, 1], [16, 128, 4]]) {
    const x = tf.randomNormal<tf.Rank.R4>([b, s, s, c], 0.3, 1.5)
    const err = tf.tidy(() => tf.max(tf.abs(tf.sub(viaMoments(x, 8), viaTwoStage(x, 8)))).dataSync()[0])
    const grad = (f: typeof viaMoments) => (): tf.Tensor => tf.tidy(() => tf.grad((a: tf.Tensor) => tf.sum(tf.square(f(a as tf.Tensor4D, 8))))(x))
    const errA = tf.tidy(() => tf.max(tf.abs(tf.sub(viaMoments(x, 8), viaAffine(x, 8)))).dataSync()[0])
    console.log(`  affine ${(await time(() => viaAffine(x, 8))).toFixed(2)} ms, grad ${(await time(grad(viaAffine), 4)).toFixed(1)} ms, max diff ${errA.toExponential(1)}`)
    console.log(
      `[${b},${s},${s},${c}] moments ${(await time(() => viaMoments(x, 8))).toFixed(2)} ms, two-stage ${(await time(() => viaTwoStage(x, 8))).toFixed(2)} ms | ` +
        `grad: moments ${(await time(grad(viaMoments), 4)).toFixed(1)} ms, two-stage ${(await time(grad(viaTwoStage), 4)).toFixed(1)} ms | max diff ${err.toExponential(1)}`
    )
    x.dispose()
  }
}
void main()
