/**
 * Interrupted fine-tuning runs as their folders under the work dir tell it (`finetune:list-runs`): a run folder with
 * a request.json and at least one complete checkpoint can be resumed by sending the same request again.
 */
import { promises as fs } from 'node:fs'
import path from 'node:path'
import type { FineTuneRequest, ResumableRun } from '../../shared/finetune'
import { RunStore } from './finetune-store'

/** The request fields the UI sends (what request.json's full options are cut back to). */
const REQUEST_FIELDS = ['lowDir', 'highDir', 'baseModelId', 'name', 'steps', 'batchSize', 'learningRate', 'validationFraction', 'evalEvery', 'checkpointEvery', 'seed', 'includeFlagged'] as const

function toRequest(saved: Record<string, unknown>): FineTuneRequest | undefined {
  if (typeof saved.lowDir !== 'string' || typeof saved.highDir !== 'string' || typeof saved.name !== 'string') return undefined
  const out: Record<string, unknown> = {}
  for (const key of REQUEST_FIELDS) if (saved[key] !== undefined) out[key] = saved[key]
  return out as unknown as FineTuneRequest
}

/**
 * Every resumable run under `workDir`, newest checkpoint first; folders without a checkpoint or with an unreadable
 * request.json are skipped (they cannot be resumed). `exclude` names runs to leave out (the one running now).
 */
export async function listResumableRuns(workDir: string, exclude: string[] = []): Promise<ResumableRun[]> {
  const names = await fs.readdir(workDir).catch(() => [] as string[])
  const runs: ResumableRun[] = []
  for (const name of names) {
    if (name.startsWith('.') || exclude.includes(name)) continue
    const store = new RunStore(path.join(workDir, name))
    const ckpt = await store.latest()
    if (!ckpt) continue
    const text = await fs.readFile(path.join(store.dir, 'request.json'), 'utf8').catch(() => undefined)
    let request: FineTuneRequest | undefined
    try {
      request = text ? toRequest((JSON.parse(text) as { request?: Record<string, unknown> }).request ?? {}) : undefined
    } catch {
      request = undefined
    }
    if (!request || request.name !== name) continue
    const savedAt = (await fs.stat(ckpt)).mtimeMs
    runs.push({ name, step: Number(/(\d+)$/.exec(ckpt)?.[1] ?? 0), savedAt, request })
  }
  return runs.sort((a, b) => b.savedAt - a.savedAt)
}
