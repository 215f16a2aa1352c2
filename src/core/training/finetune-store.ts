/**
 * On-disk state of one fine-tuning run, `<workDir>/<name>/`:
 *   request.json     — the run's fingerprint and settings (a rerun with other settings is refused)
 *   log.jsonl        — one line per step ({type: 'step', …}) and per evaluation ({type: 'eval', …})
 *   ckpt-<step>/     — trainer/ (engine checkpoint: weights, Adam, RNG, step), best/ (best weights so far), run.json
 * A checkpoint is built in a hidden temp folder and renamed into place, so the newest complete `ckpt-*` is always
 * valid; log lines are appended and fsynced *before* the checkpoint that covers them appears, and on resume the
 * log is cut back to the checkpoint's step. Hence after a kill at any moment: no gap and no duplicate step.
 */
import { randomBytes } from 'node:crypto'
import { promises as fs } from 'node:fs'
import path from 'node:path'
import { writeFileAtomic } from '../jobs'
import { MODEL_FILES, resumeFromCheckpoint, saveCheckpoint, type ModelMeta, type Trainer, type TrainingPair } from './engine-api'

/** One validation result. */
export interface EvalRecord {
  step: number
  psnr: number
  ssim: number
}

/** Run state saved with each checkpoint. */
export interface RunState {
  step: number
  evals: EvalRecord[]
  best: EvalRecord
  /** Evaluations since the best one (early stop at `patience`). */
  sinceBest: number
  /** Bicubic baseline on the validation pairs. */
  bicubic: { psnr: number; ssim: number }
}

/** Serialized weights of the best evaluation (model.json text + weights bytes). */
export interface BestWeights {
  json: string
  bytes: Uint8Array
}

const CKPT = /^ckpt-(\d{8})$/

/** The files of one run folder. */
export class RunStore {
  /** @param dir - the run's folder, `<workDir>/<name>` */
  constructor(readonly dir: string) {}

  get logFile(): string {
    return path.join(this.dir, 'log.jsonl')
  }

  /** The request.json contents, or undefined for a new run. */
  async readRequest(): Promise<{ fingerprint: string } | undefined> {
    const text = await fs.readFile(path.join(this.dir, 'request.json'), 'utf8').catch(() => undefined)
    return text ? (JSON.parse(text) as { fingerprint: string }) : undefined
  }

  /** Writes request.json (atomic). */
  async writeRequest(record: { fingerprint: string } & Record<string, unknown>): Promise<void> {
    await fs.mkdir(this.dir, { recursive: true })
    writeFileAtomic(path.join(this.dir, 'request.json'), JSON.stringify(record, null, 1))
  }

  /** The newest complete checkpoint folder, if any. */
  async latest(): Promise<string | undefined> {
    const names = (await fs.readdir(this.dir).catch(() => [] as string[])).filter((n) => CKPT.test(n)).sort()
    return names.length ? path.join(this.dir, names[names.length - 1]) : undefined
  }

  /** Appends lines to the log and fsyncs them. */
  async appendLog(lines: string[]): Promise<void> {
    if (lines.length === 0) return
    const handle = await fs.open(this.logFile, 'a')
    try {
      await handle.writeFile(lines.map((l) => l + '\n').join(''))
      await handle.sync()
    } finally {
      await handle.close()
    }
  }

  /** Cuts the log back to the entries of steps ≤ `step` (drops a torn last line too). */
  async truncateLog(step: number): Promise<void> {
    const text = await fs.readFile(this.logFile, 'utf8').catch(() => '')
    const kept = text.split('\n').filter((line) => {
      try {
        return (JSON.parse(line) as { step: number }).step <= step
      } catch {
        return false
      }
    })
    writeFileAtomic(this.logFile, kept.map((l) => l + '\n').join(''))
  }

  /** Writes checkpoint `ckpt-<step>` (trainer + best weights + run state) and removes older ones. */
  async save(trainer: Trainer, meta: ModelMeta, state: RunState, best: BestWeights): Promise<void> {
    const name = `ckpt-${String(state.step).padStart(8, '0')}`
    const tmp = path.join(this.dir, `.${name}.${process.pid}-${randomBytes(4).toString('hex')}`)
    await fs.mkdir(path.join(tmp, 'best'), { recursive: true })
    try {
      await saveCheckpoint(trainer, path.join(tmp, 'trainer'), meta)
      writeFileAtomic(path.join(tmp, 'best', MODEL_FILES.json), best.json)
      writeFileAtomic(path.join(tmp, 'best', MODEL_FILES.weights), best.bytes)
      writeFileAtomic(path.join(tmp, 'run.json'), JSON.stringify(state))
      const final = path.join(this.dir, name)
      await fs.rm(final, { recursive: true, force: true })
      await fs.rename(tmp, final)
    } catch (error) {
      await fs.rm(tmp, { recursive: true, force: true })
      throw error
    }
    for (const entry of await fs.readdir(this.dir)) {
      const old = CKPT.exec(entry)
      const staleTemp = entry.startsWith('.ckpt-') && !entry.includes(`.${process.pid}-`)
      if ((old && Number(old[1]) < state.step) || staleTemp) await fs.rm(path.join(this.dir, entry), { recursive: true, force: true })
    }
  }

  /**
   * Restores the newest checkpoint.
   * @returns the trainer (the caller owns it and its model), run state and best weights
   */
  async load(ckpt: string, pairs: TrainingPair[]): Promise<{ trainer: Trainer; state: RunState; best: BestWeights }> {
    const state = JSON.parse(await fs.readFile(path.join(ckpt, 'run.json'), 'utf8')) as RunState
    const best = {
      json: await fs.readFile(path.join(ckpt, 'best', MODEL_FILES.json), 'utf8'),
      bytes: new Uint8Array(await fs.readFile(path.join(ckpt, 'best', MODEL_FILES.weights)))
    }
    const { trainer } = await resumeFromCheckpoint(path.join(ckpt, 'trainer'), pairs)
    return { trainer, state, best }
  }

  /** Deletes the run folder (after the model is registered). */
  async remove(): Promise<void> {
    await fs.rm(this.dir, { recursive: true, force: true })
  }
}
