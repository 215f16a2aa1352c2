/**
 * The batch queue inside an app host: runs it while this process holds the runner lock (so `jobs:*` events reach
 * the UI at once); when another process (a `cvdm batch`) holds it, the same loop watches the journal, relays that
 * process's progress, and changes go through the queue's inbox. Takes over when the lock frees.
 */
import type { FileProcessor, JobsEmit } from '../../shared/jobs'
import { JobQueue, type RunInfo } from '../jobs'

/** A queue being run (or watched) by this host. */
export interface JobsHost {
  queue: JobQueue
  /** Stops the loop (the file in flight goes back to queued) and releases the lock. */
  dispose(): Promise<void>
}

/** Options of {@link startJobsHost}. */
export interface JobsHostOptions {
  /** Job store folder (default: `<appHome>/jobs`). */
  dir?: string
  processor: FileProcessor
  runInfo: () => RunInfo
  emit: JobsEmit
  /** Called if the loop itself fails (a bug or a broken store); the UI keeps working for viewing. */
  onError?: (error: unknown) => void
  pollMs?: number
}

/** Starts running the queue in the background until {@link JobsHost.dispose}. */
export function startJobsHost(options: JobsHostOptions): JobsHost {
  const queue = new JobQueue({ dir: options.dir, processor: options.processor, emit: options.emit, runInfo: options.runInfo, pollMs: options.pollMs })
  const stop = new AbortController()
  const running = queue.run({ keepAlive: true, signal: stop.signal }).catch((error: unknown) => options.onError?.(error))
  return {
    queue,
    dispose: async () => {
      stop.abort()
      await running
      await queue.dispose()
    }
  }
}
