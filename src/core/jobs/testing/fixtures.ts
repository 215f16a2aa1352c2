/** Helpers shared by the queue tests: temp folders with input files, and a recording event sink. */
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import type { JobEventMap, JobsEmit } from '../types'

/** A fresh temp folder with `in/`, `out/` and `home/`. */
export function tempWorkspace(prefix = 'cvdm-jobs-'): { root: string; input: string; output: string; home: string; cleanup(): void } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), prefix))
  const ws = { root, input: path.join(root, 'in'), output: path.join(root, 'out'), home: path.join(root, 'home') }
  fs.mkdirSync(ws.input)
  return { ...ws, cleanup: () => fs.rmSync(root, { recursive: true, force: true }) }
}

/** Writes `count` input files `img<i>.tif` of pseudo-random bytes (deterministic per name); returns their paths. */
export function writeInputs(dir: string, count: number, size = 4096, names?: string[]): string[] {
  const files: string[] = []
  for (let i = 0; i < count; i++) {
    const name = names?.[i] ?? `img${String(i).padStart(3, '0')}.tif`
    const buf = Buffer.alloc(size)
    for (let j = 0; j < size; j++) buf[j] = (j * 31 + i * 7 + name.length) & 0xff
    if (buf.subarray(0, 3).toString() === 'BAD') buf[0] = 0
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true })
    fs.writeFileSync(path.join(dir, name), buf)
    files.push(path.join(dir, name))
  }
  return files
}

/** An emit callback that records every event (checked to be JSON-serializable). */
export function recordingEmit(): { emit: JobsEmit; events: { channel: keyof JobEventMap; payload: unknown }[] } {
  const events: { channel: keyof JobEventMap; payload: unknown }[] = []
  const emit: JobsEmit = (channel, payload) => {
    events.push({ channel, payload: JSON.parse(JSON.stringify(payload)) })
  }
  return { emit, events }
}
