import { mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import type { JobSnapshot, JobSummary } from '../../shared/jobs'
import type { ModelInfo } from '../../shared/models'
import { createInvokeHandlers } from './handlers'
import type { DomainServices, JobsControl } from './services'

let root: string
let outside: string
let previews: string

beforeAll(() => {
  const base = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'cvdm-handlers-')))
  root = path.join(base, 'data')
  outside = path.join(base, 'elsewhere')
  previews = path.join(base, 'home', 'previews')
  for (const d of [root, outside, previews]) mkdirSync(d, { recursive: true })
  writeFileSync(path.join(root, 'a.tif'), 'x')
  writeFileSync(path.join(outside, 'secret.tif'), 'x')
  writeFileSync(path.join(previews, 'a_roi_cvdm.tif'), 'x')
  symlinkSync(outside, path.join(root, 'link-out'))
})

const identity = { name: 'cvdm-studio', version: '0.0.0' }
const forbidden = expect.objectContaining({ code: 'forbidden-path' })

function fakeServices() {
  const emitted: [string, unknown][] = []
  const restore = {
    start: vi.fn((_request: unknown, events: { progress(e: unknown): void; finished(e: unknown): void }) => {
      events.progress({ runId: 'r1', fraction: 0.5, elapsedMs: 10, etaMs: 10 })
      events.finished({ runId: 'r1', ok: true, outputs: { main: '/m.tif' }, modelId: 'm', backend: 'wasm', elapsedMs: 20 })
      return { runId: 'r1' }
    }),
    cancel: vi.fn(),
    dispose: async () => undefined
  }
  const models = {
    list: vi.fn(async () => [{ id: 'm' } as ModelInfo]),
    get: vi.fn(),
    importModel: vi.fn(async (source: string) => ({ id: path.basename(source) }) as ModelInfo),
    exportModel: vi.fn(async (id: string, folder: string) => path.join(folder, `${id}.zip`)),
    remove: vi.fn(async () => undefined)
  }
  const job = { id: 'job1', state: 'queued', spec: { outputDir: root, options: { modelId: 'm', steps: 2, samples: 1, sampler: 'fast', seed: 0 }, inputRoot: root, onExists: 'skip' }, files: [], createdAt: 0, updatedAt: 0, control: 'active', position: 0, total: 0, counts: {} } as unknown as JobSnapshot
  const jobs: JobsControl & { listed: JobSummary[] } = {
    listed: [job],
    list: vi.fn(() => jobs.listed),
    get: vi.fn((id: string) => (id === 'job1' ? job : undefined)),
    enqueue: vi.fn(() => ({ id: 'job1', files: 1 })),
    pause: vi.fn(),
    resume: vi.fn(),
    cancel: vi.fn(),
    retry: vi.fn(),
    move: vi.fn()
  }
  const finetune = { start: vi.fn(() => ({ runId: 'f1' })), stop: vi.fn(), listRuns: vi.fn(async () => [{ name: 'lab', step: 40, savedAt: 1, request: { lowDir: root, highDir: root, name: 'lab' } }]), dispose: async () => undefined }
  const discoverPairs = vi.fn(async () => ({ pairs: [], problems: [] }))
  const services: DomainServices = { restore, models, jobs, finetune, discoverPairs, runInfo: () => ({ backend: 'wasm' }) }
  const handlers = createInvokeHandlers({ host: 'browser', identity, roots: [root], appFolders: [previews], services, emit: (c, ...p) => void emitted.push([c, p[0]]) })
  return { handlers, restore, models, jobs, finetune, discoverPairs, emitted }
}

