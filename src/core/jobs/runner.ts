/**
 * Runs files, one at a time, for the lock holder: picks the next queued file in queue order, fixes its
 * outputs (on-exists policy), journals `running`, calls the processor, journals the outcome, and writes the
 * job's report when it finishes. One failing file never stops the batch.
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import { toErrorInfo, type ErrorInfo } from '../../shared/errors'
import { removeStaleTemps } from './atomic'
import { pathKey, pickRenamed } from './output-names'
import type { JobRecord } from './records'
import { reportPaths, writeReport, type RunInfo } from './report'
import type { JobStore } from './store'
import { fileEtaMs, isFinished, jobEtaMs } from './summary'
import { ProgressPublisher, progressFile } from './live-progress'
import type { FileEntry, FileProcessor, FileSnapshot, JobProgress, JobsEmit } from './types'

/** What the runner needs from its owner. */
export interface RunnerDeps {
  store: JobStore
  processor: FileProcessor
  emit: JobsEmit
  runInfo: () => RunInfo
  /** Called after each journaled change of a job (the owner emits `jobs:changed`). */
  onChanged(job: JobRecord, file?: FileSnapshot): void
  now?: () => number
  /** Minimum ms between two `jobs:progress` events of one file (default 100). */
  progressIntervalMs?: number
}

/** {@link toErrorInfo}, with file-system errors (EACCES, EROFS, EIO, …) reported as `io-error`, not as bugs. */
export function fileErrorInfo(error: unknown): ErrorInfo {
  const info = toErrorInfo(error)
  const errno = (error as { code?: unknown } | null)?.code
  return info.code === 'internal' && typeof errno === 'string' && /^E[A-Z]+$/.test(errno) ? { code: 'io-error', message: info.message } : info
}

/** The file in flight. */
interface InFlight {
  jobId: string
  index: number
  abort: AbortController
  /** Why it was aborted: the job was cancelled, or the runner is stopping (the file goes back to queued). */
  reason?: 'cancel' | 'stop'
}

/** Processes files of a writable {@link JobStore}. */
export class JobRunner {
  private current: InFlight | undefined
  private readonly swept = new Set<string>()
  private readonly now: () => number
  private readonly publisher: ProgressPublisher

  /** @param deps - store (open for writing), processor, emit, run info, change callback */
  constructor(private readonly deps: RunnerDeps) {
    this.now = deps.now ?? Date.now
    this.publisher = new ProgressPublisher(progressFile(deps.store.dir))
  }

  /** The file in flight, if any. */
  get busy(): { jobId: string; index: number } | undefined {
    return this.current && { jobId: this.current.jobId, index: this.current.index }
  }

  /** Aborts the file in flight: `cancel` marks it cancelled, `stop` puts it back in the queue. */
  abortCurrent(reason: 'cancel' | 'stop', jobId?: string): void {
    if (!this.current || (jobId && this.current.jobId !== jobId)) return
    this.current.reason = reason
    this.current.abort.abort()
  }

  /** Writes the reports of finished jobs that changed since their last report (e.g. after a crash). */
  reconcileReports(): void {
    for (const job of this.deps.store.state.jobs.values()) {
      if (isFinished(job) && (job.reportedAt === undefined || job.reportedAt < job.updatedAt)) this.report(job)
    }
  }

  /** The next file to run: first queued file of the first active job in queue order. */
  private pick(): { job: JobRecord; file: FileSnapshot } | undefined {
    const { state } = this.deps.store
    for (const id of state.order) {
      const job = state.jobs.get(id)!
      if (job.control !== 'active') continue
      const file = job.files.find((f) => f.status === 'queued')
      if (file) return { job, file }
    }
    return undefined
  }

