/**
 * The job store in one folder: `journal.jsonl` (state), `inbox/` (commands from other processes) and
 * `runner.lock`. The lock holder opens it for writing; everyone else follows the journal read-only.
 */
import * as path from 'node:path'
import { removeStaleTemps, removeStaleTempsIn } from './atomic'
import { progressFile } from './live-progress'
import { readInbox, removeCommand, sendCommand, type QueueCommand } from './inbox'
import { JournalTail, JournalWriter } from './journal'
import { applyRecord, emptyState, newFile, replay, snapshotRecords, type JournalRecord, type QueueState } from './records'

/** Compact when the journal holds this many more records than a fresh snapshot would. */
export const DEFAULT_COMPACT_EVERY = 2000

/** Turns a command into journal records against the current state ([] when its job is unknown). */
export function commandRecords(state: QueueState, command: QueueCommand, cid?: string): JournalRecord[] {
  const { id, at } = command
  const tag = cid ? { cid } : {}
  if (command.c === 'enqueue') {
    if (state.jobs.has(id)) return [{ k: 'resume', id, files: command.files, at, ...tag }]
    const files = command.files.map((e, i) => newFile(e, i))
    return [{ k: 'job', job: { id, spec: command.spec, createdAt: at, updatedAt: at, control: 'active', files }, ...tag }]
  }
  if (!state.jobs.has(id)) return []
  switch (command.c) {
    case 'pause':
      return [{ k: 'control', id, control: 'paused', at, ...tag }]
    case 'resume':
      return [{ k: 'control', id, control: 'active', at, ...tag }]
    case 'cancel':
      return [{ k: 'control', id, control: 'cancelled', at, ...tag }]
    case 'retry':
      return [{ k: 'retry', id, at, ...tag }]
    case 'move':
      return [{ k: 'move', id, position: command.position, at, ...tag }]
  }
}

/** A store folder, read by anyone and written only by the lock holder. */
export class JobStore {
  /** The current state (rebuilt from the journal). */
  state: QueueState = emptyState()
  readonly journalFile: string
  readonly inboxDir: string
  readonly lockFile: string
  private writer: JournalWriter<JournalRecord> | undefined
  /** Set when the lock was lost: late writes of this process are dropped, the journal belongs to another. */
  private detached = false
  private tail: JournalTail<JournalRecord>

  /**
   * @param dir - the store folder (created on first write)
   * @param compactEvery - compaction threshold in records
   */
  constructor(readonly dir: string, private readonly compactEvery = DEFAULT_COMPACT_EVERY) {
    this.journalFile = path.join(dir, 'journal.jsonl')
    this.inboxDir = path.join(dir, 'inbox')
    this.lockFile = path.join(dir, 'runner.lock')
    this.tail = new JournalTail(this.journalFile)
  }

  /** Is this store open for writing (the caller holds the lock)? */
  get writable(): boolean {
    return this.writer !== undefined
  }

  /** Reader mode: applies records appended since the last refresh; returns whether anything changed. */
  refresh(): boolean {
    if (this.writer) return false
    const { reset, records } = this.tail.poll()
    if (reset) this.state = replay(records)
    else for (const r of records) applyRecord(this.state, r)
    return reset || records.length > 0
  }

  /**
   * Writer mode (call only while holding the lock): loads the journal, cuts a torn tail, removes stale temp
   * files of the store, and marks files that were running when the last holder died as queued again.
   */
  openForWrite(now = Date.now()): void {
    this.detached = false
    const writer = new JournalWriter<JournalRecord>(this.journalFile)
    this.state = replay(writer.open())
    this.writer = writer
    removeStaleTemps([this.journalFile, this.lockFile, progressFile(this.dir)])
    removeStaleTempsIn(this.inboxDir, (name) => name.endsWith('.json'))
    const requeue: JournalRecord[] = []
    for (const job of this.state.jobs.values()) {
      for (const f of job.files) if (f.status === 'running') requeue.push({ k: 'file', id: job.id, i: f.index, s: 'queued', at: now, reason: 'interrupted' })
    }
    this.commit(requeue)
  }

  /**
   * Appends records, then applies them. `durable` (default) fsyncs them; `false` leaves that to the next
   * durable commit or {@link JobStore.sync} (the runner journals a file's outcome unsynced and the next file's
   * start synced: one fsync per file, and a power cut still loses at most the file in flight).
   */
  commit(records: JournalRecord[], durable = true): void {
    if (this.detached) return
    if (!this.writer) throw new Error('store not open for writing')
    if (records.length === 0) return
    this.writer.append(records, durable)
    for (const r of records) applyRecord(this.state, r)
    this.compactIfDue()
  }

  /** Rewrites the journal as a snapshot once it holds `compactEvery` records more than the snapshot would. */
  private compactIfDue(): void {
    if (this.writer && this.writer.appended - (this.state.order.length + 1) >= this.compactEvery) {
      this.writer.compact(snapshotRecords(this.state))
    }
  }

  /** Applies a command directly (writer) or sends it to the inbox for the holder (reader). */
  submit(command: QueueCommand): void {
    if (this.writer) this.commit(commandRecords(this.state, command))
    else sendCommand(this.inboxDir, command)
  }

  /** Writer: applies every inbox command once and deletes it; returns the ids of the jobs that changed. */
  ingestInbox(): string[] {
    const changed: string[] = []
    for (const { cid, command } of readInbox(this.inboxDir)) {
      if (!this.state.applied.includes(cid)) {
        const records = commandRecords(this.state, command, cid)
        this.commit(records)
        if (records.length) changed.push(command.id)
      }
      removeCommand(this.inboxDir, cid)
    }
    return changed
  }

  /** The lock was lost: stop writing at once (later commits are dropped) and leave writer mode. */
  detach(): void {
    this.detached = true
    this.closeWrite()
  }

  /** fsyncs unsynced records (the runner calls it when idle). */
  sync(): void {
    this.writer?.sync()
  }

  /** Leaves writer mode (syncing first); the next refresh re-reads the journal from the start. */
  closeWrite(): void {
    if (!this.writer) return
    this.writer.close()
    this.writer = undefined
    this.tail = new JournalTail(this.journalFile)
  }
}
