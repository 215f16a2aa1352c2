import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { useTrainingBackend } from '../engine/testing/training-backend'
import { trainSynthetic } from './train-synthetic'

let work: string
beforeAll(async () => {
  await useTrainingBackend()
  work = mkdtempSync(path.join(os.tmpdir(), 'cvdm-train-synth-'))
})
afterAll(() => rmSync(work, { recursive: true, force: true }))

describe('trainSynthetic', () => {
  it('trains the regression baseline (method regression) with the same loop and writes a regression model file', async () => {
    const outDir = path.join(work, 'reg')
    const steps: number[] = []
    const r = await trainSynthetic({
      task: 'sr2x',
      preset: 'cvdm-xs',
      method: 'regression',
      steps: 2,
      outDir,
      workDir: path.join(work, 'reg-work'),
      pairs: 2,
      size: 64,
      batchSize: 1,
      checkpointEvery: 2,
      onStep: (log) => steps.push(log.step)
    })
    expect(r.step).toBe(2)
    expect(steps).toEqual([1, 2])
    const file = JSON.parse(readFileSync(path.join(outDir, 'model.json'), 'utf8')) as { preset: string; architecture: { method: string } }
    expect(file.architecture.method).toBe('regression')
    expect(file.preset).toBe('cvdm-xs')
  }, 120_000)
})
