/**
 * The loop behind `JobQueue.run()`: take the runner lock when free (else watch the journal and retry),
 * process files one at a time, and meanwhile (every poll period) refresh the heartbeat and apply inbox
 * commands, aborting the file in flight when its job is cancelled.
 */
import type { JobQueue } from './queue'
import { ProgressReader, progressFile } from './live-progress'
import { JobRunner } from './runner'

/** What `run()` should do. */
export interface RunOptions {
  /** Return once this job is done, failed or cancelled (otherwise: once nothing is runnable). */
  until?: string
  /** Keep running and waiting for new work until `signal` aborts (the app's mode). */
  keepAlive?: boolean
  /** Stops the run: the file in flight goes back to queued and the lock is released. */
  signal?: AbortSignal
  /** Called while another process holds the lock (this one watches). */
  onWaiting?: (holder: { pid?: number; host?: string }) => void
}

/** Resolves after `ms`, or at once when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve()
    const timer = setTimeout(done, ms)
    function done(): void {
      clearTimeout(timer)
      signal?.removeEventListener('abort', done)
      resolve()
    }
    signal?.addEventListener('abort', done, { once: true })
  })
}

/** Runs `queue` as described by `options` (see `JobQueue.run`). */
export async function runLoop(queue: JobQueue, options: RunOptions): Promise<void> {
  const { signal, until } = options
  let timer: NodeJS.Timeout | undefined
  let lost = false
  const progress = new ProgressReader(progressFile(queue.store.dir))
  const stop = (): void => queue.runner?.abortCurrent('stop')
  signal?.addEventListener('abort', stop)

  const tick = (): void => {
    if (!queue.store.writable || lost) return
    if (!queue.lock.heartbeat()) {
      lost = true
      queue.store.detach()
      stop()
      return
    }
    if (!queue.runner?.busy) queue.store.sync()
    const changed = queue.store.ingestInbox()
    for (const id of changed) {
      const job = queue.store.state.jobs.get(id)
      if (!job) continue
      queue.changed(job)
      if (job.control === 'cancelled') queue.runner?.abortCurrent('cancel', id)
    }
    // A job cancelled while not running finishes without a file: its report is written here.
    if (changed.length) queue.runner?.reconcileReports()
  }
  const leave = (): void => {
    clearInterval(timer)
    timer = undefined
    queue.runner = undefined
    queue.store.closeWrite()
    if (!lost) queue.lock.release()
    lost = false
  }

  try {
    while (!signal?.aborted) {
      if (!queue.lock.held && !queue.lock.tryAcquire()) {
        queue.refresh()
        const live = progress.read()
        if (live) queue.options.emit?.('jobs:progress', live)
        if (until && queue.isTerminal(until)) return
        const holder = queue.lock.holder()?.info
        options.onWaiting?.({ pid: holder?.pid, host: holder?.host })
        await sleep(queue.pollMs, signal)
        continue
      }
      if (!queue.store.writable) {
        queue.store.openForWrite()
        queue.runner = new JobRunner({
          store: queue.store,
          processor: queue.options.processor,
          emit: queue.options.emit ?? (() => undefined),
          runInfo: queue.options.runInfo ?? (() => ({ backend: 'unknown' })),
          onChanged: (job, file) => queue.changed(job, file),
          now: queue.options.now
        })
        queue.runner.reconcileReports()
        queue.announce()
        timer = setInterval(tick, queue.pollMs)
      }
      tick()
      if (lost) {
        leave()
        continue
      }
      if (until && (queue.isTerminal(until) || !queue.store.state.jobs.has(until))) return
      const worked = await queue.runner!.processNext()
      if (lost) leave()
      else if (!worked) {
        queue.store.sync()
        if (!until && !options.keepAlive) return
        await sleep(queue.pollMs, signal)
      }
    }
  } finally {
    signal?.removeEventListener('abort', stop)
    if (queue.store.writable) leave()
  }
}
