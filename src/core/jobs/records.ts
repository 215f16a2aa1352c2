/**
 * The journal's records and the reducer that folds them into queue state. Every state change is one
 * record, so replaying the journal after a crash rebuilds exactly the state that was durable.
 */
import type { ErrorInfo } from '../../shared/errors'
import type { FileEntry, FileSnapshot, FileStatus, JobControl, JobSpec } from './types'

/** A job as stored: spec, user control, files with their status. */
export interface JobRecord {
  id: string
  spec: JobSpec
  createdAt: number
  updatedAt: number
  control: JobControl
  files: FileSnapshot[]
  /** When the report was last written (a job updated after that gets a fresh one). */
  reportedAt?: number
}

/** One journal line. `cid` marks records that came from an inbox command (applied at most once). */
export type JournalRecord =
  | { k: 'meta'; v: 1; applied: string[] }
  | { k: 'job'; job: JobRecord; cid?: string }
  | { k: 'resume'; id: string; files: FileEntry[]; at: number; cid?: string }
  | { k: 'control'; id: string; control: JobControl; at: number; cid?: string }
  | { k: 'retry'; id: string; at: number; cid?: string }
  | { k: 'move'; id: string; position: number; at: number; cid?: string }
  | { k: 'reported'; id: string; at: number }
  | {
      k: 'file'
      id: string
      i: number
      s: FileStatus
      at: number
      outputs?: FileEntry['outputs']
      written?: string[]
      timings?: Record<string, number>
      error?: ErrorInfo
      reason?: string
    }

/** Everything the queue knows: jobs by id, their run order, and the inbox commands already applied. */
export interface QueueState {
  jobs: Map<string, JobRecord>
  order: string[]
  applied: string[]
}

/** How many applied command ids are remembered (commands are applied within seconds of being sent). */
const APPLIED_MEMORY = 1000

/** An empty state. */
export function emptyState(): QueueState {
  return { jobs: new Map(), order: [], applied: [] }
}

/** A new file snapshot for `entry` at `index`, queued. */
export function newFile(entry: FileEntry, index: number): FileSnapshot {
  return { index, rel: entry.rel, input: entry.input, status: 'queued', outputs: entry.outputs, attempts: 0 }
}

function requeue(job: JobRecord, from: FileStatus[]): void {
  for (const f of job.files) {
    if (from.includes(f.status)) {
      f.status = 'queued'
      delete f.error
      delete f.finishedAt
    }
  }
}

function applyFile(job: JobRecord, r: Extract<JournalRecord, { k: 'file' }>): void {
  const f = job.files[r.i]
  if (!f) return
  f.status = r.s
  if (r.outputs) f.outputs = r.outputs
  if (r.s === 'running') {
    f.attempts++
    f.startedAt = r.at
    delete f.error
    delete f.finishedAt
  } else if (r.s !== 'queued') f.finishedAt = r.at
  if (r.written) f.written = r.written
  if (r.timings) f.timings = r.timings
  if (r.error) f.error = r.error
  if (r.reason) f.reason = r.reason
}

/** Folds one record into `state` (mutating it). Records naming unknown jobs are ignored. */
export function applyRecord(state: QueueState, r: JournalRecord): void {
  if (r.k === 'meta') {
    state.applied = [...r.applied]
    return
  }
  const cid = 'cid' in r ? r.cid : undefined
  if (cid) {
    if (state.applied.includes(cid)) return
    state.applied.push(cid)
    if (state.applied.length > APPLIED_MEMORY) state.applied.splice(0, state.applied.length - APPLIED_MEMORY)
  }
  if (r.k === 'job') {
    if (!state.jobs.has(r.job.id)) state.order.push(r.job.id)
    state.jobs.set(r.job.id, structuredClone(r.job))
    return
  }
  const job = state.jobs.get(r.id)
  if (!job) return
  if (r.k === 'reported') {
    job.reportedAt = r.at
    return
  }
  job.updatedAt = r.at
  switch (r.k) {
    case 'file':
      applyFile(job, r)
      break
    case 'resume': {
      const known = new Set(job.files.map((f) => f.rel))
      for (const e of r.files) if (!known.has(e.rel)) job.files.push(newFile(e, job.files.length))
      requeue(job, ['failed', 'cancelled'])
      job.control = 'active'
      break
    }
    case 'control':
      if (r.control === 'cancelled') for (const f of job.files) if (f.status === 'queued' || f.status === 'running') f.status = 'cancelled'
      if (r.control === 'active' && job.control === 'cancelled') requeue(job, ['cancelled'])
      job.control = r.control
      break
    case 'retry':
      requeue(job, ['failed', 'cancelled'])
      job.control = 'active'
      break
    case 'move': {
      state.order = state.order.filter((id) => id !== r.id)
      state.order.splice(Math.max(0, Math.min(r.position, state.order.length)), 0, r.id)
      break
    }
  }
}

/** Rebuilds state from records. */
export function replay(records: JournalRecord[]): QueueState {
  const state = emptyState()
  for (const r of records) applyRecord(state, r)
  return state
}

/** The records of a compacted journal: a meta line, then each job in queue order. */
export function snapshotRecords(state: QueueState): JournalRecord[] {
  return [{ k: 'meta', v: 1, applied: state.applied }, ...state.order.map((id) => ({ k: 'job' as const, job: state.jobs.get(id)! }))]
}
