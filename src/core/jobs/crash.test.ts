/**
 * kill -9 at seeded random moments: a child runs the queue with a real file-transforming processor, is
 * killed (once or twice per trial), then restarted to completion. Checks: every input has exactly one
 * complete output, nothing partial under a final name, no temp files left, finished files are never
 * processed again, at most the file in flight is redone, and the report agrees with the journal.
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import { describe, expect, it } from 'vitest'
import { spawnChild, runChild } from './testing/child-process'
import { checkOutputs, doneInputs, readLog, readState, tempFiles } from './testing/crash-checks'
import { tempWorkspace, writeInputs } from './testing/fixtures'
import { readReportFor } from './testing/report-check'
import { mulberry32 } from './testing/seeded-random'
import type { ChildConfig } from './testing/queue-child'
import type { OnExists } from './types'

const TRIALS = 24
const SEED = Number(process.env.CVDM_CRASH_SEED ?? 20261126)
const WORK_MS = 25

describe('crash safety (kill -9)', () => {
  it(`resumes correctly after SIGKILL at random moments (${TRIALS} seeded trials)`, async () => {
    const rng = mulberry32(SEED)
    for (let trial = 0; trial < TRIALS; trial++) await runTrial(trial, rng)
  }, 170_000)
})

async function runTrial(trial: number, rng: () => number): Promise<void> {
  const ws = tempWorkspace('cvdm-crash-')
  try {
    const count = 4 + Math.floor(rng() * 3)
    const inputs = writeInputs(ws.input, count, 2048 + Math.floor(rng() * 8192))
    const bad = trial % 4 === 3 ? path.join(ws.input, 'zz-bad.tif') : undefined
    if (bad) fs.writeFileSync(bad, 'BAD input')
    const onExists = (['skip', 'rename', 'overwrite'] as OnExists[])[trial % 3]
    const foreign = new Set<string>()
    if (onExists !== 'overwrite') {
      fs.mkdirSync(ws.output)
      foreign.add(path.join(ws.output, 'img001_cvdm.tif'))
      fs.writeFileSync(path.join(ws.output, 'img001_cvdm.tif'), 'foreign')
    }
    const log = path.join(ws.root, 'processor.log')
    const config: ChildConfig = { store: ws.home, input: ws.input, output: ws.output, log, workMs: WORK_MS, writeDelayMs: 3, samples: trial % 2 ? 2 : 1, onExists, compactEvery: 3 }
    const where = `trial ${trial} (seed ${SEED})`
    const kills: { pid: number; doneAtKill: Set<string> }[] = []
    const killCount = rng() < 0.3 ? 2 : 1
    for (let k = 0; k < killCount; k++) {
      const child = spawnChild(config)
      if (rng() < 0.25) await sleep(rng() * 250)
      else {
        await child.ready
        await sleep(rng() * count * (WORK_MS + 45))
      }
      child.proc.kill('SIGKILL')
      await child.exit
      const state = readState(ws.home)
      if (process.env.CVDM_CRASH_STATS) console.log(`trial ${trial} kill ${k}: done ${doneInputs(state).size}/${count}, temps ${tempFiles(ws.output, ws.home).length}, log ${readLog(log).filter((e) => e.pid === child.proc.pid).map((e) => e.event[0]).join('')}, jobs ${state.jobs.size}`)
      kills.push({ pid: child.proc.pid!, doneAtKill: doneInputs(state) })
      expect(checkOutputs(ws.input, ws.output, foreign).problems, where).toEqual([])
      const startedNotDone = new Set(readLog(log).filter((e) => e.pid === child.proc.pid && e.event === 'start' && !doneInputs(state).has(e.input)).map((e) => e.input))
      expect(startedNotDone.size, `${where}: files in flight at the kill`).toBeLessThanOrEqual(1)
    }
    const out = await runChild(config)
    const id = /^ready (\w+)$/m.exec(out)![1]

    const state = readState(ws.home)
    const job = state.jobs.get(id)!
    const { problems, byInput } = checkOutputs(ws.input, ws.output, foreign)
    expect(problems, where).toEqual([])
    expect(tempFiles(ws.output, ws.home), where).toEqual([])
    for (const input of inputs) {
      const file = job.files.find((f) => f.input === input)!
      const planted = input.endsWith('img001.tif') && onExists === 'skip'
      expect(file.status, `${where}: ${input}`).toBe(planted ? 'skipped' : 'done')
      const expected = planted ? [] : [file.outputs.main, ...(file.outputs.std ? [file.outputs.std] : [])]
      expect((byInput.get(input) ?? []).sort(), `${where}: outputs of ${input}`).toEqual(expected.sort())
      if (!planted) expect(file.written?.sort()).toEqual(expected.sort())
    }
    if (bad) expect(job.files.find((f) => f.input === bad)?.status).toBe('failed')
    for (const f of foreign) if (onExists !== 'overwrite') expect(fs.readFileSync(f, 'utf8')).toBe('foreign')

    const events = readLog(log)
    for (const [k, kill] of kills.entries()) {
      const laterPids = new Set([...kills.slice(k + 1).map((x) => x.pid), ...events.map((e) => e.pid).filter((p) => !kills.some((x) => x.pid === p))])
      const redone = events.filter((e) => e.event === 'start' && laterPids.has(e.pid) && kill.doneAtKill.has(e.input))
      expect(redone, `${where}: finished files processed again`).toEqual([])
    }
    const report = readReportFor(ws.output, id)
    expect(report.counts, where).toEqual(Object.fromEntries(Object.entries(countsOf(job.files.map((f) => f.status)))))
    for (const f of report.files) for (const o of f.outputs) expect(fs.existsSync(o)).toBe(true)
  } finally {
    ws.cleanup()
  }
}

function countsOf(statuses: string[]): Record<string, number> {
  const counts: Record<string, number> = { queued: 0, running: 0, done: 0, failed: 0, skipped: 0, cancelled: 0 }
  for (const s of statuses) counts[s]++
  return counts
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms))
}
