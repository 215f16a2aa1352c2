/**
 * Tensor-leak checks for the public entry points not covered next to their modules (STYLE.md rule 19):
 * each call below must leave tf.memory().numTensors unchanged once its documented outputs are disposed.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  buildModel,
  cloneModel,
  type CvdmModel,
  emaModel,
  gammaCurves,
  presetParameterCounts,
  resumeFromCheckpoint,
  saveCheckpoint,
  saveModel,
  serializeModel,
  Trainer
} from './index'
import { tf } from './tf'
import { filamentPairs } from './testing/filaments'
import { useTrainingBackend } from './testing/training-backend'
import { TINY_TEST_CONFIG } from './testing/tiny-config'

const tiny = TINY_TEST_CONFIG
let dir: string
let model: CvdmModel

beforeAll(async () => {
  await useTrainingBackend()
  dir = await mkdtemp(path.join(tmpdir(), 'cvdm-leaks-'))
  model = buildModel(tiny, { seed: 1 })
})
afterAll(async () => {
  model.dispose()
  await rm(dir, { recursive: true, force: true })
})

async function expectNoLeak(fn: () => Promise<void> | void): Promise<void> {
  await fn() // warm-up: lazily created backend state is not a leak
  const before = tf.memory().numTensors
  await fn()
  expect(tf.memory().numTensors).toBe(before)
}

describe('no tensor leaks', () => {
  it('serializeModel / saveModel / cloneModel', async () => {
    await expectNoLeak(async () => {
      await serializeModel(model)
      await saveModel(model, path.join(dir, 'm'))
      ;(await cloneModel(model)).dispose()
    })
  })

  it('Trainer construction, checkpoint, resume, EMA model', async () => {
    const pairs = filamentPairs(2, 1, { size: 16 })
    await expectNoLeak(async () => {
      const trainer = new Trainer(model, pairs, { cropSize: 16, batchSize: 1, emaDecay: 0.99 })
      await saveCheckpoint(trainer, path.join(dir, 'c'))
      const { trainer: resumed } = await resumeFromCheckpoint(path.join(dir, 'c'), pairs)
      const ema = await emaModel(resumed)
      ema?.dispose()
      resumed.model.dispose()
      resumed.dispose()
      trainer.dispose()
    })
  })

  it('gammaCurves and presetParameterCounts', async () => {
    const x = tf.zeros([1, 16, 16, 1]) as tf.Tensor4D
    await expectNoLeak(() => {
      const curves = gammaCurves(model, x, 5, 50)
      expect(curves.gammaHead[0]).toBeGreaterThan(0.999)
      expect(curves.gammaHead[4]).toBeLessThan(1e-2)
      expect(curves.betaHead).toHaveLength(5)
      expect(presetParameterCounts('cvdm-xs').total).toBeGreaterThan(5e5)
    })
    x.dispose()
  })
})