describe('core handlers: paths from the UI', () => {
  it('restores a file inside the roots, with resolved paths, and forwards the run events', async () => {
    const { handlers, restore, emitted } = fakeServices()
    const started = await handlers['restore:start']({ input: path.join(root, 'sub', '..', 'a.tif'), outputDir: path.join(root, 'new', 'out'), steps: 2 })
    expect(started).toEqual({ runId: 'r1' })
    expect(restore.start.mock.calls[0][0]).toEqual({ input: path.join(root, 'a.tif'), outputDir: path.join(root, 'new', 'out'), steps: 2 })
    expect(emitted.map(([c]) => c)).toEqual(['restore:progress', 'restore:finished'])
  })

  it('refuses inputs and output folders outside the roots, also through symlinks', async () => {
    const { handlers, restore } = fakeServices()
    await expect(handlers['restore:start']({ input: path.join(outside, 'secret.tif') })).rejects.toEqual(forbidden)
    await expect(handlers['restore:start']({ input: path.join(root, 'link-out', 'secret.tif') })).rejects.toEqual(forbidden)
    await expect(handlers['restore:start']({ input: 'a.tif' })).rejects.toEqual(forbidden)
    await expect(handlers['restore:start']({ input: path.join(root, 'a.tif'), outputDir: path.join(outside, 'o') })).rejects.toEqual(forbidden)
    await expect(handlers['restore:start']({ input: path.join(root, 'a.tif'), outputDir: path.join(root, '..', 'elsewhere') })).rejects.toEqual(forbidden)
    await expect(handlers['restore:start']({ input: path.join(root, 'a.tif'), outputDir: path.join(root, 'link-out', 'new') })).rejects.toEqual(forbidden)
    expect(restore.start).not.toHaveBeenCalled()
  })

  it('lets the UI open restore outputs in the previews folder', async () => {
    const { handlers } = fakeServices()
    await expect(handlers['image:read-summary'](path.join(previews, 'a_roi_cvdm.tif'))).rejects.toMatchObject({ code: 'not-tiff' })
    await expect(handlers['image:read-summary'](path.join(outside, 'secret.tif'))).rejects.toEqual(forbidden)
  })

  it('makes thumbnails only inside the readable roots; a bad file answers its coded error', async () => {
    const { handlers } = fakeServices()
    await expect(handlers['image:thumbnail'](path.join(outside, 'secret.tif'), 64)).rejects.toEqual(forbidden)
    await expect(handlers['image:thumbnail'](path.join(root, 'link-out', 'secret.tif'), 64)).rejects.toEqual(forbidden)
    await expect(handlers['image:thumbnail']('a.tif', 64)).rejects.toEqual(forbidden)
    await expect(handlers['image:thumbnail'](path.join(root, 'a.tif'), 64)).rejects.toMatchObject({ code: 'not-tiff' })
  })

  it('checks model import sources and export folders', async () => {
    const { handlers, models } = fakeServices()
    expect(await handlers['models:export']('m', path.join(root, 'exports'))).toBe(path.join(root, 'exports', 'm.zip'))
    await expect(handlers['models:export']('m', outside)).rejects.toEqual(forbidden)
    await expect(handlers['models:import'](path.join(outside, 'secret.tif'))).rejects.toEqual(forbidden)
    expect(models.importModel).not.toHaveBeenCalled()
    expect(await handlers['models:list']()).toEqual([{ id: 'm' }])
  })

  it('checks pair folders and forwards fine-tune events', async () => {
    const { handlers, discoverPairs, finetune } = fakeServices()
    await handlers['finetune:discover'](root, previews)
    expect(discoverPairs).toHaveBeenCalledWith(root, previews)
    await expect(handlers['finetune:discover'](root, outside)).rejects.toEqual(forbidden)
    await expect(handlers['finetune:start']({ lowDir: outside, highDir: root, name: 'x' })).rejects.toEqual(forbidden)
    expect(finetune.start).not.toHaveBeenCalled()
    expect(await handlers['finetune:list-runs']()).toMatchObject([{ name: 'lab', step: 40 }])
  })
})

describe('core handlers: jobs', () => {
  it('enqueues with checked paths and returns the job summary', async () => {
    const { handlers, jobs } = fakeServices()
    const summary = await handlers['jobs:enqueue']({ inputs: [path.join(root, 'a.tif')], outputDir: path.join(root, 'out'), options: { modelId: 'm' } as never })
    expect(summary.id).toBe('job1')
    await expect(handlers['jobs:enqueue']({ inputs: [path.join(outside, 'secret.tif')], outputDir: root, options: { modelId: 'm' } as never })).rejects.toEqual(forbidden)
    expect(jobs.enqueue).toHaveBeenCalledTimes(1)
  })

  it('describes a job queued through another process’s inbox', async () => {
    const { handlers, jobs } = fakeServices()
    jobs.listed = []
    const summary = await handlers['jobs:enqueue']({ inputs: [path.join(root, 'a.tif')], outputDir: path.join(root, 'out'), options: { modelId: 'm' } as never })
    expect(summary).toMatchObject({ id: 'job1', state: 'queued', total: 1, counts: { queued: 1, done: 0 } })
    expect(summary.spec.outputDir).toBe(path.join(root, 'out'))
  })

  it('maps control actions, reports unknown jobs as not-found and renders the report', async () => {
    const { handlers, jobs } = fakeServices()
    handlers['jobs:control']('job1', 'retry')
    handlers['jobs:control']('job1', 'pause')
    expect(jobs.retry).toHaveBeenCalledWith('job1')
    expect(jobs.pause).toHaveBeenCalledWith('job1')
    expect(() => handlers['jobs:get']('nope')).toThrow(expect.objectContaining({ code: 'not-found' }))
    expect(await handlers['jobs:report']('job1')).toMatch(/^# CVDM batch report — job job1/)
  })
})

describe('core handlers: host capabilities', () => {
  it('refuses the folder dialog without a native picker and answers backend-unavailable for missing services', async () => {
    const handlers = createInvokeHandlers({ host: 'browser', identity, roots: [root] })
    await expect(handlers['dialog:pick-folder']()).rejects.toMatchObject({ code: 'bad-request', message: /folder browser/ })
    expect(() => handlers['models:list']()).toThrow(expect.objectContaining({ code: 'backend-unavailable' }))
  })

  it('returns a picked folder only when it lies inside the roots', async () => {
    const picks = [root, outside, null]
    const handlers = createInvokeHandlers({ host: 'electron', identity, roots: [root], pickFolder: async () => picks.shift()! })
    expect(await handlers['dialog:pick-folder']()).toBe(root)
    await expect(handlers['dialog:pick-folder']()).rejects.toEqual(forbidden)
    expect(await handlers['dialog:pick-folder']()).toBeNull()
  })
})
