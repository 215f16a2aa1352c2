import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { DirEntry, DirListing, Thumbnail } from '../../../../shared/image'
import type { Result } from '../../../../shared/result'
import { ThumbnailQueue } from '../../lib/thumbnail-queue'

const thumbnail = vi.fn(async (path: string, side: number): Promise<Result<Thumbnail>> => {
  if (path.endsWith('bad.tif')) return { ok: false, error: { code: 'not-tiff', message: `${path} is not a TIFF.` } }
  return { ok: true, value: { width: side, height: side / 2, data: new Uint8Array((side * side) / 2) } }
})
vi.mock('../../api', () => ({ api: { image: { thumbnail } } }))

const { default: FileBrowser } = await import('./FileBrowser.vue')
const { default: FileBrowserSummary } = await import('./FileBrowserSummary.vue')

const LISTING: DirListing = {
  path: '/data/exp1',
  parent: '/data',
  roots: ['/data'],
  entries: [
    { name: 'cells', path: '/data/exp1/cells', kind: 'dir', sizeBytes: 0 },
    { name: 'a.tif', path: '/data/exp1/a.tif', kind: 'tiff', sizeBytes: 2_500_000 }
  ]
}

describe('FileBrowser', () => {
  it('lists entries with sizes, opens folders and selects TIFFs', async () => {
    const wrapper = mount(FileBrowser, { props: { listing: LISTING, entries: LISTING.entries, filter: '', selectedPath: '/data/exp1/a.tif' } })
    expect(wrapper.get('[data-testid="entry-a.tif"]').text()).toContain('2.50 MB')
    expect(wrapper.get('[data-testid="entry-a.tif"]').attributes('aria-current')).toBe('true')
    await wrapper.get('[data-testid="entry-cells"]').trigger('click')
    await wrapper.get('[data-testid="entry-a.tif"]').trigger('click')
    await wrapper.get('[data-testid="browser-up"]').trigger('click')
    expect(wrapper.emitted('navigate')).toEqual([['/data/exp1/cells']])
    expect(wrapper.emitted('select')).toEqual([['/data/exp1/a.tif']])
    expect(wrapper.emitted('up')).toHaveLength(1)
  })

  it('shows breadcrumbs from the allowed root', async () => {
    const wrapper = mount(FileBrowser, { props: { listing: LISTING, entries: [], filter: '' } })
    const crumbs = wrapper.findAll('[data-testid="browser-path"] button')
    expect(crumbs.map((c) => c.text())).toEqual(['/data', 'exp1'])
    await crumbs[0].trigger('click')
    expect(wrapper.emitted('navigate')).toEqual([['/data']])
    expect(wrapper.text()).toContain('No TIFFs or folders here.')
  })

  it('shows a coded error as readable text', () => {
    const wrapper = mount(FileBrowser, {
      props: { entries: [], filter: '', error: { code: 'forbidden-path', message: '/etc is outside the folders this app may open' } }
    })
    const note = wrapper.get('[data-testid="browser-error"]')
    expect(note.attributes('data-error-code')).toBe('forbidden-path')
    expect(note.text()).toContain('outside the folders this app may open')
    expect(note.text()).toContain('--root')
  })
})

const tiffs = (n: number): DirEntry[] => Array.from({ length: n }, (_, i) => ({ name: `img${i}.tif`, path: `/data/img${i}.tif`, kind: 'tiff', sizeBytes: 100 + i }))

