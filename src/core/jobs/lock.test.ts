import { spawnSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { isStale, procStartOf, QueueLock, REMOTE_STALE_MS } from './lock'
import { tempWorkspace } from './testing/fixtures'

const cleanups: (() => void)[] = []
afterEach(() => cleanups.splice(0).forEach((c) => c()))
function lockFile(): string {
  const ws = tempWorkspace()
  cleanups.push(ws.cleanup)
  fs.mkdirSync(ws.home)
  return path.join(ws.home, 'runner.lock')
}
/** A pid that is certainly dead: a child that has exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid!
}

describe('runner lock', () => {
  it('admits one holder; a second instance waits; release frees it', () => {
    const file = lockFile()
    const a = new QueueLock(file)
    const b = new QueueLock(file)
    expect(a.tryAcquire()).toBe(true)
    expect(b.tryAcquire()).toBe(false)
    expect(b.holder()).toMatchObject({ info: { pid: process.pid, host: os.hostname() }, stale: false })
    expect(a.heartbeat()).toBe(true)
    a.release()
    expect(b.tryAcquire()).toBe(true)
    expect(a.heartbeat()).toBe(false)
    b.release()
    expect(fs.existsSync(file)).toBe(false)
  })

  it('takes over a lock whose pid is dead, or whose pid was reused (start time differs)', () => {
    const file = lockFile()
    const write = (info: object): void => fs.writeFileSync(file, JSON.stringify({ host: os.hostname(), startedAt: 0, token: 'x', ...info }))
    write({ pid: deadPid() })
    const lock = new QueueLock(file)
    expect(lock.tryAcquire()).toBe(true)
    lock.release()
    if (procStartOf(process.pid)) {
      write({ pid: process.pid, procStart: '1' })
      expect(lock.tryAcquire()).toBe(true)
      lock.release()
    }
    write({ pid: process.pid, procStart: procStartOf(process.pid) })
    expect(lock.tryAcquire()).toBe(false)
  })

  it('a holder that lost its lock notices on heartbeat', () => {
    const file = lockFile()
    const a = new QueueLock(file)
    a.tryAcquire()
    fs.writeFileSync(file, JSON.stringify({ pid: process.pid, host: os.hostname(), startedAt: 0, token: 'other' }))
    expect(a.heartbeat()).toBe(false)
    expect(a.held).toBe(false)
  })

  it('judges locks from other hosts by heartbeat age, torn lock files by age', () => {
    const now = Date.now()
    const remote = { pid: 1, host: 'elsewhere', startedAt: 0, token: 't' }
    expect(isStale({ info: remote, mtimeMs: now - 1000 }, now)).toBe(false)
    expect(isStale({ info: remote, mtimeMs: now - REMOTE_STALE_MS - 1 }, now)).toBe(true)
    expect(isStale({ mtimeMs: now - 1000 }, now)).toBe(false)
    expect(isStale({ mtimeMs: now - 60_000 }, now)).toBe(true)
  })
})
