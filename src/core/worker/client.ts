import { fork, type ChildProcess } from 'node:child_process'
import { CodedError } from '../../shared/errors'
import type { FromWorker, ToWorker } from './protocol'

/** Options of one call into the engine process. */
export interface WorkerCallOptions {
  signal?: AbortSignal
  onProgress?: (payload: unknown) => void
}

interface Pending {
  resolve(value: unknown): void
  reject(error: unknown): void
  onProgress?: (payload: unknown) => void
}

/**
 * The parent side of the engine process (DESIGN.md §2): starts it on first use, forwards calls, progress and
 * cancellation, and turns a crash (OOM, kill) into `engine-crashed` errors for the calls in flight. The next call
 * starts a fresh process, so a crash never takes the app down.
 */
export class WorkerClient {
  private child: ChildProcess | undefined
  private ready: Promise<void> | undefined
  private nextId = 1
  private readonly pending = new Map<number, Pending>()
  private starting = false

  /**
   * @param entry - the worker script (a .ts file is run through tsx)
   * @param env - extra environment for the engine process (e.g. CVDM_BACKEND)
   */
  constructor(
    private readonly entry: string,
    private readonly env: NodeJS.ProcessEnv = {}
  ) {}

  /** Calls `method` in the engine process. Rejects with the worker's coded error, `cancelled` or `engine-crashed`. */
  async call<T>(method: string, args: unknown[], options: WorkerCallOptions = {}): Promise<T> {
    if (options.signal?.aborted) throw new CodedError('cancelled', 'Cancelled before it started.')
    const child = await this.start()
    const id = this.nextId++
    return new Promise<T>((resolve, reject) => {
      const onAbort = (): void => void child.send({ type: 'cancel', id } satisfies ToWorker)
      options.signal?.addEventListener('abort', onAbort, { once: true })
      const done = (): void => options.signal?.removeEventListener('abort', onAbort)
      this.pending.set(id, {
        resolve: (v) => (done(), resolve(v as T)),
        reject: (e) => (done(), reject(e)),
        onProgress: options.onProgress
      })
      this.hold(child)
      child.send({ type: 'call', id, method, args } satisfies ToWorker)
    })
  }

  /** The engine process's pid while it runs (for tests and diagnostics). */
  get pid(): number | undefined {
    return this.child?.pid
  }

  /** Stops the engine process; calls in flight fail with `cancelled`. */
  async dispose(): Promise<void> {
    const child = this.child
    this.failAll(new CodedError('cancelled', 'The engine process was stopped.'))
    if (child && child.exitCode === null) {
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve())
        child.ref() // an idle child is unref'd: without this the parent could exit before 'exit' arrives
        child.kill()
      })
    }
  }

  private start(): Promise<ChildProcess> {
    if (this.child && this.ready) return this.ready.then(() => this.child as ChildProcess)
    const execArgv = this.entry.endsWith('.ts') ? ['--require', 'tsx/cjs'] : []
    // Electron's main process forks its own binary: make the child a plain Node process.
    const electron = process.versions.electron ? { ELECTRON_RUN_AS_NODE: '1' } : {}
    const child = fork(this.entry, [], { execArgv, env: { ...process.env, ...electron, ...this.env }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
    this.child = child
    this.starting = true
    this.hold(child)
    this.ready = new Promise<void>((resolve, reject) => {
      child.once('error', reject)
      child.on('message', (raw) => {
        const message = raw as FromWorker
        if (message.type === 'ready') {
          this.starting = false
          this.hold(child)
          return resolve()
        }
        const pending = this.pending.get(message.id)
        if (!pending) return
        if (message.type === 'progress') return pending.onProgress?.(message.payload)
        this.pending.delete(message.id)
        this.hold(child)
        if (message.type === 'result') pending.resolve(message.value)
        else pending.reject(new CodedError(message.error.code, message.error.message))
      })
      child.once('exit', (code, signal) => {
        if (this.child === child) {
          this.child = undefined
          this.ready = undefined
          this.starting = false
        }
        // The Linux OOM killer sends SIGKILL: say so, since it is the usual reason.
        const why = signal === 'SIGKILL' ? 'was killed (SIGKILL: out of memory, or stopped by someone)' : signal ? `was killed (${signal})` : `exited with code ${code}`
        this.failAll(new CodedError('engine-crashed', `The engine process ${why}; the work in flight was lost and will be retried on the next run.`))
        reject(new CodedError('engine-crashed', `The engine process ${why} while starting.`))
      })
    })
    return this.ready.then(() => child)
  }

  /**
   * An idle engine process must not keep its parent alive (a CLI exits when its work is done; the child then sees
   * 'disconnect' and exits too); one with calls in flight, or starting, must.
   */
  private hold(child: ChildProcess): void {
    if (this.pending.size > 0 || this.starting) {
      child.ref()
      child.channel?.ref()
    } else {
      child.unref()
      child.channel?.unref()
    }
  }

  private failAll(error: CodedError): void {
    const pending = [...this.pending.values()]
    this.pending.clear()
    pending.forEach((p) => p.reject(error))
  }
}
