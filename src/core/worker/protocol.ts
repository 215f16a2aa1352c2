import type { ErrorInfo } from '../../shared/errors'

/** Parent → engine process. */
export type ToWorker = { type: 'call'; id: number; method: string; args: unknown[] } | { type: 'cancel'; id: number }

/** Engine process → parent. */
export type FromWorker =
  | { type: 'ready' }
  | { type: 'progress'; id: number; payload: unknown }
  | { type: 'result'; id: number; value: unknown }
  | { type: 'error'; id: number; error: ErrorInfo }

/** A message channel to the other side: Node's `process.send` / `child.send`, or Electron's parentPort. */
export interface Port {
  send(message: unknown): void
  onMessage(listener: (message: unknown) => void): () => void
}

/** Context handed to a worker method: cancellation and progress back to the caller. */
export interface CallContext {
  signal: AbortSignal
  onProgress(payload: unknown): void
}

/** The methods an engine process offers. Arguments and results must be structured-clone/JSON data. */
export type WorkerMethods = Record<string, (args: unknown[], context: CallContext) => Promise<unknown>>
