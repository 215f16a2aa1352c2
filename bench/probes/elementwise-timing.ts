/**
 * Probe: cost of the elementwise ops around the convs on wasm (1 thread), same-shape vs channel-broadcast vs the
 * 5D GroupNorm broadcast, against a 3×3 conv of the same activation. Min of interleaved rounds.
 * Run: npx tsx bench/probes/elementwise-timing.ts
 */
import { tf } from '../../src/core/engine/tf'
import { activateWasmBackend, registerWasmTrainingKernels } from '../../src/core/engine/backend'

async function minMs(f: () => tf.Tensor, rounds = 8): Promise<number> {
  let best = Infinity
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now()
    const y = f()
    await y.data()
    y.dispose()
    if (r > 0) best = Math.min(best, performance.now() - t0)
  }
  return best
}

async function main(): Promise<void> {
  registerWasmTrainingKernels()
  await activateWasmBackend(1)
  const x = tf.randomNormal<tf.Rank.R4>([4, 64, 64, 32])
  const y = tf.randomNormal<tf.Rank.R4>([4, 64, 64, 32])
  const c = tf.randomNormal<tf.Rank.R1>([32])
  const bc = tf.randomNormal<tf.Rank.R4>([4, 1, 1, 32])
  const x5 = tf.reshape(x, [4, 64, 64, 8, 4])
  const g5 = tf.randomNormal([4, 1, 1, 8, 1])
  const w = tf.randomNormal<tf.Rank.R4>([3, 3, 32, 32])
  const cases: [string, () => tf.Tensor][] = [
    ['conv3×3 32→32', () => tf.conv2d(x, w, 1, 'same')],
    ['fused conv3×3 + bias', () => tf.fused.conv2d({ x, filter: w, strides: 1, pad: 'same', bias: c })],
    ['add same shape', () => tf.add(x, y)],
    ['add [C] bias', () => tf.add(x, c)],
    ['mul [B,1,1,C]', () => tf.mul(x, bc)],
    ['sub 5D GN [B,1,1,G,1]', () => tf.sub(x5, g5)],
    ['sigmoid', () => tf.sigmoid(x)],
    ['swish x·sigmoid(x)', () => tf.tidy(() => tf.mul(x, tf.sigmoid(x)))],
    ['mean over [1,2,4] (5D)', () => tf.mean(x5, [1, 2, 4], true)],
    ['mean over axis 3 then 1', () => tf.tidy(() => tf.mean(tf.mean(tf.reshape(x, [4, 4096, 8, 4]), 3, true), 1, true))],
    ['transpose [3,1,2,0]', () => tf.transpose(x, [3, 1, 2, 0])],
    ['concat axis 3', () => tf.concat([x, y], 3)]
  ]
  for (const [name, f] of cases) console.log(`${(await minMs(f)).toFixed(2).padStart(7)} ms  ${name}`)
}
void main()
