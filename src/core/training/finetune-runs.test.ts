import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { listResumableRuns } from './finetune-runs'

function run(work: string, name: string, request: unknown, ckptSteps: number[], when = 0): void {
  const dir = path.join(work, name)
  mkdirSync(dir, { recursive: true })
  if (request !== undefined) writeFileSync(path.join(dir, 'request.json'), typeof request === 'string' ? request : JSON.stringify({ fingerprint: 'f', request }))
  for (const step of ckptSteps) {
    const ckpt = path.join(dir, `ckpt-${String(step).padStart(8, '0')}`)
    mkdirSync(ckpt)
    utimesSync(ckpt, when / 1000, when / 1000)
  }
}

describe('listResumableRuns', () => {
  it('lists runs with a checkpoint, newest first, with the request the UI can send again', async () => {
    const work = mkdtempSync(path.join(os.tmpdir(), 'cvdm-ft-runs-'))
    const full = { lowDir: '/l', highDir: '/h', name: 'lab', steps: 300, batchSize: 4, learningRate: 1e-4, emaDecay: 0.95, cropSize: 64, evalSampler: { steps: 8 }, patience: 5, seed: 0 }
    run(work, 'lab', full, [40], 2_000_000)
    run(work, 'older', { ...full, name: 'older' }, [10], 1_000_000)
    run(work, 'fresh', { ...full, name: 'fresh' }, [])
    run(work, 'broken', '{not json', [20])
    run(work, 'renamed', { ...full, name: 'other' }, [20])
    run(work, 'active', { ...full, name: 'active' }, [20])
    const runs = await listResumableRuns(work, ['active'])
    expect(runs.map((r) => [r.name, r.step])).toEqual([['lab', 40], ['older', 10]])
    expect(runs[0].request).toEqual({ lowDir: '/l', highDir: '/h', name: 'lab', steps: 300, batchSize: 4, learningRate: 1e-4, seed: 0 })
    expect(runs[0].savedAt).toBe(2_000_000)
  })

  it('answers an empty list when the work folder does not exist yet', async () => {
    expect(await listResumableRuns(path.join(os.tmpdir(), 'cvdm-no-such-dir-g4'))).toEqual([])
  })
})
