/**
 * RestoreService with a real engine worker process (fork through the tsx bootstrap): a random-weight cvdm-xs saved to
 * a temp model folder, 16² inputs restored to 32², 2 steps. Start → progress → finished, ROI/plane preview names,
 * cancel, and a worker killed mid-run (engine-crashed; the next run gets a fresh worker).
 */
import { existsSync, mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RestoreFinished, RestoreProgressEvent, RestoreRequest } from '../../shared/restore'
import { createModel, initBackend, saveModel } from '../engine'
import { TiffReader, TiffWriter } from '../tiff'
import { RestoreService } from './restore-service'

let dir: string
let service: RestoreService
let input: string
let stack: string

function run(request: Partial<RestoreRequest>) {
  const progress: RestoreProgressEvent[] = []
  let resolve: (e: RestoreFinished) => void = () => undefined
  const finished = new Promise<RestoreFinished>((r) => (resolve = r))
  const { runId } = service.start({ input, modelId: 'tiny', steps: 2, samples: 2, ...request }, { progress: (e) => progress.push(e), finished: (e) => resolve(e) })
  return { runId, progress, finished }
}

/** The worker's pid, read from the service's engine (private: tests only). */
const workerPid = (): number | undefined => (service as unknown as { engine: { workerPid?: number } }).engine.workerPid

beforeAll(async () => {
  await initBackend()
  dir = mkdtempSync(path.join(os.tmpdir(), 'cvdm-restore-service-'))
  const model = createModel('cvdm-xs', { seed: 4 })
  await saveModel(model, path.join(dir, 'models', 'tiny'))
  model.dispose()
  input = path.join(dir, 'cell.tif')
  const writer = await TiffWriter.create(input, { width: 16, height: 16, dtype: 'uint16', physicalSize: { x: 0.1, y: 0.1, unit: 'µm' } })
  await writer.writePlane(Uint16Array.from({ length: 256 }, (_, i) => 100 + ((i * 37) % 800)))
  await writer.close()
  stack = path.join(dir, 'stack.tif')
  const z = await TiffWriter.create(stack, { width: 16, height: 16, dtype: 'uint16', sizes: { z: 3 } })
  for (let k = 0; k < 3; k++) await z.writePlane(Uint16Array.from({ length: 256 }, (_, i) => 50 + ((i * 13 + k * 101) % 900)))
  await z.close()
  service = new RestoreService({ modelDirs: { builtIn: path.join(dir, 'models') }, previewsDir: path.join(dir, 'previews'), app: { name: 'cvdm-studio', version: 'test' } })
}, 60_000)
afterAll(() => service.dispose())

