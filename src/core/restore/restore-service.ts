/**
 * Restore runs started from the UI (`restore:start` / `restore:cancel`, DESIGN.md §2): validates a request, queues
 * it (one run at a time), runs it in the engine worker process through {@link RestoreEngine} and reports progress and
 * the outcome as events. Path permissions (allowed roots) are the host's job.
 */
import { randomUUID } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import path from 'node:path'
import { CodedError, toErrorInfo } from '../../shared/errors'
import { restoreRequestField } from '../../shared/ipc/validate-requests'
import type { RestoreFinished, RestoreProgressEvent, RestoreRequest, RestoreStarted } from '../../shared/restore'
import type { ModelDirs } from '../models'
import { RestoreEngine } from './engine-host'
import type { EngineRestoreJob } from './engine-job'
import { outputPathsFor } from './output-paths'
import { restoreDefaults, previewSuffix } from './restore-request'

/** Options of {@link RestoreService}. */
export interface RestoreServiceOptions {
  /** Where models are found (see src/core/models/locate.ts). */
  modelDirs: ModelDirs
  /** Default output folder (ROI/plane previews), created on demand. */
  previewsDir: string
  app: { name: string; version: string }
  /** Default true: run in a forked engine worker; false: in-process (tests). */
  inWorker?: boolean
}

/** Where a run reports to. */
export interface RestoreEvents {
  progress(e: RestoreProgressEvent): void
  finished(e: RestoreFinished): void
}

interface Run {
  controller: AbortController
}

/** The app's restore runs: a FIFO of one-at-a-time runs on one engine worker. */
export class RestoreService {
  private readonly engine: RestoreEngine
  private readonly runs = new Map<string, Run>()
  private tail: Promise<void> = Promise.resolve()
  private disposed = false

  constructor(private readonly options: RestoreServiceOptions) {
    this.engine = new RestoreEngine({ inWorker: options.inWorker ?? true })
  }

  /**
   * Validates the request (bad-request for nonsense), queues it (runs one at a time) and returns at once.
   * @throws CodedError `bad-request` (invalid request), `cancelled` (service disposed)
   */
  start(request: RestoreRequest, events: RestoreEvents): RestoreStarted {
    if (this.disposed) throw new CodedError('cancelled', 'The restore service has stopped.')
    const checked = restoreRequestField('request', request)
    if (!path.isAbsolute(checked.input)) throw new CodedError('bad-request', `request.input must be an absolute path, got "${checked.input}".`)
    if (checked.outputDir !== undefined && !path.isAbsolute(checked.outputDir)) {
      throw new CodedError('bad-request', `request.outputDir must be an absolute path, got "${checked.outputDir}".`)
    }
    const runId = randomUUID()
    const run: Run = { controller: new AbortController() }
    this.runs.set(runId, run)
    this.tail = this.tail.then(() => this.execute(runId, checked, run, events))
    return { runId }
  }

  /** Cancels a queued or running run; it then finishes with ok:false, error.code 'cancelled'. Unknown ids: no-op. */
  cancel(runId: string): void {
    this.runs.get(runId)?.controller.abort()
  }

  /** Cancels every run and kills the worker. */
  async dispose(): Promise<void> {
    this.disposed = true
    for (const run of this.runs.values()) run.controller.abort()
    await this.engine.dispose()
    await this.tail
  }

  private async execute(runId: string, request: RestoreRequest, run: Run, events: RestoreEvents): Promise<void> {
    const started = Date.now()
    try {
      if (run.controller.signal.aborted) throw new CodedError('cancelled', 'The restore was cancelled before it started.')
      const outDir = request.outputDir ?? this.options.previewsDir
      await mkdir(outDir, { recursive: true }).catch((error: unknown) => {
        throw new CodedError('io-error', `Cannot create the output folder ${outDir}: ${(error as Error).message}`, { cause: error })
      })
      const job: EngineRestoreJob = {
        ...restoreDefaults(request),
        input: request.input,
        outDir,
        onExists: request.onExists ?? (request.outputDir ? 'skip' : 'rename'),
        ...(request.polygon ? { polygon: request.polygon } : {}),
        suffix: previewSuffix(request),
        modelDirs: this.options.modelDirs,
        app: this.options.app
      }
      events.progress({ runId, fraction: 0, note: 'starting the engine', elapsedMs: 0, etaMs: null })
      const result = await this.engine.restore(job, {
        signal: run.controller.signal,
        onProgress: (p) =>
          events.progress({
            runId,
            fraction: p.fraction,
            note: p.planes > 1 ? `plane ${Math.min(p.plane + 1, p.planes)} of ${p.planes}` : undefined,
            elapsedMs: Date.now() - started,
            etaMs: p.etaSeconds === undefined ? null : Math.round(p.etaSeconds * 1000)
          })
      })
      const outputs = result.outputs ? { main: result.outputs.main, std: result.outputs.wroteStd ? result.outputs.std : undefined } : existingOutputs(job, result)
      events.finished({
        runId,
        ok: true,
        outputs: { main: outputs.main, ...(outputs.std ? { std: outputs.std } : {}) },
        modelId: result.modelId,
        backend: result.backend,
        elapsedMs: Date.now() - started
      })
    } catch (error) {
      const info = toErrorInfo(run.controller.signal.aborted ? new CodedError('cancelled', 'The restore was cancelled.') : error)
      events.finished({ runId, ok: false, error: info })
    } finally {
      this.runs.delete(runId)
    }
  }
}

/** A skipped run (outputs exist, onExists 'skip') reports the existing files. */
function existingOutputs(job: EngineRestoreJob, result: { skipped: boolean }): { main: string; std?: string } {
  if (!result.skipped) throw new CodedError('internal', 'The engine returned no outputs.')
  const paths = outputPathsFor(job.input, job.outDir, job.suffix)
  return { main: paths.main, ...(existsSync(paths.std) ? { std: paths.std } : {}) }
}
