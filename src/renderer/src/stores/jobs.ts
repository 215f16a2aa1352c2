import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { ErrorInfo } from '../../../shared/errors'
import type { JobAction } from '../../../shared/ipc/contract'
import type { FileSnapshot, JobChanged, JobProgress, JobRequest, JobSnapshot, JobSummary } from '../../../shared/jobs'
import { api } from '../api'

/** Progress of the file in flight, per job id (from `jobs:progress`). */
export type ProgressByJob = Record<string, JobProgress>

/**
 * The batch queue as the UI sees it: a projection of the host's queue (STYLE.md rule 34). `init()` subscribes to
 * `jobs:changed` / `jobs:progress` once and reconciles with `jobs:list`; the selected job is kept whole (every file).
 */
export const useJobsStore = defineStore('jobs', () => {
  const jobs = ref<JobSummary[]>([])
  const selectedId = ref<string>()
  const selected = shallowRef<JobSnapshot>()
  const progress = ref<ProgressByJob>({})
  const report = ref<string>()
  const error = ref<ErrorInfo>()
  const loading = ref(false)
  const busy = ref(false)
  let unsubscribers: (() => void)[] = []
  let selectToken = 0

  /** The jobs in queue order (position 0 runs first). */
  const ordered = computed(() => [...jobs.value].sort((a, b) => a.position - b.position))
  const selectedProgress = computed(() => (selectedId.value ? progress.value[selectedId.value] : undefined))

  const keep = <T>(result: { ok: true; value: T } | { ok: false; error: ErrorInfo }): T | undefined => {
    if (result.ok) {
      error.value = undefined
      return result.value
    }
    error.value = result.error
    return undefined
  }

  function upsert(summary: JobSummary): void {
    const at = jobs.value.findIndex((j) => j.id === summary.id)
    if (at < 0) jobs.value = [...jobs.value, summary]
    else jobs.value = jobs.value.map((j, i) => (i === at ? summary : j))
  }

  /** Applies a `jobs:changed` event: new summary, and the one changed file merged into the selected job. */
  function applyChanged(event: JobChanged): void {
    upsert(event.job)
    const current = selected.value
    if (current && current.id === event.job.id) {
      const files = event.file ? mergeFile(current.files, event.file) : current.files
      selected.value = { ...event.job, files }
    }
    // A file that left `running` has no progress any more; a job that is not running has none at all.
    const live = progress.value[event.job.id]
    if (live && (event.job.state !== 'running' || (event.file && event.file.index === live.file.index && event.file.status !== 'running'))) {
      const { [event.job.id]: _gone, ...rest } = progress.value
      progress.value = rest
    }
  }

  /** Applies a `jobs:progress` event (latest wins; a late event for a finished file is ignored). */
  function applyProgress(event: JobProgress): void {
    const file = selected.value?.id === event.jobId ? selected.value.files.find((f) => f.index === event.file.index) : undefined
    if (file && file.status !== 'running' && file.status !== 'queued') return
    progress.value = { ...progress.value, [event.jobId]: event }
  }

  /** Subscribes to queue events (once), loads the queue and, when none is selected, selects the running (or next) job. */
  async function init(): Promise<void> {
    if (unsubscribers.length === 0) unsubscribers = [api.jobs.onChanged(applyChanged), api.jobs.onProgress(applyProgress)]
    await refresh()
    const first = ordered.value.find((j) => j.state === 'running') ?? ordered.value[0]
    if (!selectedId.value && first) await select(first.id)
  }

  /** Re-reads the queue (and the selected job). */
  async function refresh(): Promise<void> {
    loading.value = true
    const list = keep(await api.jobs.list())
    loading.value = false
    if (list) jobs.value = list
    if (selectedId.value) await select(selectedId.value)
  }

  /** Stops listening to queue events. */
  function dispose(): void {
    for (const off of unsubscribers) off()
    unsubscribers = []
  }

  /** Selects a job and loads all of its files. */
  async function select(jobId: string): Promise<void> {
    const token = ++selectToken
    if (selectedId.value !== jobId) report.value = undefined
    selectedId.value = jobId
    const result = await api.jobs.get(jobId)
    if (token !== selectToken) return
    const snapshot = keep(result)
    if (snapshot) selected.value = snapshot
  }

  /** Adds a job; selects it and returns it (undefined when the host refused: see `error`). */
  async function enqueue(request: JobRequest): Promise<JobSummary | undefined> {
    busy.value = true
    const job = keep(await api.jobs.enqueue(request))
    busy.value = false
    if (!job) return undefined
    upsert(job)
    await select(job.id)
    return job
  }

  /** Pauses, resumes, cancels or retries a job. */
  async function control(jobId: string, action: JobAction): Promise<boolean> {
    const result = await api.jobs.control(jobId, action)
    keep(result)
    return result.ok
  }

  /** Moves a job `delta` places in the queue (−1 = earlier); the host's `jobs:changed` events bring the new order. */
  async function move(jobId: string, delta: number): Promise<void> {
    const job = jobs.value.find((j) => j.id === jobId)
    if (!job) return
    const position = Math.min(Math.max(0, job.position + delta), jobs.value.length - 1)
    if (position === job.position) return
    const result = await api.jobs.move(jobId, position)
    keep(result)
    if (result.ok) await refresh()
  }

  /** Loads the selected job's run report (Markdown). */
  async function loadReport(jobId: string): Promise<void> {
    const text = keep(await api.jobs.report(jobId))
    if (text !== undefined) report.value = text
  }

  return {
    jobs, selectedId, selected, progress, report, error, loading, busy, ordered, selectedProgress,
    init, refresh, dispose, select, enqueue, control, move, loadReport, applyChanged, applyProgress
  }
})

/** Replaces (or adds) one file in a job's file list, by index, keeping the list in index order. */
export function mergeFile(files: FileSnapshot[], file: FileSnapshot): FileSnapshot[] {
  const at = files.findIndex((f) => f.index === file.index)
  if (at >= 0) return files.map((f, i) => (i === at ? file : f))
  return [...files, file].sort((a, b) => a.index - b.index)
}

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useJobsStore, import.meta.hot))