  /** Runs one file; resolves false when nothing is runnable. */
  async processNext(): Promise<boolean> {
    const next = this.pick()
    if (!next) return false
    const { job, file } = next
    if (!this.swept.has(job.id)) {
      removeStaleTemps(job.files.flatMap((f) => [f.outputs.main, f.outputs.std ?? f.outputs.main]))
      this.swept.add(job.id)
    }
    const outputs = this.chooseOutputs(job, file)
    if (!outputs) {
      this.commitFile(job, file, { s: 'skipped', reason: 'output exists' }, false)
      return true
    }
    // A retried or resumed file may have left temps of its earlier attempt.
    if (file.attempts > 0) removeStaleTemps([outputs.main, ...(outputs.std ? [outputs.std] : [])])
    this.commitFile(job, file, { s: 'running', outputs })
    const inFlight: InFlight = { jobId: job.id, index: file.index, abort: new AbortController() }
    this.current = inFlight
    const started = performance.now()
    try {
      fs.mkdirSync(path.dirname(outputs.main), { recursive: true })
      const result = await this.deps.processor(
        { input: file.input, outputs, options: job.spec.options },
        { signal: inFlight.abort.signal, onProgress: this.progressReporter(job, file, started) }
      )
      const timings = { ...result.timings, total: performance.now() - started }
      this.commitFile(job, file, { s: 'done', written: result.outputs, timings }, false)
    } catch (error) {
      if (inFlight.reason === 'stop') this.commitFile(job, file, { s: 'queued', reason: 'interrupted' })
      else if (inFlight.reason === 'cancel') this.commitFile(job, file, { s: 'cancelled' })
      else this.commitFile(job, file, { s: 'failed', error: fileErrorInfo(error) }, false)
    } finally {
      this.current = undefined
    }
    if (isFinished(job)) this.report(job)
    return true
  }

  /** Outputs for this attempt; undefined means skip (policy `skip` and the output exists). */
  private chooseOutputs(job: JobRecord, file: FileSnapshot): FileEntry['outputs'] | undefined {
    // Outputs are fixed by the first attempt: whatever is there now was written by this job.
    if (file.attempts > 0) return file.outputs
    switch (job.spec.onExists) {
      case 'overwrite':
        return file.outputs
      case 'skip':
        return fs.existsSync(file.outputs.main) ? undefined : file.outputs
      case 'rename': {
        const inputs = new Set(job.files.map((f) => pathKey(f.input)))
        const taken = new Set(
          job.files.filter((f) => f !== file && (f.attempts > 0 || f.status === 'done')).flatMap((f) => [f.outputs.main, f.outputs.std]).filter((p): p is string => !!p).map(pathKey)
        )
        return pickRenamed(file.outputs, inputs, taken)
      }
    }
  }

  private commitFile(job: JobRecord, file: FileSnapshot, change: Omit<Extract<Parameters<JobStore['commit']>[0][number], { k: 'file' }>, 'k' | 'id' | 'i' | 'at'>, durable = true): void {
    this.deps.store.commit([{ k: 'file', id: job.id, i: file.index, at: this.now(), ...change }], durable)
    this.deps.onChanged(job, file)
  }

  private progressReporter(job: JobRecord, file: FileSnapshot, started: number): (fraction: number, note?: string) => void {
    const interval = this.deps.progressIntervalMs ?? 100
    let last = -Infinity
    return (fraction, note) => {
      const t = performance.now()
      const f = Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0))
      if (t - last < interval && f < 1) return
      last = t
      const finished = job.files.filter((x) => x.status !== 'queued' && x.status !== 'running').length
      const total = job.files.length
      const jobStart = job.files.reduce((min, x) => Math.min(min, x.startedAt ?? Infinity), Infinity)
      const progress: JobProgress = {
        jobId: job.id,
        file: { index: file.index, rel: file.rel, fraction: f, ...(note ? { note } : {}), elapsedMs: t - started, etaMs: fileEtaMs(t - started, f) },
        job: { finished, total, fraction: total ? (finished + f) / total : 1, elapsedMs: Number.isFinite(jobStart) ? this.now() - jobStart : 0, etaMs: jobEtaMs(job, f) }
      }
      this.deps.emit('jobs:progress', progress)
      this.publisher.publish(progress)
    }
  }

  private report(job: JobRecord): void {
    try {
      const { json, markdown } = reportPaths(job)
      removeStaleTemps([json, markdown])
      writeReport(job, this.deps.runInfo(), this.now())
      this.deps.store.commit([{ k: 'reported', id: job.id, at: this.now() }])
    } catch {
      // An unwritable output folder must not stop the queue; the next finished file retries the report.
    }
  }
}
