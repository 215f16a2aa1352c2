/**
 * Trains a model on the synthetic generator's pairs, resumably: checkpoints go to `workDir` every `checkpointEvery`
 * steps (atomic), and a rerun of the same command continues from the last one. The finished model (EMA weights when
 * enabled) is written to `outDir` with a training log.
 */
import { existsSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { SynthTask } from '../data'
import { createModel, resumeFromCheckpoint, saveCheckpoint, saveModel, emaModel, Trainer, type PresetName, type StepLog } from './engine-api'
import { buildSyntheticSet } from './synthetic-set'

/** Options of {@link trainSynthetic}. */
export interface TrainSyntheticOptions {
  task: SynthTask
  preset: PresetName
  /** `diffusion` (CVDM, default) or `regression` (the same backbone trained with MSE: the CARE-like baseline). */
  method?: 'diffusion' | 'regression'
  steps: number
  outDir: string
  workDir: string
  pairs?: number
  size?: number
  batchSize?: number
  cropSize?: number
  learningRate?: number
  emaDecay?: number | null
  checkpointEvery?: number
  seed?: number
  onStep?: (log: StepLog) => void
  signal?: AbortSignal
}

const PERCENTILES = { low: 0.1, high: 99.9 }

/** Runs (or resumes) the training and writes the final model; returns the step reached. */
export async function trainSynthetic(o: TrainSyntheticOptions): Promise<{ step: number; logFile: string }> {
  const { pairs } = buildSyntheticSet({ task: o.task, count: o.pairs ?? 64, size: o.size ?? 128, seed: `train-${o.task}`, percentiles: PERCENTILES, photons: [20, 1000] })
  const training = pairs.map((p) => ({ x: p.x, y: p.y, width: p.width, height: p.height }))
  const meta = { normalization: { method: 'percentile' as const, ...PERCENTILES }, scaleFactor: o.task === 'sr2x' ? 2 : 1 }
  const config = {
    batchSize: o.batchSize ?? 4,
    cropSize: o.cropSize ?? 64,
    learningRate: o.learningRate ?? 2e-4,
    emaDecay: o.emaDecay === undefined ? 0.999 : o.emaDecay,
    clipGradNorm: 1,
    seed: o.seed ?? 0
  }
  const checkpoint = path.join(o.workDir, 'checkpoint')
  let trainer: Trainer
  if (existsSync(path.join(checkpoint, 'trainer.json'))) trainer = (await resumeFromCheckpoint(checkpoint, training)).trainer
  else trainer = new Trainer(createModel(o.preset, { seed: o.seed ?? 0, method: o.method ?? 'diffusion' }), training, config)
  const logFile = path.join(o.workDir, 'train-log.jsonl')
  try {
    const remaining = Math.max(0, o.steps - trainer.step)
    const lines: string[] = []
    await trainer.runLoop({
      steps: remaining,
      signal: o.signal,
      onStep: (log) => {
        lines.push(JSON.stringify(log))
        o.onStep?.(log)
      },
      checkpoint: {
        every: o.checkpointEvery ?? 100,
        save: async (t) => {
          await saveCheckpoint(t, checkpoint, meta)
          await writeFile(logFile, lines.splice(0).join('\n') + '\n', { flag: 'a' })
        }
      }
    })
    const final = (await emaModel(trainer)) ?? trainer.model
    await saveModel(final, o.outDir, meta)
    if (final !== trainer.model) final.dispose()
    return { step: trainer.step, logFile }
  } finally {
    trainer.model.dispose()
    trainer.dispose()
  }
}
