/** Derived views of a stored job: its user-facing state, counts, and the DTOs sent to hosts. */
import type { JobRecord } from './records'
import { FILE_STATUSES, type FileSnapshot, type FileStatus, type JobSnapshot, type JobState, type JobSummary } from './types'

/** Files per status. */
export function countFiles(files: FileSnapshot[]): Record<FileStatus, number> {
  const counts = Object.fromEntries(FILE_STATUSES.map((s) => [s, 0])) as Record<FileStatus, number>
  for (const f of files) counts[f.status]++
  return counts
}

/** Has every file reached a final status (done, failed, skipped, cancelled)? */
export function isFinished(job: JobRecord): boolean {
  return job.files.every((f) => f.status !== 'queued' && f.status !== 'running')
}

/** The job's state as users see it. */
export function jobState(job: JobRecord): JobState {
  if (job.control === 'cancelled') return 'cancelled'
  if (job.control === 'paused') return 'paused'
  if (job.files.some((f) => f.status === 'running')) return 'running'
  if (!isFinished(job)) return 'queued'
  return job.files.some((f) => f.status === 'failed') ? 'failed' : 'done'
}

/** Is the job over (nothing left to run until someone retries or resumes it)? */
export function isTerminal(state: JobState): boolean {
  return state === 'done' || state === 'failed' || state === 'cancelled'
}

/** The summary DTO (a deep copy: safe to send and keep). */
export function toSummary(job: JobRecord, position: number): JobSummary {
  return structuredClone({
    id: job.id,
    state: jobState(job),
    control: job.control,
    position,
    createdAt: job.createdAt,
    updatedAt: job.updatedAt,
    spec: job.spec,
    total: job.files.length,
    counts: countFiles(job.files)
  })
}

/** The full DTO with every file. */
export function toSnapshot(job: JobRecord, position: number): JobSnapshot {
  return { ...toSummary(job, position), files: structuredClone(job.files) }
}

/**
 * Job ETA in ms: the mean processing time of the files done so far (timings.total) times the work left,
 * counting the file in flight by its remaining fraction; null until one file is done.
 */
export function jobEtaMs(job: JobRecord, inFlightFraction = 0): number | null {
  const durations = job.files.filter((f) => f.status === 'done' && f.timings?.total !== undefined).map((f) => f.timings!.total)
  if (durations.length === 0) return null
  const mean = durations.reduce((a, b) => a + b, 0) / durations.length
  const queued = job.files.filter((f) => f.status === 'queued').length
  const running = job.files.filter((f) => f.status === 'running').length
  return Math.max(0, mean * (queued + running * (1 - inFlightFraction)))
}

/** File ETA in ms from its elapsed time and fraction (linear); null before any progress. */
export function fileEtaMs(elapsedMs: number, fraction: number): number | null {
  return fraction > 0 ? Math.max(0, (elapsedMs * (1 - fraction)) / fraction) : null
}
