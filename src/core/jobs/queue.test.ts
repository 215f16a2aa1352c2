import * as fs from 'node:fs'
import * as path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { JobQueue } from './queue'
import { fileErrorInfo } from './runner'
import { readReportFor } from './testing/report-check'
import { recordingEmit, tempWorkspace, writeInputs } from './testing/fixtures'
import { createTransformProcessor, expectedOutput } from './testing/transform-processor'
import type { FileProcessor, JobProgress, JobRequest } from './types'

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

function setup(opts: { files?: number; processor?: FileProcessor; workMs?: number } = {}) {
  const ws = tempWorkspace()
  cleanups.push(ws.cleanup)
  const inputs = writeInputs(ws.input, opts.files ?? 4)
  const rec = recordingEmit()
  const queue = new JobQueue({
    dir: ws.home,
    processor: opts.processor ?? createTransformProcessor({ workMs: opts.workMs ?? 10 }),
    emit: rec.emit,
    runInfo: () => ({ backend: 'test', modelHash: 'abc' }),
    pollMs: 10
  })
  cleanups.push(() => queue.dispose())
  const request = (extra: Partial<JobRequest> = {}): JobRequest => ({
    inputs: [ws.input],
    outputDir: ws.output,
    options: { modelId: 'm1', steps: 2, samples: 1, sampler: 'fast', seed: 0 },
    ...extra
  })
  return { ws, inputs, queue, request, ...rec }
}

