/** Checks used by the crash and shard tests on a store + output folder after (or between) runs. */
import * as fs from 'node:fs'
import * as path from 'node:path'
import { TEMP_SUFFIX } from '../atomic'
import { stem } from '../output-names'
import type { QueueState } from '../records'
import { JobStore } from '../store'
import { expectedOutput } from './transform-processor'

/** The durable state of a store as a fresh reader sees it. */
export function readState(home: string): QueueState {
  const store = new JobStore(home)
  store.refresh()
  return store.state
}

/** Inputs whose file is `done` in the journal. */
export function doneInputs(state: QueueState): Set<string> {
  return new Set([...state.jobs.values()].flatMap((j) => j.files.filter((f) => f.status === 'done').map((f) => f.input)))
}

/** Every path under `dir` (recursive). */
export function walk(dir: string): string[] {
  if (!fs.existsSync(dir)) return []
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]))
}

/** Temp files left anywhere under the folders. */
export function tempFiles(...dirs: string[]): string[] {
  return dirs.flatMap(walk).filter((p) => p.endsWith(TEMP_SUFFIX))
}

/**
 * Our outputs under `outputDir` (final names, planted foreign files excluded), each checked to be complete:
 * returns problems (empty when every file under a final name is whole) and outputs per input.
 */
export function checkOutputs(inputDir: string, outputDir: string, foreign: Set<string>): { problems: string[]; byInput: Map<string, string[]> } {
  const problems: string[] = []
  const byInput = new Map<string, string[]>()
  for (const file of walk(outputDir)) {
    const name = path.basename(file)
    const m = /^(.*?)(_\d+)?_cvdm(_std)?\.tif$/.exec(name)
    if (!m || foreign.has(file)) continue
    const input = path.join(inputDir, path.relative(outputDir, path.dirname(file)), `${m[1]}.tif`)
    if (stem(path.basename(input)) !== m[1] || !fs.existsSync(input)) {
      problems.push(`${file}: no input`)
      continue
    }
    if (!fs.readFileSync(file).equals(expectedOutput(fs.readFileSync(input), m[3] ? 'std' : 'main'))) problems.push(`${file}: partial or wrong content`)
    byInput.set(input, [...(byInput.get(input) ?? []), file])
  }
  return { problems, byInput }
}

/** The processor's log: start/end events as { event, input, pid }. */
export function readLog(logFile: string): { event: string; input: string; pid: number }[] {
  if (!fs.existsSync(logFile)) return []
  return fs
    .readFileSync(logFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [event, ...rest] = line.split(' ')
      const pid = Number(rest.pop())
      return { event, input: rest.join(' '), pid }
    })
}
