/**
 * The queue's store: an append-only journal of JSON lines, fsynced after every append, compacted by
 * rewriting it as a snapshot (temp + fsync + rename).
 *
 * Why a journal and not SQLite: the store must work offline in Node 20, in Electron and in the CLI with no
 * native rebuild or binary download. better-sqlite3 13 needs Node 22 and an ABI rebuild per Electron
 * version; node:sqlite is Node 22+. A journal needs only `fs`, and its crash semantics are easy to prove:
 * a record is either a complete line (it happened) or a torn last line (it did not, and is cut off on the
 * next open). One process writes it (the lock holder); others read it and send commands through the inbox.
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import { fsyncDir, tempPathFor } from './atomic'

/** Records parsed from a journal, and where the complete part ends. */
export interface JournalRead<R> {
  records: R[]
  /** Byte offset just after the last complete line. */
  end: number
  /** Lines that did not parse (a torn last line, or damage). */
  bad: number
}

/** Parses the complete lines of `buf` (a torn last line without `\n` is left out). */
export function parseLines<R>(buf: Buffer, base = 0): JournalRead<R> {
  const records: R[] = []
  let bad = 0
  let start = 0
  for (let nl = buf.indexOf(10, start); nl >= 0; nl = buf.indexOf(10, start)) {
    const line = buf.toString('utf8', start, nl).trim()
    start = nl + 1
    if (!line) continue
    try {
      records.push(JSON.parse(line) as R)
    } catch {
      bad++
    }
  }
  return { records, end: base + start, bad }
}

/** Single-writer journal file. Call {@link JournalWriter.open} once, then append. */
export class JournalWriter<R> {
  private fd: number | undefined
  private dirty = false
  /** Records appended since the last open or compaction. */
  appended = 0

  /** @param file - the journal path (its folder is created on open) */
  constructor(readonly file: string) {}

  /** Reads every complete record and cuts off a torn tail so that new lines start clean. */
  open(): R[] {
    fs.mkdirSync(path.dirname(this.file), { recursive: true })
    const buf = fs.existsSync(this.file) ? fs.readFileSync(this.file) : Buffer.alloc(0)
    const read = parseLines<R>(buf)
    this.fd = fs.openSync(this.file, 'a+')
    if (read.end < buf.length) {
      fs.ftruncateSync(this.fd, read.end)
      fs.fsyncSync(this.fd)
    }
    this.appended = read.records.length
    return read.records
  }

  /**
   * Appends records as one write. With `sync` (default) it also fsyncs, so they (and any unsynced records
   * before them) survive a power cut; without, they survive a process crash (the page cache) until the next
   * sync.
   */
  append(records: R[], sync = true): void {
    if (this.fd === undefined) throw new Error('journal not open')
    if (records.length > 0) {
      fs.writeSync(this.fd, records.map((r) => JSON.stringify(r) + '\n').join(''))
      this.appended += records.length
      this.dirty = true
    }
    if (sync) this.sync()
  }

  /** fsyncs records appended without sync (no-op when there are none). */
  sync(): void {
    if (this.fd === undefined || !this.dirty) return
    fs.fsyncSync(this.fd)
    this.dirty = false
  }

  /** Replaces the journal with `records` (a snapshot) atomically; readers see the old or the new file whole. */
  compact(records: R[]): void {
    const tmp = tempPathFor(this.file)
    fs.writeFileSync(tmp, records.map((r) => JSON.stringify(r) + '\n').join(''))
    const fd = fs.openSync(tmp, 'r+')
    fs.fsyncSync(fd)
    fs.closeSync(fd)
    // Close before the rename: Windows refuses to replace a file this process holds open.
    this.close()
    fs.renameSync(tmp, this.file)
    fsyncDir(path.dirname(this.file))
    this.fd = fs.openSync(this.file, 'a+')
    this.appended = records.length
  }

  /** Syncs and closes the file. */
  close(): void {
    this.sync()
    if (this.fd !== undefined) fs.closeSync(this.fd)
    this.fd = undefined
  }
}

/**
 * Follows a journal written by another process: returns new complete records on each poll, or
 * `reset: true` with every record when the file was replaced by a compaction.
 */
export class JournalTail<R> {
  private offset = 0
  private ino = -1

  /** @param file - the journal path (may not exist yet) */
  constructor(readonly file: string) {}

  /** New records since the last poll. */
  poll(): { reset: boolean; records: R[] } {
    let stat: fs.Stats
    try {
      stat = fs.statSync(this.file)
    } catch {
      return { reset: false, records: [] }
    }
    const reset = stat.ino !== this.ino || stat.size < this.offset
    if (reset) this.offset = 0
    if (!reset && stat.size === this.offset) return { reset, records: [] }
    const fd = fs.openSync(this.file, 'r')
    try {
      const fdStat = fs.fstatSync(fd)
      if (fdStat.ino !== stat.ino) return this.poll()
      const buf = Buffer.alloc(fdStat.size - this.offset)
      const n = buf.length ? fs.readSync(fd, buf, 0, buf.length, this.offset) : 0
      const read = parseLines<R>(buf.subarray(0, n), this.offset)
      this.offset = read.end
      this.ino = fdStat.ino
      return { reset, records: read.records }
    } finally {
      fs.closeSync(fd)
    }
  }
}
