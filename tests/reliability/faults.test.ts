/**
 * Fault injection on the batch queue with the real TIFF writer: a full disk (ENOSPC from write, fsync or rename),
 * a read-only output folder (EROFS/EACCES from open, mocked: tests run as root, where chmod 555 does not stop
 * writes), a file where the output folder should be, an input deleted mid-batch, and the engine process killed
 * mid-file. Each time: that file fails with a clear code, no partial file sits under a final name, the other
 * files finish, and the journal (reopened as after a restart) agrees and lets a retry finish the job.
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { WorkerClient } from '../../src/core/worker'
import { TiffReader } from '../../src/core/tiff'
import { copyProcessor, injectFault, leftovers, tempQueue, writeTiffInputs, type FaultPoint } from './fault-helpers'

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

async function outputReads(file: string): Promise<boolean> {
  const reader = await TiffReader.open(file)
  const page = await reader.readPage(0)
  await reader.close()
  return page.width === 16 && page.data.length === 256
}

describe('a full disk while writing outputs', () => {
  for (const point of ['write', 'sync', 'rename'] as FaultPoint[]) {
    it(`ENOSPC from ${point}: that file fails with disk-full, nothing partial, the others finish, a restart retries it`, async () => {
      let inFlight = ''
      const t = tempQueue(copyProcessor((input) => void (inFlight = path.basename(input)), () => (inFlight = '')))
      cleanups.push(t.cleanup)
      await writeTiffInputs(t.input, 4)
      const restore = await injectFault(point, 'ENOSPC', () => inFlight === 'img1.tif')
      cleanups.push(restore)
      const queue = t.open()
      const { id } = queue.enqueue(t.request())
      const summary = await queue.run({ until: id })
      restore()
      expect(summary?.counts).toMatchObject({ done: 3, failed: 1 })
      const failed = queue.get(id)!.files.filter((f) => f.status === 'failed')
      expect(failed.map((f) => [f.rel, f.error?.code])).toEqual([['img1.tif', 'disk-full']])
      expect(failed[0].error?.message).toMatch(/disk is full/)
      const names = fs.readdirSync(t.output)
      expect(names).not.toContain('img1_cvdm.tif')
      expect(leftovers(t.output)).toEqual([])
      for (const f of ['img0', 'img2', 'img3']) expect(await outputReads(path.join(t.output, `${f}_cvdm.tif`))).toBe(true)
      await queue.dispose()
      // "Restart": a new queue on the same journal sees the same state, and a retry (space freed) completes the job.
      const again = t.open()
      cleanups.push(() => again.dispose())
      expect(again.get(id)!.files.map((f) => f.status)).toEqual(['done', 'failed', 'done', 'done'])
      again.retry(id)
      expect((await again.run({ until: id }))?.state).toBe('done')
      expect(await outputReads(path.join(t.output, 'img1_cvdm.tif'))).toBe(true)
      expect(again.get(id)!.files.map((f) => f.attempts)).toEqual([1, 2, 1, 1])
    })
  }
})

describe('an output folder that cannot be written', () => {
  for (const errno of ['EROFS', 'EACCES']) {
    it(`${errno} when creating the output (mocked; root ignores chmod): io-error naming the folder, job failed, queue usable`, async () => {
      const t = tempQueue(copyProcessor())
      cleanups.push(t.cleanup)
      await writeTiffInputs(t.input, 2)
      cleanups.push(await injectFault('open', errno, ([file]) => String(file).startsWith(t.output)))
      const queue = t.open()
      cleanups.push(() => queue.dispose())
      const { id } = queue.enqueue(t.request())
      const summary = await queue.run({ until: id })
      expect(summary?.counts).toMatchObject({ done: 0, failed: 2 })
      for (const f of queue.get(id)!.files) {
        expect(f.error?.code).toBe('io-error')
        expect(f.error?.message).toMatch(/read-only or not writable/)
        expect(f.error?.message).toContain(t.output)
      }
      expect(fs.readdirSync(t.output).filter((n) => n.endsWith('.tif'))).toEqual([])
    })
  }

  it('a file where the output folder should be: every file fails with a coded error (not internal), nothing is lost', async () => {
    const t = tempQueue(copyProcessor())
    cleanups.push(t.cleanup)
    const inputs = await writeTiffInputs(t.input, 2)
    fs.writeFileSync(t.output, 'I am a file, not a folder')
    const queue = t.open()
    cleanups.push(() => queue.dispose())
    let code: string | undefined
    try {
      const { id } = queue.enqueue(t.request())
      await queue.run({ until: id })
      const codes = new Set(queue.get(id)!.files.map((f) => f.error?.code))
      expect(codes.has(undefined)).toBe(false)
      code = [...codes].join(',')
    } catch (error) {
      code = (error as { code?: string }).code
    }
    console.log(`output folder is a file → ${code}`)
    expect(code).toMatch(/^(io-error|bad-request|forbidden-path)/)
    expect(code).not.toContain('internal')
    expect(fs.readFileSync(t.output, 'utf8')).toBe('I am a file, not a folder')
    for (const input of inputs) expect(fs.existsSync(input)).toBe(true)
  })
})

describe('an input deleted mid-batch', () => {
  it('that file fails with not-found, the others finish', async () => {
    const t = tempQueue(copyProcessor((input) => void (path.basename(input) === 'img0.tif' && fs.rmSync(path.join(t.input, 'img2.tif')))))
    cleanups.push(t.cleanup)
    await writeTiffInputs(t.input, 4)
    const queue = t.open()
    cleanups.push(() => queue.dispose())
    const { id } = queue.enqueue(t.request())
    const summary = await queue.run({ until: id })
    expect(summary?.counts).toMatchObject({ done: 3, failed: 1 })
    const files = queue.get(id)!.files
    expect(files.map((f) => [f.rel, f.status, f.error?.code])).toEqual([
      ['img0.tif', 'done', undefined],
      ['img1.tif', 'done', undefined],
      ['img2.tif', 'failed', 'not-found'],
      ['img3.tif', 'done', undefined]
    ])
    expect(files[2].error?.message).toContain('img2.tif')
    expect(leftovers(t.output)).toEqual([])
  })
})

describe('the engine process killed mid-file', () => {
  it('the file fails with engine-crashed, the next files run in a fresh engine process, a retry completes the job', async () => {
    const client = new WorkerClient(path.resolve(__dirname, '../../src/core/worker/testing/echo-worker.ts'))
    cleanups.push(() => client.dispose())
    const pids: number[] = []
    const t = tempQueue(async (task, ctx) => {
      const victim = path.basename(task.input) === 'img1.tif' && !pids.includes(-1)
      await client.call('count', [6], {
        signal: ctx.signal,
        onProgress: (p) => {
          ctx.onProgress(Number(p) / 6)
          if (!pids.includes(client.pid!)) pids.push(client.pid!)
          if (victim && p === 2) {
            pids.push(-1)
            process.kill(client.pid!, 'SIGKILL')
          }
        }
      })
      fs.writeFileSync(task.outputs.main, 'ok')
      return { outputs: [task.outputs.main], timings: {} }
    })
    cleanups.push(t.cleanup)
    await writeTiffInputs(t.input, 3)
    const queue = t.open()
    cleanups.push(() => queue.dispose())
    const { id } = queue.enqueue(t.request())
    const summary = await queue.run({ until: id })
    expect(summary?.counts).toMatchObject({ done: 2, failed: 1 })
    const failed = queue.get(id)!.files.find((f) => f.status === 'failed')!
    expect([failed.rel, failed.error?.code]).toEqual(['img1.tif', 'engine-crashed'])
    expect(failed.error?.message).toMatch(/SIGKILL/)
    expect(new Set(pids.filter((p) => p > 0)).size).toBe(2)
    expect(fs.existsSync(path.join(t.output, 'img1_cvdm.tif'))).toBe(false)
    queue.retry(id)
    expect((await queue.run({ until: id }))?.state).toBe('done')
  })
})
