/**
 * The inbox: how processes that do not hold the runner lock change the queue. Each command is one file,
 * written atomically; the lock holder turns it into journal records (tagged with the command id, so a
 * command replayed after a crash is applied once) and then deletes it.
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import { randomBytes } from 'node:crypto'
import { writeFileAtomic } from './atomic'
import type { FileEntry, JobSpec } from './types'

/** A change to the queue, from any process. */
export type QueueCommand =
  | { c: 'enqueue'; id: string; spec: JobSpec; files: FileEntry[]; at: number }
  | { c: 'pause' | 'resume' | 'cancel' | 'retry'; id: string; at: number }
  | { c: 'move'; id: string; position: number; at: number }

/** A command read back from the inbox; `cid` is its file name. */
export interface InboxItem {
  cid: string
  command: QueueCommand
}

/** Writes `command` into `dir`; the name sorts by time so the holder applies commands in order. */
export function sendCommand(dir: string, command: QueueCommand): string {
  fs.mkdirSync(dir, { recursive: true })
  const cid = `${String(Date.now()).padStart(15, '0')}-${process.pid}-${randomBytes(4).toString('hex')}.json`
  writeFileAtomic(path.join(dir, cid), JSON.stringify(command))
  return cid
}

/** Commands waiting in `dir`, oldest first (unreadable files are left for a later read). */
export function readInbox(dir: string): InboxItem[] {
  let names: string[]
  try {
    names = fs.readdirSync(dir).filter((n) => n.endsWith('.json') && !n.startsWith('.')).sort()
  } catch {
    return []
  }
  const items: InboxItem[] = []
  for (const cid of names) {
    try {
      items.push({ cid, command: JSON.parse(fs.readFileSync(path.join(dir, cid), 'utf8')) as QueueCommand })
    } catch {
      // a file being renamed into place by another process: next poll
    }
  }
  return items
}

/** Deletes an applied command. */
export function removeCommand(dir: string, cid: string): void {
  fs.rmSync(path.join(dir, cid), { force: true })
}
