import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { JobQueue } from './queue'
import { recordingEmit, tempWorkspace, writeInputs } from './testing/fixtures'
import { createTransformProcessor } from './testing/transform-processor'
import type { JobChanged, JobProgress, JobRequest } from './types'

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

function setup(workMs = 40) {
  const ws = tempWorkspace()
  cleanups.push(ws.cleanup)
  writeInputs(ws.input, 3)
  const make = (emit?: ReturnType<typeof recordingEmit>['emit']): JobQueue => {
    const q = new JobQueue({ dir: ws.home, processor: createTransformProcessor({ workMs }), emit, pollMs: 10 })
    cleanups.push(() => q.dispose())
    return q
  }
  const request = (outputDir = ws.output): JobRequest => ({ inputs: [ws.input], outputDir, options: { modelId: 'm', steps: 1, samples: 1, sampler: 'fast', seed: 0 } })
  return { ws, make, request }
}

describe('JobQueue across handles', () => {
  it('a watcher sees each file change of the job another handle runs', async () => {
    const { make, request } = setup()
    const runner = make()
    const rec = recordingEmit()
    const watcher = make(rec.emit)
    const { id } = watcher.enqueue(request())
    const done = runner.run({ until: id })
    const watching = watcher.run({ until: id, onWaiting: () => undefined })
    await Promise.all([done, watching])
    const files = rec.events.filter((e) => e.channel === 'jobs:changed').map((e) => (e.payload as JobChanged).file).filter((f) => f?.status === 'done')
    expect(files.map((f) => f!.rel).sort()).toEqual(['img000.tif', 'img001.tif', 'img002.tif'])
    expect(rec.events.some((e) => e.channel === 'jobs:progress' && (e.payload as JobProgress).jobId === id)).toBe(true)
    expect(watcher.get(id)!.state).toBe('done')
  })

  it('the watcher takes over when the runner stops, and finishes the job', async () => {
    const { make, request } = setup(60)
    const first = make()
    const second = make()
    const { id } = first.enqueue(request())
    const stop = new AbortController()
    const a = first.run({ until: id, signal: stop.signal })
    const b = second.run({ until: id })
    await new Promise((r) => setTimeout(r, 100))
    stop.abort()
    await a
    expect((await b)?.state).toBe('done')
    expect(second.get(id)!.files.every((f) => f.attempts <= 2)).toBe(true)
  })

  it('cancelling a job that is not running writes its report; dispose stops a run', async () => {
    const { ws, make, request } = setup(200)
    const q = make()
    const busy = q.enqueue(request())
    const idle = q.enqueue(request(path.join(ws.root, 'out2')))
    const run = q.run({ keepAlive: true })
    await new Promise((r) => setTimeout(r, 50))
    q.cancel(idle.id)
    expect(fs.existsSync(path.join(ws.root, 'out2', `cvdm-report-${idle.id}.json`))).toBe(true)
    await q.dispose()
    await run
    expect(q.lock.held).toBe(false)
    expect(q.get(busy.id)!.files[0]).toMatchObject({ status: 'queued', reason: 'interrupted' })
  })

  it('a runner whose lock was taken stops writing, watches, and resumes when the lock frees', async () => {
    const { ws, make, request } = setup(150)
    const q = make()
    const { id } = q.enqueue(request())
    const run = q.run({ until: id, onWaiting: () => undefined })
    while (q.store.state.jobs.get(id)?.files[0].status !== 'running') await new Promise((r) => setTimeout(r, 5))
    const lockFile = path.join(ws.home, 'runner.lock')
    fs.writeFileSync(lockFile, JSON.stringify({ pid: process.pid, host: os.hostname(), startedAt: 0, token: 'someone-else' }))
    await new Promise((r) => setTimeout(r, 100))
    expect(q.store.writable).toBe(false)
    const journal = fs.readFileSync(path.join(ws.home, 'journal.jsonl'), 'utf8')
    await new Promise((r) => setTimeout(r, 200))
    expect(fs.readFileSync(path.join(ws.home, 'journal.jsonl'), 'utf8')).toBe(journal)
    fs.rmSync(lockFile)
    expect((await run)?.state).toBe('done')
  })
})
