/**
 * Fine-tuning end to end with the real engine, through the service's forked engine process: 16 synthetic
 * filament pairs (64² high / 32² low, noisy widefield → SIM-like) from *another microscope* than the shipped model
 * was trained for (680 nm emission on an NA 1.1 objective instead of 520 nm / NA 1.3: a wider PSF in both images),
 * start from default-sr2x, a short run with evaluations, and the registered result checked independently on the
 * validation pairs: ≥ 1 dB over bicubic and ≥ 0.3 dB over the parent (the margin: bench/RESULTS.md [F2] measured
 * +0.8 dB for this setup, while re-evaluating the parent is exactly reproducible). Lineage, metrics and the event
 * streams are checked too.
 */
import { mkdtempSync, readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { FineTuneEval, FineTuneFinished, FineTuneProgress } from '../../shared/finetune'
import { initBackend, loadModel } from '../engine'
import { ModelRegistry } from '../models'
import { loadNormalizedPairs, splitPairs } from './finetune-data'
import { bicubicMetrics, evaluatePairs } from './finetune-eval'
import { FineTuneService } from './finetune-service'
import { runFineTune } from './finetune-run'
import { discoverPairs } from './pairs'
import { writePairFolders } from './testing/pair-folders'

const SHIPPED = path.resolve(__dirname, '..', '..', '..', 'resources', 'models')
let work: string
let dirs: { low: string; high: string }

beforeAll(async () => {
  await initBackend()
  work = mkdtempSync(path.join(os.tmpdir(), 'cvdm-finetune-'))
  dirs = await writePairFolders(path.join(work, 'pairs'), { count: 16, size: 64, structure: 'mix', photons: 100, seed: 5, optics: { wavelength: 0.68, na: 1.1 } })
})

describe('runFineTune settings', () => {
  it('refuses training crops smaller than the 64² the model was trained on', async () => {
    const registry = new ModelRegistry({ shippedDir: SHIPPED, userDir: path.join(work, 'models-crop') })
    const request = { lowDir: dirs.low, highDir: dirs.high, name: 'small-crops', cropSize: 32 }
    await expect(runFineTune('r1', request, registry, path.join(work, 'finetune-crop'))).rejects.toMatchObject({ code: 'bad-request', message: /64/ })
  })
})

describe('FineTuneService (forked engine process)', () => {
  it('fine-tunes default-sr2x on pairs from another microscope and registers a model better than its parent', async () => {
    const registry = new ModelRegistry({ shippedDir: SHIPPED, userDir: path.join(work, 'models') })
    const service = new FineTuneService({ registry, workDir: path.join(work, 'finetune') })
    const progress: FineTuneProgress[] = []
    const evals: FineTuneEval[] = []
    const steps = 40
    const finished = await new Promise<FineTuneFinished>((resolve) => {
      service.start(
        { lowDir: dirs.low, highDir: dirs.high, name: 'lab-ft', steps, batchSize: 2, evalEvery: 20, checkpointEvery: 20, validationFraction: 0.2, evalSampler: { steps: 6 } },
        { progress: (e) => progress.push(e), eval: (e) => evals.push(e), finished: resolve }
      )
      expect(() => service.start({ lowDir: dirs.low, highDir: dirs.high, name: 'other' }, { progress() {}, eval() {}, finished() {} })).toThrow(/already active/)
    })
    await service.dispose()
    expect(finished).toMatchObject({ ok: true, modelId: 'lab-ft', steps })
    expect(progress.map((p) => p.step)).toEqual(Array.from({ length: steps }, (_, i) => i + 1))
    expect(evals.map((e) => e.step)).toEqual([0, 20, 40])
    // Every evaluation carries a before/after preview of the same validation pair, through the worker's JSON channel
    const previews = evals.map((e) => e.preview)
    expect(new Set(previews.map((v) => v?.pair)).size).toBe(1)
    for (const v of previews) {
      expect(v && Math.max(v.width, v.height)).toBeLessThanOrEqual(96)
      for (const plane of [v!.input, v!.output, v!.target]) expect(Buffer.from(plane, 'base64')).toHaveLength(v!.width * v!.height)
    }
    expect(previews[0]!.target).toBe(previews[2]!.target)
    expect(previews[0]!.output).not.toBe(previews[2]!.output)

    const base = await registry.get('default-sr2x')
    const tuned = await registry.get('lab-ft')
    expect(tuned).toMatchObject({ readOnly: false, task: 'sr2x', scaleFactor: 2, lineage: { parent: { id: 'default-sr2x', sha256: base.sha256 } } })
    expect(tuned.lineage.data).toMatch(/16 pairs .* \(3 for validation\)/)
    const bestEval = evals.reduce((a, b) => (b.psnr > a.psnr ? b : a))
    if (finished.ok) expect(finished.bestStep).toBe(bestEval.step)
    expect(tuned.metrics.psnr).toBeCloseTo(bestEval.psnr, 1)
    const log = readFileSync(path.join(tuned.path, 'train-log.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l))
    expect(log.filter((l) => l.type === 'step').map((l) => l.step)).toEqual(Array.from({ length: steps }, (_, i) => i + 1))

    // Independent check of the registered weights on the validation pairs (same split, same fast sampler).
    const { validation } = splitPairs((await discoverPairs(dirs.low, dirs.high)).pairs, 0.2, 0)
    const valSet = await loadNormalizedPairs(validation, { low: 0.1, high: 99.9 }, 2)
    const sampler = { steps: 6, samples: 1, seed: 1 }
    const before = await loadModel(base.path)
    const after = await loadModel(tuned.path)
    const mBefore = await evaluatePairs(before.model, valSet, sampler)
    const mAfter = await evaluatePairs(after.model, valSet, sampler)
    before.model.dispose()
    after.model.dispose()
    const bicubic = bicubicMetrics(valSet)
    console.log(`fine-tune: bicubic ${bicubic.psnr.toFixed(2)} dB, default-sr2x ${mBefore.psnr.toFixed(2)} dB, lab-ft ${mAfter.psnr.toFixed(2)} dB (best step ${finished.ok ? finished.bestStep : '-'}; evals ${evals.map((e) => e.psnr.toFixed(2)).join(' ')})`)
    expect(mAfter.psnr).toBeGreaterThanOrEqual(bicubic.psnr + 1)
    expect(mAfter.psnr).toBeGreaterThanOrEqual(mBefore.psnr + 0.3)
    expect(finished.ok && finished.bestStep).toBeGreaterThan(0)
    expect(tuned.metrics.basePsnr).toBeCloseTo(mBefore.psnr, 1)
  }, 300_000)
})
