import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { DirListing, ImageSummary } from '../../../shared/image'

const listDir = vi.fn()
const readSummary = vi.fn()
vi.mock('../api', () => ({
  api: { files: { listDir: (...args: unknown[]) => listDir(...args) }, image: { readSummary: (path: string) => readSummary(path) } }
}))

const { useBrowserStore, LAST_FOLDER_KEY } = await import('./browser')

const listing = (path: string, parent?: string): DirListing => ({
  path,
  parent,
  roots: ['/data'],
  entries: [
    { name: 'img10.tif', path: `${path}/img10.tif`, kind: 'tiff', sizeBytes: 10 },
    { name: 'zeta', path: `${path}/zeta`, kind: 'dir', sizeBytes: 0 },
    { name: 'img2.tif', path: `${path}/img2.tif`, kind: 'tiff', sizeBytes: 20 },
    { name: 'Alpha', path: `${path}/Alpha`, kind: 'dir', sizeBytes: 0 }
  ]
})
const summary = { path: '/data/img2.tif', name: 'img2.tif', width: 4, height: 3 } as ImageSummary

describe('useBrowserStore', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    listDir.mockReset()
    readSummary.mockReset()
    localStorage.clear()
  })

  it('lists folders first, then TIFFs, in natural order, and filters by name', async () => {
    listDir.mockResolvedValue({ ok: true, value: listing('/data') })
    const store = useBrowserStore()
    await store.init()
    expect(listDir).toHaveBeenCalledWith()
    expect(store.entries.map((e) => e.name)).toEqual(['Alpha', 'zeta', 'img2.tif', 'img10.tif'])
    expect(store.tiffCount).toBe(2)
    store.filter = 'IMG1'
    expect(store.entries.map((e) => e.name)).toEqual(['img10.tif'])
  })

  it('remembers the folder and reopens it next time, falling back to the default root when refused', async () => {
    listDir.mockResolvedValue({ ok: true, value: listing('/data/sub', '/data') })
    await useBrowserStore().open('/data/sub')
    expect(localStorage.getItem(LAST_FOLDER_KEY)).toBe('/data/sub')

    setActivePinia(createPinia())
    listDir.mockReset()
    listDir.mockResolvedValueOnce({ ok: false, error: { code: 'forbidden-path', message: 'outside' } })
    listDir.mockResolvedValueOnce({ ok: true, value: listing('/data') })
    const store = useBrowserStore()
    await store.init()
    expect(listDir.mock.calls).toEqual([['/data/sub'], []])
    expect(store.listing?.path).toBe('/data')
    expect(store.error).toBeUndefined()
  })

  it('keeps the listing and shows the error when a folder is refused; goes up to the parent', async () => {
    listDir.mockResolvedValueOnce({ ok: true, value: listing('/data/sub', '/data') })
    const store = useBrowserStore()
    await store.open('/data/sub')
    listDir.mockResolvedValueOnce({ ok: false, error: { code: 'forbidden-path', message: '/etc is outside' } })
    expect(await store.open('/etc')).toBe(false)
    expect(store.error?.code).toBe('forbidden-path')
    expect(store.listing?.path).toBe('/data/sub')
    listDir.mockResolvedValueOnce({ ok: true, value: listing('/data') })
    await store.up()
    expect(listDir).toHaveBeenLastCalledWith('/data')
    expect(store.error).toBeUndefined()
  })

  it('ignores a slow listing that a newer navigation overtook', async () => {
    let release!: (v: unknown) => void
    listDir.mockReturnValueOnce(new Promise((resolve) => (release = resolve)))
    listDir.mockResolvedValueOnce({ ok: true, value: listing('/data/b') })
    const store = useBrowserStore()
    const slow = store.open('/data/a')
    await store.open('/data/b')
    release({ ok: true, value: listing('/data/a') })
    await slow
    expect(store.listing?.path).toBe('/data/b')
  })

  it('selects a TIFF and reads its summary, or keeps the coded error', async () => {
    readSummary.mockResolvedValueOnce({ ok: true, value: summary })
    const store = useBrowserStore()
    expect(await store.select('/data/img2.tif')).toBe(summary)
    expect(store.selectedPath).toBe('/data/img2.tif')
    expect(store.summary).toStrictEqual(summary)
    readSummary.mockResolvedValueOnce({ ok: false, error: { code: 'not-tiff', message: 'no II/MM' } })
    expect(await store.select('/data/x.tif')).toBeUndefined()
    expect(store.summary).toBeUndefined()
    expect(store.summaryError?.code).toBe('not-tiff')
  })
})
