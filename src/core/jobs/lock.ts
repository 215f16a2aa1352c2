/**
 * The runner lock: at most one process runs the queue (writes the journal and processes files); others
 * enqueue through the inbox and watch by reading the journal. The lock file holds pid, host, start time and
 * the process's kernel start time (Linux), so a lock left by a killed process is recognised as stale even if
 * its pid was reused. The holder refreshes the file's mtime (heartbeat); a lock from another host (shared
 * folder) counts as stale only when its heartbeat is older than {@link REMOTE_STALE_MS}.
 */
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { randomBytes } from 'node:crypto'
import { pidAlive, tempPathFor } from './atomic'

/** What the lock file says. */
export interface LockInfo {
  pid: number
  host: string
  startedAt: number
  /** Linux: field 22 of /proc/<pid>/stat (start time in clock ticks since boot); guards against pid reuse. */
  procStart?: string
  token: string
}

/** A lock from another host is stale after this long without a heartbeat. */
export const REMOTE_STALE_MS = 120_000
/** An unreadable (half-written) lock file is stale after this long. */
const TORN_STALE_MS = 5_000

/** The kernel start time of `pid` on Linux (undefined elsewhere or when the process is gone). */
export function procStartOf(pid: number): string | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]
  } catch {
    return undefined
  }
}

function readLock(file: string): { info?: LockInfo; mtimeMs: number } | undefined {
  try {
    const mtimeMs = fs.statSync(file).mtimeMs
    try {
      return { info: JSON.parse(fs.readFileSync(file, 'utf8')) as LockInfo, mtimeMs }
    } catch {
      return { mtimeMs }
    }
  } catch {
    return undefined
  }
}

/** Is the lock described by `lock` held by a process that is gone? */
export function isStale(lock: { info?: LockInfo; mtimeMs: number }, now = Date.now()): boolean {
  const { info } = lock
  if (!info) return now - lock.mtimeMs > TORN_STALE_MS
  if (info.host !== os.hostname()) return now - lock.mtimeMs > REMOTE_STALE_MS
  if (!pidAlive(info.pid)) return true
  const start = procStartOf(info.pid)
  return !!(info.procStart && start && start !== info.procStart)
}

/** A lock file; one instance per would-be holder. */
export class QueueLock {
  private token: string | undefined

  /** @param file - the lock file path (its folder is created when needed) */
  constructor(readonly file: string) {}

  /** Is this instance the holder? */
  get held(): boolean {
    return this.token !== undefined
  }

  /** Who holds the lock now (undefined when free), and whether that holder is gone. */
  holder(): { info?: LockInfo; stale: boolean } | undefined {
    const lock = readLock(this.file)
    return lock && { info: lock.info, stale: isStale(lock) }
  }

  /** Takes the lock if it is free or stale; returns whether this instance now holds it. Never waits. */
  tryAcquire(): boolean {
    if (this.held) return true
    if (this.create()) return true
    const lock = readLock(this.file)
    if (lock && !isStale(lock)) return false
    // Stealing goes through a guard file so that two processes that both saw a stale lock cannot both win.
    const guard = `${this.file}.steal`
    try {
      fs.writeFileSync(guard, String(process.pid), { flag: 'wx' })
    } catch {
      const g = readLock(guard)
      if (g && Date.now() - g.mtimeMs > TORN_STALE_MS) fs.rmSync(guard, { force: true })
      return false
    }
    try {
      const again = readLock(this.file)
      if (again && !isStale(again)) return false
      fs.rmSync(this.file, { force: true })
      return this.create()
    } finally {
      fs.rmSync(guard, { force: true })
    }
  }

  private create(): boolean {
    const info: LockInfo = {
      pid: process.pid,
      host: os.hostname(),
      startedAt: Date.now(),
      procStart: procStartOf(process.pid),
      token: randomBytes(8).toString('hex')
    }
    // Written to a temp file and hard-linked into place: link is atomic and fails if the lock exists, so
    // the lock file is never seen half-written (a kill between create and write would leave it empty).
    const tmp = tempPathFor(this.file)
    fs.mkdirSync(path.dirname(this.file), { recursive: true })
    try {
      fs.writeFileSync(tmp, JSON.stringify(info))
      fs.linkSync(tmp, this.file)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
      if ((error as NodeJS.ErrnoException).code !== 'EPERM' && (error as NodeJS.ErrnoException).code !== 'ENOTSUP') throw error
      try {
        fs.writeFileSync(this.file, JSON.stringify(info), { flag: 'wx' })
      } catch (fallback) {
        if ((fallback as NodeJS.ErrnoException).code === 'EEXIST') return false
        throw fallback
      }
    } finally {
      fs.rmSync(tmp, { force: true })
    }
    this.token = info.token
    return true
  }

  /** Refreshes the heartbeat; returns false (and forgets the lock) if another process has taken it. */
  heartbeat(): boolean {
    if (!this.held) return false
    if (readLock(this.file)?.info?.token !== this.token) {
      this.token = undefined
      return false
    }
    const now = new Date()
    fs.utimesSync(this.file, now, now)
    return true
  }

  /** Releases the lock if this instance still holds it. */
  release(): void {
    if (this.held && readLock(this.file)?.info?.token === this.token) fs.rmSync(this.file, { force: true })
    this.token = undefined
  }
}
