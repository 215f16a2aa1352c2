import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { ModelInfo } from '../../../shared/models'

const modelsApi = { list: vi.fn(), import: vi.fn(), export: vi.fn(), remove: vi.fn() }
vi.mock('../api', () => ({ api: { models: modelsApi } }))
const { useModelsStore } = await import('./models')

const model = (id: string, readOnly = false): ModelInfo => ({
  id, readOnly, path: `/models/${id}`, sha256: 'ab'.repeat(32), sizeBytes: 1000, preset: 'cvdm-xs', task: 'sr2x', scaleFactor: 2, lineage: {}, metrics: {}
})

describe('useModelsStore', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    vi.clearAllMocks()
  })

  it('lists shipped models first, then the user models by id', async () => {
    modelsApi.list.mockResolvedValue({ ok: true, value: [model('mine-10'), model('default-sr2x', true), model('mine-2')] })
    const store = useModelsStore()
    await store.load()
    expect(store.sorted.map((m) => m.id)).toEqual(['default-sr2x', 'mine-2', 'mine-10'])
  })

  it('imports, selects the new model and reloads; keeps an import error readable', async () => {
    modelsApi.import.mockResolvedValueOnce({ ok: false, error: { code: 'bad-model', message: 'model.json missing' } })
    const store = useModelsStore()
    expect(await store.importModel('/x.zip')).toBeUndefined()
    expect(store.error?.code).toBe('bad-model')
    modelsApi.import.mockResolvedValueOnce({ ok: true, value: model('new') })
    modelsApi.list.mockResolvedValue({ ok: true, value: [model('new')] })
    expect((await store.importModel('  /m.zip '))?.id).toBe('new')
    expect(modelsApi.import).toHaveBeenLastCalledWith('/m.zip')
    expect(store.selected?.id).toBe('new')
    expect(store.error).toBeUndefined()
    expect(store.notice).toContain('new')
  })

  it('exports to a folder and returns the zip path', async () => {
    modelsApi.export.mockResolvedValueOnce({ ok: true, value: '/out/new.zip' })
    const store = useModelsStore()
    expect(await store.exportModel('new', '/out')).toBe('/out/new.zip')
    expect(store.notice).toContain('/out/new.zip')
  })

  it('removes a model, clears the selection, and keeps a read-only refusal', async () => {
    modelsApi.list.mockResolvedValue({ ok: true, value: [model('a'), model('default-sr2x', true)] })
    const store = useModelsStore()
    await store.load()
    store.select('a')
    modelsApi.remove.mockResolvedValueOnce({ ok: true, value: undefined })
    modelsApi.list.mockResolvedValue({ ok: true, value: [model('default-sr2x', true)] })
    expect(await store.remove('a')).toBe(true)
    expect(store.selectedId).toBeUndefined()
    expect(store.models).toHaveLength(1)
    modelsApi.remove.mockResolvedValueOnce({ ok: false, error: { code: 'read-only', message: 'shipped' } })
    expect(await store.remove('default-sr2x')).toBe(false)
    expect(store.error?.code).toBe('read-only')
    expect(store.notice).toBeUndefined()
  })
})
