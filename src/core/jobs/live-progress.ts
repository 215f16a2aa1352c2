/**
 * Live progress for watchers: the runner publishes its latest `jobs:progress` payload to `progress.json` in
 * the store (at most twice a second, renamed into place, not fsynced: it is a view, never state), and
 * processes that watch the queue re-emit it. Losing it in a crash loses nothing.
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import { tempPathFor } from './atomic'
import type { JobProgress } from './types'

/** Minimum ms between two writes of the progress file. */
const PUBLISH_EVERY_MS = 500
/** Progress older than this is not re-emitted. */
const STALE_MS = 10_000

/** The progress file of a store folder. */
export function progressFile(storeDir: string): string {
  return path.join(storeDir, 'progress.json')
}

/** Writer side: publishes progress, throttled. */
export class ProgressPublisher {
  private last = -Infinity

  /** @param file - the progress file path */
  constructor(private readonly file: string) {}

  /** Publishes `progress` unless the last write was too recent (a finished file is always published). */
  publish(progress: JobProgress): void {
    const now = performance.now()
    if (now - this.last < PUBLISH_EVERY_MS && progress.file.fraction < 1) return
    this.last = now
    const tmp = tempPathFor(this.file)
    try {
      fs.writeFileSync(tmp, JSON.stringify({ at: Date.now(), progress }))
      fs.renameSync(tmp, this.file)
    } catch {
      fs.rmSync(tmp, { force: true })
    }
  }
}

/** Reader side: returns progress published since the last read (undefined when nothing new). */
export class ProgressReader {
  private lastAt = 0

  /** @param file - the progress file path */
  constructor(private readonly file: string) {}

  /** The newest progress, if it changed since the last call. */
  read(): JobProgress | undefined {
    try {
      const { at, progress } = JSON.parse(fs.readFileSync(this.file, 'utf8')) as { at: number; progress: JobProgress }
      // Stale progress (the runner died or went idle long ago) is not news.
      if (at === this.lastAt || Date.now() - at > STALE_MS) return undefined
      this.lastAt = at
      return progress
    } catch {
      return undefined
    }
  }
}
