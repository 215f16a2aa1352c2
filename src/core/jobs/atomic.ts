/**
 * Atomic file writes (temp file + fsync + rename + directory fsync) and the temp-file naming convention
 * that lets the queue find and remove temp files left by a killed process. Processors should write their
 * outputs through {@link tempPathFor} (or {@link writeFileAtomic}) so that a crash never leaves a partial
 * file under a final name and leftovers are recognised.
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import { randomBytes } from 'node:crypto'

/** Suffix of every temp file the queue (and processors following the convention) write. */
export const TEMP_SUFFIX = '.cvdm-tmp'

/** Temp files of `src/core/tiff`'s TiffWriter: `.<final name>.<8 hex>.part`. */
const TIFF_WRITER_TEMP = /^\.(.+)\.[0-9a-f]{8}\.part$/

/** A hidden temp path next to `finalPath`: `.<name>.<pid>-<random>.cvdm-tmp` (same folder, so rename is atomic). */
export function tempPathFor(finalPath: string, pid: number = process.pid): string {
  const dir = path.dirname(finalPath)
  return path.join(dir, `.${path.basename(finalPath)}.${pid}-${randomBytes(4).toString('hex')}${TEMP_SUFFIX}`)
}

/** If `name` is a temp file of `finalName` (both base names), the pid that wrote it; otherwise undefined. */
export function tempOwnerPid(name: string, finalName: string): number | undefined {
  const prefix = `.${finalName}.`
  if (!name.startsWith(prefix) || !name.endsWith(TEMP_SUFFIX)) return undefined
  const m = /^(\d+)-[0-9a-f]+$/.exec(name.slice(prefix.length, -TEMP_SUFFIX.length))
  return m ? Number(m[1]) : undefined
}

/** Is a process with this pid alive on this machine? (EPERM means alive but not ours.) */
export function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** fsyncs a folder so that a rename inside it survives a power cut (no-op where folders can't be opened). */
export function fsyncDir(dir: string): void {
  let fd: number | undefined
  try {
    fd = fs.openSync(dir, 'r')
    fs.fsyncSync(fd)
  } catch {
    // Windows cannot open a folder; NTFS journals the rename itself.
  } finally {
    if (fd !== undefined) fs.closeSync(fd)
  }
}

/** Writes `data` to `finalPath` atomically and durably: temp in the same folder, fsync, rename, fsync folder. */
export function writeFileAtomic(finalPath: string, data: string | Uint8Array): void {
  const tmp = tempPathFor(finalPath)
  try {
    const fd = fs.openSync(tmp, 'w')
    try {
      fs.writeFileSync(fd, data)
      fs.fsyncSync(fd)
    } finally {
      fs.closeSync(fd)
    }
    fs.renameSync(tmp, finalPath)
  } catch (error) {
    fs.rmSync(tmp, { force: true })
    throw error
  }
  fsyncDir(path.dirname(finalPath))
}

/**
 * Removes temp files in `dir` (for final names accepted by `accept`) left by processes that are
 * gone (or by this process). Temps of a live process are kept: another shard may be writing them.
 * Returns the removed paths.
 */
export function removeStaleTempsIn(dir: string, accept: (finalName: string) => boolean): string[] {
  let entries: string[]
  try {
    entries = fs.readdirSync(dir)
  } catch {
    return []
  }
  const removed: string[] = []
  for (const entry of entries) {
    // The TIFF writer's temps (`.<name>.<8 hex>.part`) carry no pid: only the holder of the job's outputs
    // (the runner, before it starts that file) asks for them, so any it finds are left by a dead attempt.
    const part = TIFF_WRITER_TEMP.exec(entry)
    if (part) {
      if (accept(part[1])) {
        fs.rmSync(path.join(dir, entry), { force: true })
        removed.push(path.join(dir, entry))
      }
      continue
    }
    if (!entry.endsWith(TEMP_SUFFIX)) continue
    const finalName = entry.slice(1, entry.lastIndexOf('.', entry.length - TEMP_SUFFIX.length - 1))
    const pid = accept(finalName) ? tempOwnerPid(entry, finalName) : undefined
    if (pid === undefined || (pid !== process.pid && pidAlive(pid))) continue
    fs.rmSync(path.join(dir, entry), { force: true })
    removed.push(path.join(dir, entry))
  }
  return removed
}

/** {@link removeStaleTempsIn} for the temps of `finalPaths` only (one folder read per folder). */
export function removeStaleTemps(finalPaths: string[]): string[] {
  const byDir = new Map<string, Set<string>>()
  for (const p of finalPaths) {
    const dir = path.dirname(p)
    if (!byDir.has(dir)) byDir.set(dir, new Set())
    byDir.get(dir)!.add(path.basename(p))
  }
  return [...byDir].flatMap(([dir, names]) => removeStaleTempsIn(dir, (name) => names.has(name)))
}