describe('JobQueue', () => {
  it('processes a folder: outputs, statuses, events with ETA, report', async () => {
    const { ws, inputs, queue, request, events } = setup()
    const { id, files } = queue.enqueue(request())
    expect(files).toBe(4)
    const summary = await queue.run({ until: id })
    expect(summary?.state).toBe('done')
    expect(summary?.counts.done).toBe(4)
    for (const input of inputs) {
      const out = path.join(ws.output, path.basename(input).replace('.tif', '_cvdm.tif'))
      expect(fs.readFileSync(out)).toEqual(expectedOutput(fs.readFileSync(input), 'main'))
    }
    const progress = events.filter((e) => e.channel === 'jobs:progress').map((e) => e.payload as JobProgress)
    expect(progress.length).toBeGreaterThan(4)
    expect(progress.some((p) => p.job.etaMs !== null && p.file.etaMs !== null)).toBe(true)
    expect(events.some((e) => e.channel === 'jobs:changed')).toBe(true)
    const report = readReportFor(ws.output, id)
    expect(report.counts.done).toBe(4)
    expect(report.model).toEqual({ id: 'm1', hash: 'abc' })
    expect(report.backend).toBe('test')
    expect(fs.readFileSync(path.join(ws.output, `cvdm-report-${id}.md`), 'utf8')).toContain('4 done')
  })

  it('keeps going after a bad file and records its error code; retry re-runs only failures', async () => {
    const { ws, queue, request } = setup()
    fs.writeFileSync(path.join(ws.input, 'broken.tif'), 'BAD data')
    const { id } = queue.enqueue(request())
    const summary = await queue.run({ until: id })
    expect(summary?.state).toBe('failed')
    expect(summary?.counts).toMatchObject({ done: 4, failed: 1 })
    const failed = queue.get(id)!.files.find((f) => f.status === 'failed')!
    expect(failed.error?.code).toBe('not-tiff')
    expect(readReportFor(ws.output, id).failures).toEqual([{ rel: 'broken.tif', code: 'not-tiff', message: expect.any(String) }])
    fs.writeFileSync(path.join(ws.input, 'broken.tif'), 'fixed now')
    queue.retry(id)
    expect((await queue.run({ until: id }))?.state).toBe('done')
    expect(queue.get(id)!.files.map((f) => f.attempts)).toEqual([2, 1, 1, 1, 1])
  })

  it('re-enqueueing the same request resumes the same job and adds new files only', async () => {
    const { ws, queue, request } = setup({ files: 2 })
    const first = queue.enqueue(request())
    await queue.run({ until: first.id })
    writeInputs(ws.input, 1, 100, ['late.tif'])
    const again = queue.enqueue(request())
    expect(again).toEqual({ id: first.id, files: 3 })
    await queue.run({ until: first.id })
    const job = queue.get(first.id)!
    expect(job.files.map((f) => [f.rel, f.status, f.attempts])).toEqual([
      ['img000.tif', 'done', 1],
      ['img001.tif', 'done', 1],
      ['late.tif', 'done', 1]
    ])
    expect(queue.enqueue(request({ options: { modelId: 'm1', steps: 3, samples: 1, sampler: 'fast', seed: 0 } })).id).not.toBe(first.id)
  })

  it('on-exists: skip keeps existing outputs, rename writes _2 names, overwrite replaces', async () => {
    const { ws, queue, request } = setup({ files: 2 })
    fs.mkdirSync(ws.output)
    const existing = path.join(ws.output, 'img000_cvdm.tif')
    fs.writeFileSync(existing, 'theirs')
    const skip = queue.enqueue(request())
    await queue.run({ until: skip.id })
    expect(queue.get(skip.id)!.files.map((f) => f.status)).toEqual(['skipped', 'done'])
    expect(fs.readFileSync(existing, 'utf8')).toBe('theirs')
    const rename = queue.enqueue(request({ onExists: 'rename' }))
    await queue.run({ until: rename.id })
    expect(queue.get(rename.id)!.files.map((f) => path.basename(f.outputs.main))).toEqual(['img000_2_cvdm.tif', 'img001_2_cvdm.tif'])
    expect(fs.readFileSync(existing, 'utf8')).toBe('theirs')
    const overwrite = queue.enqueue(request({ onExists: 'overwrite' }))
    await queue.run({ until: overwrite.id })
    expect(fs.readFileSync(existing, 'utf8')).not.toBe('theirs')
  })

  it('cancel aborts the file in flight and cancels the rest; a second handle controls through the inbox', async () => {
    const { ws, queue, request } = setup({ files: 5, workMs: 150 })
    const { id } = queue.enqueue(request())
    const other = new JobQueue({ dir: ws.home, processor: createTransformProcessor(), pollMs: 10 })
    cleanups.push(() => other.dispose())
    const running = queue.run({ until: id })
    await waitFor(() => other.list()[0]?.counts.running === 1)
    other.cancel(id.slice(0, 6))
    const summary = await running
    expect(summary?.state).toBe('cancelled')
    expect(summary?.counts).toMatchObject({ cancelled: 5, done: 0 })
    expect(fs.readdirSync(ws.output).filter((n) => n.endsWith('_cvdm.tif'))).toEqual([])
    queue.resume(id)
    expect((await queue.run({ until: id }))?.state).toBe('done')
  })

  it('pause holds a job after its file in flight, move re-orders, resume continues', async () => {
    const { ws, queue, request } = setup({ files: 3, workMs: 30 })
    const a = queue.enqueue(request())
    const b = queue.enqueue(request({ outputDir: path.join(ws.root, 'out-b') }))
    queue.move(b.id, 0)
    expect(queue.list().map((j) => j.id)).toEqual([b.id, a.id])
    queue.pause(b.id)
    await queue.run()
    expect(queue.get(a.id)!.state).toBe('done')
    expect(queue.get(b.id)!.state).toBe('paused')
    queue.resume(b.id)
    await queue.run()
    expect(queue.get(b.id)!.state).toBe('done')
  })

  it('recursive folders: outputs mirror sub-folders; file-system errors are io-error, not bugs', async () => {
    const { ws, queue, request } = setup({ files: 1 })
    writeInputs(ws.input, 1, 100, ['deep/er/x.tif'])
    const { id } = queue.enqueue(request({ recursive: true, glob: '**/*.tif' }))
    await queue.run({ until: id })
    const job = queue.get(id)!
    expect(job.files.map((f) => [f.rel, f.status])).toEqual([['deep/er/x.tif', 'done'], ['img000.tif', 'done']])
    expect(fs.existsSync(path.join(ws.output, 'deep', 'er', 'x_cvdm.tif'))).toBe(true)
    expect(fileErrorInfo(Object.assign(new Error('denied'), { code: 'EACCES' }))).toEqual({ code: 'io-error', message: 'denied' })
    expect(fileErrorInfo(Object.assign(new Error('gone'), { code: 'ENOENT' })).code).toBe('not-found')
  })

  it('stopping the run puts the file in flight back in the queue and releases the lock', async () => {
    const { queue, request } = setup({ files: 2, workMs: 300 })
    const { id } = queue.enqueue(request())
    const stop = new AbortController()
    const running = queue.run({ until: id, signal: stop.signal })
    await waitFor(() => queue.get(id)!.counts.running === 1)
    stop.abort()
    await running
    expect(queue.lock.held).toBe(false)
    expect(queue.get(id)!.files[0]).toMatchObject({ status: 'queued', reason: 'interrupted', attempts: 1 })
  })
})

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const t0 = Date.now()
  while (!condition()) {
    if (Date.now() - t0 > timeoutMs) throw new Error('timeout')
    await new Promise((r) => setTimeout(r, 5))
  }
}
