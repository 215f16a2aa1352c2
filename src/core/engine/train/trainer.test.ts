import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildModel } from '../model/cvdm-model'
import { filamentPairs } from '../testing/filaments'
import { useTrainingBackend } from '../testing/training-backend'
import { tf } from '../tf'
import { emaModel, resumeFromCheckpoint, saveCheckpoint } from './checkpoint'
import { clipByGlobalNorm } from './optimizer'
import { Trainer } from './trainer'
import { TINY_TEST_CONFIG } from '../testing/tiny-config'

const tiny = TINY_TEST_CONFIG
const pairs = filamentPairs(4, 1, { size: 24 })
const config = { cropSize: 16, batchSize: 2, learningRate: 1e-3, emaDecay: 0.9, seed: 11 }
let dir: string

beforeAll(async () => {
  await useTrainingBackend()
  dir = await mkdtemp(path.join(tmpdir(), 'cvdm-train-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('Trainer', () => {
  it('runs steps with finite logged terms and leaks no tensors per step', () => {
    const model = buildModel(tiny, { seed: 1 })
    const trainer = new Trainer(model, pairs, config)
    trainer.runStep()
    const before = tf.memory().numTensors
    const log = trainer.runStep()
    expect(tf.memory().numTensors).toBe(before)
    expect(log.step).toBe(2)
    expect(Object.keys(log.terms)).toEqual(['eps', 'beta', 'kl', 'gamma'])
    for (const v of [log.loss, log.gradNorm, ...Object.values(log.terms)]) expect(Number.isFinite(v)).toBe(true)
    trainer.dispose()
    model.dispose()
  })

  it('resumes exactly: the checkpoint at step k gives the same loss at step k + 10', async () => {
    const model = buildModel(tiny, { seed: 1 })
    const trainer = new Trainer(model, pairs, config)
    await trainer.runLoop({ steps: 3 })
    const ckpt = path.join(dir, 'ckpt')
    await saveCheckpoint(trainer, ckpt)
    const straight = await trainer.runLoop({ steps: 10 })
    const emaA = await trainer.ema!.toArrays()
    const { trainer: resumed } = await resumeFromCheckpoint(ckpt, pairs)
    expect(resumed.step).toBe(3)
    const again = await resumed.runLoop({ steps: 10 })
    expect(again.at(-1)!.step).toBe(13)
    expect(again.at(-1)!.loss).toBe(straight.at(-1)!.loss)
    expect(again.map((l) => l.terms)).toEqual(straight.map((l) => l.terms))
    const emaB = await resumed.ema!.toArrays()
    expect(emaB.get('den/stem/w')!.data).toEqual(emaA.get('den/stem/w')!.data)
    const ema = await emaModel(resumed)
    expect(ema!.params.count()).toBe(model.params.count())
    expect((await readdir(dir)).filter((n) => n.includes('.tmp-'))).toEqual([])
    ;[ema!, resumed.model, model].forEach((m) => m.dispose())
    resumed.dispose()
    trainer.dispose()
  })

  it('checkpoints on schedule and stops on abort with a cancelled error', async () => {
    const model = buildModel(tiny, { seed: 2 })
    const trainer = new Trainer(model, pairs, config)
    const saved: number[] = []
    const curves: number[] = []
    const controller = new AbortController()
    const run = trainer.runLoop({
      steps: 50,
      signal: controller.signal,
      onStep: (l) => l.step === 4 && controller.abort(),
      checkpoint: { every: 2, save: async (t) => void saved.push(t.step) },
      curves: { every: 3, onCurves: (step, c) => curves.push(step, c.gammaHead.length, c.betaHead.length) }
    })
    await expect(run).rejects.toMatchObject({ code: 'cancelled' })
    expect(saved).toEqual([2, 4, 4])
    expect(curves).toEqual([3, 11, 11])
    trainer.dispose()
    model.dispose()
  })

  it('validates its inputs', () => {
    const model = buildModel(tiny, { seed: 1 })
    expect(() => new Trainer(model, pairs, { cropSize: 15 })).toThrow(/multiple/)
    expect(() => new Trainer(model, pairs, { cropSize: 32 })).toThrow(/smaller/)
    expect(() => new Trainer(model, pairs, { learningRate: -1 })).toThrow(/learningRate/)
    model.dispose()
  })
})

describe('clipByGlobalNorm', () => {
  it('scales to the maximum norm and reports the original norm', () => {
    const g = [tf.tensor1d([3, 0]), tf.tensor1d([0, 4])]
    const { grads, norm } = clipByGlobalNorm(g, 1)
    expect(norm).toBeCloseTo(5, 5)
    expect(Array.from(grads[0].dataSync())[0]).toBeCloseTo(0.6, 5)
    expect(Array.from(grads[1].dataSync())[1]).toBeCloseTo(0.8, 5)
    tf.dispose([...g, ...grads])
  })
})