describe('FileBrowser thumbnails', () => {
  beforeEach(() => {
    thumbnail.mockClear()
  })
  afterEach(() => vi.unstubAllGlobals())

  it('without IntersectionObserver (jsdom) loads every thumbnail, and a bad file shows a warning icon in its row', async () => {
    const entries: DirEntry[] = [...tiffs(3), { name: 'bad.tif', path: '/data/bad.tif', kind: 'tiff', sizeBytes: 1 }]
    const wrapper = mount(FileBrowser, { props: { listing: { ...LISTING, entries }, entries, filter: '' } })
    await flushPromises()
    expect(thumbnail).toHaveBeenCalledTimes(4)
    expect(thumbnail).toHaveBeenCalledWith('/data/img0.tif', 64)
    const ok = wrapper.get('[data-testid="entry-img1.tif"] [data-testid="thumb"]')
    expect(ok.attributes('data-state')).toBe('loaded')
    expect(ok.get('canvas').attributes()).toMatchObject({ width: '64', height: '32' })
    const bad = wrapper.get('[data-testid="entry-bad.tif"] [data-testid="thumb"]')
    expect(bad.attributes('data-state')).toBe('error')
    expect(bad.get('.bad').attributes('title')).toContain('not-tiff')
    expect(wrapper.get('[data-testid="entry-bad.tif"]').text()).toContain('bad.tif')
  })

  it('loads only the rows that scroll into view', async () => {
    const observed: { el: Element; fire: () => void }[] = []
    class FakeObserver {
      constructor(private readonly callback: IntersectionObserverCallback) {}
      observe(el: Element): void {
        observed.push({ el, fire: () => this.callback([{ isIntersecting: true, target: el } as IntersectionObserverEntry], this as never) })
      }
      disconnect(): void {}
    }
    vi.stubGlobal('IntersectionObserver', FakeObserver)
    const entries = tiffs(500)
    const wrapper = mount(FileBrowser, { props: { listing: { ...LISTING, entries }, entries, filter: '' } })
    await flushPromises()
    expect(observed).toHaveLength(500)
    expect(thumbnail).not.toHaveBeenCalled()
    observed[10].fire()
    observed[11].fire()
    await flushPromises()
    expect(thumbnail.mock.calls.map(([p]) => p)).toEqual(['/data/img10.tif', '/data/img11.tif'])
    expect(wrapper.findAll('[data-state="loaded"]')).toHaveLength(2)
    expect(wrapper.findAll('[data-state="idle"]')).toHaveLength(498)
  })
})

describe('ThumbnailQueue', () => {
  it('runs at most two fetches at once, caches answers and forgets them on clear', async () => {
    let release: () => void = () => undefined
    const gate = new Promise<void>((resolve) => (release = resolve))
    let peak = 0
    let running = 0
    const fetch = vi.fn(async (path: string): Promise<Result<Thumbnail>> => {
      peak = Math.max(peak, ++running)
      await gate
      running--
      return { ok: true, value: { width: 1, height: 1, data: Uint8Array.from([path.length]) } }
    })
    const queue = new ThumbnailQueue(fetch, 2, 64)
    const all = Promise.all(['/a.tif', '/bb.tif', '/ccc.tif', '/a.tif'].map((p) => queue.load(p, 1)))
    await flushPromises()
    expect(queue.active).toBe(2)
    release()
    const results = await all
    expect(peak).toBe(2)
    expect(fetch).toHaveBeenCalledTimes(3)
    expect(results.map((r) => (r.ok ? r.value.data[0] : -1))).toEqual([6, 7, 8, 6])
    queue.clear()
    await queue.load('/a.tif', 1)
    expect(fetch).toHaveBeenCalledTimes(4)
  })
})

describe('FileBrowserSummary', () => {
  it('shows dims, type and calibration', () => {
    const wrapper = mount(FileBrowserSummary, {
      props: {
        summary: {
          path: '/d/s.tif', name: 's.tif', sizeBytes: 1_310_000, width: 320, height: 256, dtype: 'uint16',
          sizes: { t: 1, z: 8, c: 1 }, physicalSize: { x: 0.1625, y: 0.1625, z: 0.5, unit: 'micron' }, channels: [{}]
        }
      }
    })
    const text = wrapper.text()
    expect(text).toContain('320 × 256 · 8 z')
    expect(text).toContain('uint16 (16-bit)')
    expect(text).toContain('0.1625 × 0.1625 × 0.5 µm')
    expect(text).toContain('52 × 41.6 µm')
  })
})
