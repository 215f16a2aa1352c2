/**
 * The fine-tuning service the hosts call (`finetune:*` messages, `cvdm train --pairs`): one run at a time, in a
 * forked engine process by default (a crash or out-of-memory never takes the app down) or in-process.
 */
import { randomUUID } from 'node:crypto'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { CodedError, toErrorInfo } from '../../shared/errors'
import type { FineTuneEval, FineTuneFinished, FineTuneProgress, FineTuneRequest, FineTuneStarted, ResumableRun } from '../../shared/finetune'
import { checkModelId, type ModelRegistry } from '../models'
import { WorkerClient } from '../worker'
import { runFineTune, type FineTuneOptions } from './finetune-run'
import { listResumableRuns } from './finetune-runs'

/** Where a run's events go. */
export interface FineTuneEvents {
  progress(e: FineTuneProgress): void
  eval(e: FineTuneEval): void
  finished(e: FineTuneFinished): void
}

/** Arguments of the engine process's `finetune` method (plain data). */
export interface FineTuneWorkerArgs {
  runId: string
  options: FineTuneOptions
  shippedDir: string
  userDir: string
  workDir: string
}

/** The worker entry beside this file (.ts under tsx/vitest, .js when compiled). */
function defaultWorkerEntry(): string {
  const ts = path.join(__dirname, 'finetune-worker.ts')
  return existsSync(ts) ? ts : path.join(__dirname, 'finetune-worker.js')
}

interface Running {
  runId: string
  name: string
  stop: AbortController
  cancel: AbortController
  done: Promise<void>
}

/** Starts, stops and reports fine-tuning runs (one at a time). */
export class FineTuneService {
  private running: Running | undefined
  private client: WorkerClient | undefined

  /**
   * @param options.workDir - folder for the runs' checkpoints and logs (under the app data folder)
   * @param options.inWorker - run in a forked engine process (default true)
   * @param options.workerEntry - the worker script (default: finetune-worker beside this file)
   */
  constructor(private readonly options: { registry: ModelRegistry; workDir: string; inWorker?: boolean; workerEntry?: string }) {}

  /**
   * Starts a run (or resumes the interrupted run of the same name and settings); events follow.
   * @throws CodedError `busy` while another run is active, `bad-request` for an invalid name
   */
  start(request: FineTuneRequest | FineTuneOptions, events: FineTuneEvents): FineTuneStarted {
    if (this.running) throw new CodedError('busy', 'A fine-tuning run is already active; stop it or wait for it to finish.')
    checkModelId(request.name)
    const runId = randomUUID()
    const stop = new AbortController()
    const cancel = new AbortController()
    const work = this.options.inWorker === false ? this.runHere(runId, request, events, stop, cancel) : this.runInWorker(runId, request, events, stop)
    const done = work.then(
      (finished) => events.finished(finished),
      (error: unknown) => events.finished({ runId, ok: false, error: toErrorInfo(error) })
    )
    this.running = { runId, name: request.name, stop, cancel, done: done.finally(() => (this.running = undefined)) }
    return { runId }
  }

  /**
   * Stops a run: it finishes with the best weights so far (if any evaluation after the start happened), else it
   * ends `cancelled` and can be resumed later.
   * @throws CodedError `not-found` when no run with this id is active
   */
  stop(runId: string): void {
    if (this.running?.runId !== runId) throw new CodedError('not-found', `No active fine-tuning run ${runId}.`)
    this.running.stop.abort()
  }

  /** Interrupted runs whose checkpoints are on disk (the active run left out), newest first. */
  listRuns(): Promise<ResumableRun[]> {
    return listResumableRuns(this.options.workDir, this.running ? [this.running.name] : [])
  }

  /** Ends the active run without registering anything (its checkpoints stay for a later resume) and the worker. */
  async dispose(): Promise<void> {
    const running = this.running
    running?.cancel.abort()
    const client = this.client
    this.client = undefined
    await client?.dispose()
    await running?.done
  }

  private runHere(runId: string, request: FineTuneOptions, events: FineTuneEvents, stop: AbortController, cancel: AbortController): Promise<FineTuneFinished> {
    return runFineTune(runId, request, this.options.registry, this.options.workDir, {
      stopSignal: stop.signal,
      cancelSignal: cancel.signal,
      onProgress: (e) => events.progress(e),
      onEval: (e) => events.eval(e)
    })
  }

  private async runInWorker(runId: string, request: FineTuneOptions, events: FineTuneEvents, stop: AbortController): Promise<FineTuneFinished> {
    this.client ??= new WorkerClient(this.options.workerEntry ?? defaultWorkerEntry())
    const args: FineTuneWorkerArgs = {
      runId,
      options: request,
      shippedDir: this.options.registry.shippedDir,
      userDir: this.options.registry.userDir,
      workDir: this.options.workDir
    }
    return this.client.call<FineTuneFinished>('finetune', [args], {
      signal: stop.signal,
      onProgress: (payload) => {
        const p = payload as { kind: 'progress'; event: FineTuneProgress } | { kind: 'eval'; event: FineTuneEval }
        if (p.kind === 'progress') events.progress(p.event)
        else events.eval(p.event)
      }
    })
  }
}