describe('RestoreService in the engine worker', () => {
  it('starts at once, reports progress and finishes with mean + std in the previews folder', async () => {
    const r = run({})
    expect(r.runId).toMatch(/[0-9a-f-]{36}/)
    const done = await r.finished
    // The backend names both engines where inference runs on onnxruntime (CVDM_INFERENCE unset or onnx).
    const backend = process.env.CVDM_INFERENCE === 'tfjs' ? /^wasm$/ : /^wasm( \(training\) \+ onnxruntime \d+\.\d+ \(inference, \d+ threads?\))?$/
    expect(done).toMatchObject({ runId: r.runId, ok: true, modelId: 'tiny', backend: expect.stringMatching(backend) })
    if (!done.ok) return
    expect(done.outputs.main).toBe(path.join(dir, 'previews', 'cell_cvdm.tif'))
    expect(existsSync(done.outputs.std!)).toBe(true)
    expect(r.progress.length).toBeGreaterThan(2)
    expect(r.progress.every((p) => p.runId === r.runId && p.fraction >= 0 && p.fraction <= 1)).toBe(true)
    expect(r.progress.at(-1)!.fraction).toBe(1)
    const reader = await TiffReader.open(done.outputs.main)
    expect(reader.pageInfo(0)).toMatchObject({ width: 32, height: 32 })
    expect(reader.metadata.physicalSize.x).toBeCloseTo(0.05, 6)
    await reader.close()
    expect(workerPid()).toBeGreaterThan(0)
    expect(workerPid()).not.toBe(process.pid)
  }, 60_000)

  it('names ROI and plane previews apart and restores one plane of a stack; K = 1 writes no std', async () => {
    const roi = await run({ roi: { x: 2, y: 3, width: 8, height: 6 }, samples: 1 }).finished
    expect(roi).toMatchObject({ ok: true, outputs: { main: path.join(dir, 'previews', 'cell_roi-2-3-8-6_cvdm.tif') } })
    expect(roi.ok && roi.outputs.std).toBeFalsy()
    const again = await run({ roi: { x: 2, y: 3, width: 8, height: 6 }, samples: 1 }).finished
    expect(again).toMatchObject({ ok: true, outputs: { main: path.join(dir, 'previews', 'cell_roi-2-3-8-6_2_cvdm.tif') } })
    const plane = await run({ input: stack, plane: { c: 0, z: 2, t: 0 }, samples: 1 }).finished
    expect(plane).toMatchObject({ ok: true, outputs: { main: path.join(dir, 'previews', 'stack_c0-z2-t0_cvdm.tif') } })
    const reader = await TiffReader.open(plane.ok ? plane.outputs.main : '')
    expect(reader.metadata.planeCount).toBe(1)
    expect(reader.pageInfo(0)).toMatchObject({ width: 32, height: 32 })
    await reader.close()
    expect(await run({ input: stack, plane: { c: 0, z: 3, t: 0 } }).finished).toMatchObject({ ok: false, error: { code: 'bad-request' } })
  }, 60_000)

  it('refuses nonsense at start and reports missing files and models as coded failures', async () => {
    expect(() => run({ steps: 0 })).toThrow(expect.objectContaining({ code: 'bad-request' }))
    expect(() => run({ input: 'relative.tif' })).toThrow(expect.objectContaining({ code: 'bad-request' }))
    expect(() => run({ sampler: 'slow' as never })).toThrow(expect.objectContaining({ code: 'bad-request' }))
    expect(await run({ input: path.join(dir, 'missing.tif') }).finished).toMatchObject({ ok: false })
    expect(await run({ modelId: 'no-such-model' }).finished).toMatchObject({ ok: false, error: { code: 'not-found' } })
  }, 60_000)

  it('cancels a running and a queued run', async () => {
    const first = run({ steps: 40, samples: 4 })
    const queued = run({})
    first.progress.push = function (e) {
      if (e.fraction > 0.05) service.cancel(first.runId)
      return Array.prototype.push.call(this, e)
    }
    service.cancel(queued.runId)
    expect(await first.finished).toMatchObject({ ok: false, error: { code: 'cancelled' } })
    expect(await queued.finished).toMatchObject({ ok: false, error: { code: 'cancelled' } })
    expect(await run({ samples: 1, onExists: 'overwrite' }).finished).toMatchObject({ ok: true })
  }, 60_000)

  it('a worker killed mid-run fails the run with engine-crashed; the next run starts a fresh worker', async () => {
    const doomed = run({ steps: 40, samples: 4 })
    let killed: number | undefined
    doomed.progress.push = function (e) {
      if (e.fraction > 0.05 && killed === undefined) {
        killed = workerPid()
        process.kill(killed!, 'SIGKILL')
      }
      return Array.prototype.push.call(this, e)
    }
    expect(await doomed.finished).toMatchObject({ ok: false, error: { code: 'engine-crashed' } })
    expect(() => process.kill(killed!, 0)).toThrow()
    expect(await run({ samples: 1, onExists: 'overwrite' }).finished).toMatchObject({ ok: true })
    expect(workerPid()).not.toBe(killed)
  }, 60_000)
})

describe('RestoreService in-process (inWorker: false)', () => {
  it('runs the same request without a worker', async () => {
    const local = new RestoreService({ modelDirs: { builtIn: path.join(dir, 'models') }, previewsDir: path.join(dir, 'local'), app: { name: 'cvdm-studio', version: 'test' }, inWorker: false })
    try {
      const finished = new Promise<RestoreFinished>((resolve) => {
        local.start({ input, modelId: 'tiny', steps: 1, samples: 1 }, { progress: () => undefined, finished: resolve })
      })
      expect(await finished).toMatchObject({ ok: true, outputs: { main: path.join(dir, 'local', 'cell_cvdm.tif') } })
      expect((local as unknown as { engine: { workerPid?: number } }).engine.workerPid).toBeUndefined()
    } finally {
      await local.dispose()
    }
  }, 30_000)
})
