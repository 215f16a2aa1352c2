/** Formatting shared by the Batch, Fine-tune and Model panels (durations, counts, job labels). */
import type { JobSpec, JobState } from '../../../shared/jobs'

/** "45 s", "3 min 05 s", "2 h 07 min" for a duration in ms; "—" while unknown (null, negative, NaN). */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) return '—'
  const s = Math.round(ms / 1000)
  if (s < 60) return `${s} s`
  const m = Math.floor(s / 60)
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s`
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`
}

/** A fraction in [0, 1] as a whole percentage ("42 %"); clamps outside values. */
export function formatPercent(fraction: number): string {
  const clamped = Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0))
  return `${Math.round(clamped * 100)} %`
}

/** The last path segment of a POSIX or Windows path ("/data/exp1/" → "exp1"). */
export function baseName(path: string): string {
  const parts = path.split(/[\\/]+/).filter(Boolean)
  return parts[parts.length - 1] ?? path
}

/** A short label for a job: its input folder (or first file and how many more) → output folder. */
export function jobLabel(spec: Pick<JobSpec, 'inputRoot' | 'files' | 'outputDir'>): string {
  const files = spec.files ?? []
  const input = files.length === 0 ? baseName(spec.inputRoot) : files.length === 1 ? baseName(files[0]) : `${baseName(files[0])} +${files.length - 1}`
  return `${input} → ${baseName(spec.outputDir)}`
}

/** Words for a job state, as shown in the queue. */
export const JOB_STATE_LABELS: Record<JobState, string> = {
  queued: 'Queued',
  running: 'Running',
  paused: 'Paused',
  done: 'Done',
  failed: 'Finished with errors',
  cancelled: 'Cancelled'
}
