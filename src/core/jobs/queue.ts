/**
 * The batch queue's public face. Any number of processes may create a JobQueue on the same store folder:
 * all can enqueue, control and watch jobs; one at a time runs them (the runner lock). `run()` takes the lock
 * when it can, processes until its goal is met, and otherwise watches the journal until the lock frees.
 */
import { CodedError } from '../../shared/errors'
import { jobsHome } from './app-home'
import { jobIdFor, normalizeRequest, resolveFiles } from './job-spec'
import { QueueLock } from './lock'
import type { QueueCommand } from './inbox'
import type { JobRecord } from './records'
import type { RunInfo } from './report'
import { JobRunner } from './runner'
import { DEFAULT_COMPACT_EVERY, JobStore } from './store'
import { isTerminal, jobState, toSnapshot, toSummary } from './summary'
import type { FileProcessor, FileSnapshot, JobRequest, JobSnapshot, JobSummary, JobsEmit } from './types'
import { runLoop, type RunOptions } from './run-loop'

/** How to build a queue. */
export interface JobQueueOptions {
  /** Store folder (default: `jobs/` in the app data folder, see `appHome`). */
  dir?: string
  processor: FileProcessor
  emit?: JobsEmit
  /** Backend and model hash for reports (called when a report is written). */
  runInfo?: () => RunInfo
  /** Inbox/journal poll and heartbeat period in ms (default 250). */
  pollMs?: number
  compactEvery?: number
  now?: () => number
}

/** A handle on the persistent batch queue. Call {@link JobQueue.dispose} when done. */
export class JobQueue {
  /** The store (state and journal). */
  readonly store: JobStore
  /** The runner lock of the store. */
  readonly lock: QueueLock
  readonly pollMs: number
  runner: JobRunner | undefined
  /** Per job: the updatedAt and file statuses last announced (watchers diff against it). */
  private readonly seen = new Map<string, { at: number; statuses: string[] }>()
  private readonly disposed = new AbortController()
  private running: Promise<void> | undefined

  /** @param options - store folder, processor, emit, run info */
  constructor(readonly options: JobQueueOptions) {
    this.store = new JobStore(options.dir ?? jobsHome(), options.compactEvery ?? DEFAULT_COMPACT_EVERY)
    this.lock = new QueueLock(this.store.lockFile)
    this.pollMs = options.pollMs ?? 250
  }

  /** Sends a `jobs:changed` event for `job`. */
  changed(job: JobRecord, file?: FileSnapshot): void {
    this.seen.set(job.id, { at: job.updatedAt, statuses: job.files.map((f) => f.status) })
    this.options.emit?.('jobs:changed', { job: toSummary(job, this.store.state.order.indexOf(job.id)), ...(file ? { file: structuredClone(file) } : {}) })
  }

  /** Reader side: refreshes from the journal and announces what changed. */
  refresh(): void {
    if (this.store.refresh()) this.announce()
  }

  /** Emits `jobs:changed` for each job (and each of its files) that changed since last announced. */
  announce(): void {
    for (const job of this.store.state.jobs.values()) {
      const seen = this.seen.get(job.id)
      if (seen?.at === job.updatedAt) continue
      const files = job.files.filter((f) => seen && seen.statuses[f.index] !== f.status)
      if (files.length === 0) this.changed(job)
      for (const f of files) this.changed(job, f)
    }
  }

  /**
   * Adds a job, or resumes it when the same job (same inputs, output folder, options) exists: new files are
   * added, failed and cancelled files queued again; done files are never redone.
   * @throws CodedError `bad-request` / `not-found` for a bad request (nothing is enqueued)
   */
  enqueue(request: JobRequest): { id: string; files: number } {
    const spec = normalizeRequest(request)
    const files = resolveFiles(spec)
    const id = jobIdFor(spec)
    this.command({ c: 'enqueue', id, spec, files, at: this.now() })
    return { id, files: files.length }
  }

  /** Pauses a job after its file in flight. */
  pause(id: string): void {
    this.command({ c: 'pause', id: this.resolveId(id), at: this.now() })
  }

  /** Resumes a paused (or cancelled) job. */
  resume(id: string): void {
    this.command({ c: 'resume', id: this.resolveId(id), at: this.now() })
  }

  /** Cancels a job: its file in flight is aborted, its queued files become cancelled. */
  cancel(id: string): void {
    this.command({ c: 'cancel', id: this.resolveId(id), at: this.now() })
  }

  /** Queues the failed and cancelled files of a job again. */
  retry(id: string): void {
    this.command({ c: 'retry', id: this.resolveId(id), at: this.now() })
  }

  /** Moves a job to `position` in the run order (0 = next). */
  move(id: string, position: number): void {
    this.command({ c: 'move', id: this.resolveId(id), position, at: this.now() })
  }

  /** All jobs in run order. */
  list(): JobSummary[] {
    this.refresh()
    const { state } = this.store
    return state.order.map((id, i) => toSummary(state.jobs.get(id)!, i))
  }

  /** One job with its files (id or unique id prefix), or undefined. */
  get(id: string): JobSnapshot | undefined {
    this.refresh()
    const full = this.findId(id)
    const job = full === undefined ? undefined : this.store.state.jobs.get(full)
    return job && toSnapshot(job, this.store.state.order.indexOf(job.id))
  }

  /** Is this job over (done, failed or cancelled)? Unknown jobs are not. */
  isTerminal(id: string): boolean {
    const job = this.store.state.jobs.get(id)
    return !!job && isTerminal(jobState(job))
  }

  /** Runs the queue (see {@link RunOptions}); resolves with the `until` job's summary when given. */
  async run(options: RunOptions = {}): Promise<JobSummary | undefined> {
    if (this.running) throw new Error('JobQueue.run is already running')
    const signal = options.signal ? AbortSignal.any([options.signal, this.disposed.signal]) : this.disposed.signal
    this.running = runLoop(this, { ...options, signal })
    try {
      await this.running
    } finally {
      this.running = undefined
    }
    return options.until ? this.list().find((j) => j.id === options.until) : undefined
  }

  /**
   * Applies a command: directly when this process holds the lock or can take it for a moment (after any
   * commands waiting in the inbox), otherwise through the inbox for the holder to apply.
   */
  private command(command: QueueCommand): void {
    if (this.store.writable) {
      this.store.submit(command)
      const job = this.store.state.jobs.get(command.id)
      if (job) this.changed(job)
      if (command.c === 'cancel') this.runner?.abortCurrent('cancel', command.id)
      this.runner?.reconcileReports()
    } else if (this.lock.tryAcquire()) {
      try {
        this.store.openForWrite()
        this.store.ingestInbox()
        this.store.submit(command)
      } finally {
        this.store.closeWrite()
        this.lock.release()
      }
    } else this.store.submit(command)
  }

  private findId(id: string): string | undefined {
    const ids = this.store.state.order.filter((j) => j.startsWith(id))
    return ids.length === 1 ? ids[0] : undefined
  }

  private resolveId(id: string): string {
    this.refresh()
    const full = this.findId(id)
    if (!full) throw new CodedError('not-found', `No job ${id} (or the prefix matches several); see \`cvdm jobs list\`.`)
    return full
  }

  private now(): number {
    return (this.options.now ?? Date.now)()
  }

  /** Stops a running `run()` (the file in flight goes back to queued), then releases the lock. */
  async dispose(): Promise<void> {
    this.disposed.abort()
    await this.running?.catch(() => undefined)
    this.store.closeWrite()
    this.lock.release()
  }
}
