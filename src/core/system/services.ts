/**
 * The domain services the handler table calls, as the narrow interfaces it needs (the real classes live in
 * core/restore, core/models, core/training and core/jobs; tests pass small fakes).
 */
import type { FineTuneEval, FineTuneFinished, FineTuneProgress, FineTuneRequest, FineTuneStarted, PairReport, ResumableRun } from '../../shared/finetune'
import type { JobRequest, JobSnapshot, JobSummary } from '../../shared/jobs'
import type { ModelInfo } from '../../shared/models'
import type { RestoreFinished, RestoreProgressEvent, RestoreRequest, RestoreStarted } from '../../shared/restore'

/** Restore runs started from the UI (core/restore's RestoreService). */
export interface RestoreRuns {
  start(request: RestoreRequest, events: { progress(e: RestoreProgressEvent): void; finished(e: RestoreFinished): void }): RestoreStarted
  cancel(runId: string): void
  dispose(): Promise<void>
}

/** The model registry (core/models' ModelRegistry). */
export interface ModelCatalog {
  list(): Promise<ModelInfo[]>
  get(id: string): Promise<ModelInfo>
  importModel(source: string): Promise<ModelInfo>
  exportModel(id: string, folder: string): Promise<string>
  remove(id: string): Promise<void>
}

/** Fine-tuning runs (core/training's FineTuneService). */
export interface FineTuneRuns {
  start(
    request: FineTuneRequest,
    events: { progress(e: FineTuneProgress): void; eval(e: FineTuneEval): void; finished(e: FineTuneFinished): void }
  ): FineTuneStarted
  stop(runId: string): void
  /** Interrupted runs with checkpoints on disk (resumed by starting the same request again). */
  listRuns(): Promise<ResumableRun[]>
  dispose(): Promise<void>
}

/** Pair discovery (core/training's discoverPairs). */
export type PairFinder = (lowDir: string, highDir: string) => Promise<PairReport>

/** The batch queue as the UI drives it (core/jobs' JobQueue satisfies it). */
export interface JobsControl {
  list(): JobSummary[]
  get(id: string): JobSnapshot | undefined
  enqueue(request: JobRequest): { id: string; files: number }
  pause(id: string): void
  resume(id: string): void
  cancel(id: string): void
  retry(id: string): void
  move(id: string, position: number): void
}

/** Every domain service; a host that lacks one answers its channels with a coded error. */
export interface DomainServices {
  restore: RestoreRuns
  models: ModelCatalog
  finetune: FineTuneRuns
  discoverPairs: PairFinder
  jobs: JobsControl
  /** Backend and model hash for run reports. */
  runInfo: () => { backend: string; modelHash?: string }
}
