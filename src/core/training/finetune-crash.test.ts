/**
 * `cvdm train --pairs` killed with SIGKILL at seeded random moments, then rerun with the same command: the step
 * counter continues from the last checkpoint, the loss log has every step exactly once, the evaluations happen
 * once per scheduled step, and the model is registered once with its lineage.
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { ModelRegistry } from '../models'
import { writePairFolders } from './testing/pair-folders'

const ROOT = path.resolve(__dirname, '..', '..', '..')
const STEPS = 12
let work: string
let dirs: { low: string; high: string }

function mulberry32(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Runs the command; returns its exit code and the JSON lines it printed. */
function train(home: string, killAfterMs?: number): Promise<{ code: number | null; lines: { event: string; step?: number }[] }> {
  const args = [path.join(ROOT, 'bin', 'cvdm.js'), 'train', '--pairs', dirs.low, dirs.high, '--name', 'crash-ft', '--steps', String(STEPS)]
  args.push('--eval-every', '4', '--checkpoint-every', '2', '--eval-steps', '2', '--batch', '1', '--json')
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, CVDM_HOME: home, CVDM_WASM_THREADS: '1' }, stdio: ['ignore', 'pipe', 'ignore'] })
  let out = ''
  child.stdout.on('data', (d: Buffer) => (out += d.toString()))
  if (killAfterMs !== undefined) setTimeout(() => child.kill('SIGKILL'), killAfterMs)
  return new Promise((resolve) =>
    child.on('exit', (code) => {
      const lines = out.split('\n').flatMap((l) => {
        try {
          return [JSON.parse(l) as { event: string; step?: number }]
        } catch {
          return []
        }
      })
      resolve({ code, lines })
    })
  )
}

beforeAll(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), 'cvdm-finetune-crash-'))
  dirs = await writePairFolders(path.join(work, 'pairs'), { count: 5, size: 64, seed: 11 })
})

describe('cvdm train --pairs survives kill -9', () => {
  it('two seeded kills, then the same command resumes and registers the model once', async () => {
    const random = mulberry32(20261126)
    const home = path.join(work, 'home')
    let seen = 0
    for (let kill = 0; kill < 2; kill++) {
      // start-up (tsx + tfjs + baseline evaluation) takes several seconds on a loaded 2-core machine
      const run = await train(home, 6000 + Math.floor(random() * 8000))
      const steps = run.lines.filter((l) => l.event === 'step').map((l) => l.step as number)
      if (steps.length) {
        expect(steps[0]).toBeLessThanOrEqual(seen + 1)
        seen = Math.max(seen, steps[steps.length - 1])
      }
    }
    const final = await train(home)
    expect(final.code).toBe(0)
    const steps = final.lines.filter((l) => l.event === 'step').map((l) => l.step as number)
    if (seen >= 4) expect(steps[0] ?? STEPS + 1).toBeGreaterThan(1)
    expect(final.lines.at(-1)).toMatchObject({ event: 'done', ok: true, modelId: 'crash-ft', steps: STEPS })

    const registry = new ModelRegistry({ shippedDir: path.join(ROOT, 'resources', 'models'), userDir: path.join(home, 'models') })
    const models = (await registry.list()).filter((m) => !m.readOnly)
    expect(models.map((m) => m.id)).toEqual(['crash-ft'])
    expect(models[0].lineage.parent?.id).toBe('default-sr2x')
    const log = readFileSync(path.join(models[0].path, 'train-log.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { type: string; step: number })
    expect(log.filter((l) => l.type === 'step').map((l) => l.step)).toEqual(Array.from({ length: STEPS }, (_, i) => i + 1))
    expect(log.filter((l) => l.type === 'eval').map((l) => l.step)).toEqual([0, 4, 8, 12])
    expect(existsSync(path.join(home, 'finetune', 'crash-ft'))).toBe(false)

    // the same command once more: recognised as finished, nothing trained or registered twice
    const again = await train(home)
    expect(again.code).toBe(0)
    expect(again.lines.filter((l) => l.event === 'step')).toEqual([])
    expect((await registry.list()).filter((m) => !m.readOnly).map((m) => m.id)).toEqual(['crash-ft'])
  }, 240_000)
})
