import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, markRaw, ref, shallowRef } from 'vue'
import type { ErrorInfo } from '../../../shared/errors'
import type { Result } from '../../../shared/result'
import type { ImageSummary, PlaneData, PlaneRequest } from '../../../shared/image'
import { api } from '../api'
import { DOMAIN_TAIL_PERCENT, fineHistogram, saturatedRange } from '../lib/auto-contrast'
import { isIntegerType } from '../lib/format'
import { rebin, type Histogram } from '../lib/histogram'
import { COMPOSITE_DEFAULTS, lutFromFileName, type LutName } from '../lib/lut'
import { PlaneCache, planeKey } from '../lib/plane-cache'
import { clampZoom, constrainView, fitView, panBy as panView, stepZoomLevel, zoomTo, type Point, type Size, type ViewState } from '../lib/view-transform'

/** Hyperstack axes the sliders move. */
export type StackAxis = 't' | 'z' | 'c'
/** A position in the hyperstack. */
export type StackIndex = Record<StackAxis, number>

/** How one channel is shown: display range (a view setting, never a data edit) and LUT. */
export interface ChannelDisplay {
  /** Undefined until set by the file, by Auto on the first plane, or by the user. */
  range?: [number, number]
  lut: LutName
}

/** ImageJ's display modes for multi-channel images: one channel in its LUT, or the active channels added. */
export type ChannelMode = 'color' | 'composite'

/** Bins of the display panel's histogram. */
export const HISTOGRAM_BINS = 256

/** The open image: summary, the plane shown, per-channel display settings and the view (zoom/pan). */
export const useViewerStore = defineStore('viewer', () => {
  const summary = shallowRef<ImageSummary>()
  const index = ref<StackIndex>({ t: 0, z: 0, c: 0 })
  const plane = shallowRef<PlaneData>()
  /** In composite mode: the shown plane of every active channel (undefined for inactive ones), by channel. */
  const channelPlanes = shallowRef<(PlaneData | undefined)[]>([])
  const planeIndex = ref<StackIndex>()
  const mode = ref<ChannelMode>('color')
  /** Which channels a composite adds (ImageJ's channel checkboxes). */
  const active = ref<boolean[]>([])
  const planeLoading = ref(false)
  const error = ref<ErrorInfo>()
  const displays = ref<ChannelDisplay[]>([])
  const view = ref<ViewState>({ zoom: 1, centerX: 0, centerY: 0 })
  const fit = ref(true)
  const viewport = ref<Size>({ width: 0, height: 0 })
  let cache = new PlaneCache<PlaneData>(8, 768 * 2 ** 20)
  let generation = 0
  let busy = false
  /** Reads in flight by plane key, so a prefetch and a real request never fetch the same plane twice. */
  let inflight = new Map<string, Promise<Result<PlaneData>>>()
  /** The direction of the last slice step, for prefetching the next one. */
  let lastStep: { axis: StackAxis; delta: number } | undefined

  const channel = computed(() => planeIndex.value?.c ?? index.value.c)
  const display = computed<ChannelDisplay | undefined>(() => displays.value[channel.value])
  /** The range the renderer uses: the channel's, else the plane's full range. */
  const displayRange = computed<[number, number]>(() => display.value?.range ?? (plane.value ? [plane.value.min, plane.value.max] : [0, 1]))
  /** One fine histogram per plane (exact for integers): Auto, the slider domain and the plot all come from it. */
  const fine = computed<Histogram | undefined>(() => (plane.value ? planeHistogram(plane.value) : undefined))
  /** The plane's typical span (0.01 % tails left out, so hot pixels don't squash it); the histogram covers it. */
  const dataDomain = computed<[number, number]>(() => saturatedRange(fine.value, DOMAIN_TAIL_PERCENT))
  /** What the min/max sliders span: the data domain widened to include the display range. */
  const domain = computed<[number, number]>(() => {
    const [rlo, rhi] = displayRange.value
    return [Math.min(dataDomain.value[0], rlo), Math.max(dataDomain.value[1], rhi)]
  })
  const histogram = computed<Histogram | undefined>(() => (fine.value ? rebin(fine.value, HISTOGRAM_BINS, dataDomain.value[0], dataDomain.value[1]) : undefined))
  const imageSize = computed<Size | undefined>(() => (summary.value ? { width: summary.value.width, height: summary.value.height } : undefined))

  /** The planes the current view needs: the current channel, plus every active one in composite mode. */
  function wanted(): PlaneRequest[] {
    const s = summary.value
    if (!s) return []
    const { t, z, c } = index.value
    const channels = mode.value === 'composite' ? displays.value.map((_, i) => i).filter((i) => active.value[i] || i === c) : [c]
    return channels.map((ch) => ({ path: s.path, t, z, c: ch }))
  }

  function knownRange(data: PlaneData): { min?: number; max?: number } {
    return Number.isFinite(data.min) && Number.isFinite(data.max) ? { min: data.min, max: data.max } : {}
  }

  const histograms = new WeakMap<PlaneData, Histogram | undefined>()
  function planeHistogram(data: PlaneData): Histogram | undefined {
    if (!histograms.has(data)) histograms.set(data, fineHistogram(data.data, { integer: isIntegerType(data.dtype), ...knownRange(data) }))
    return histograms.get(data)
  }

  function autoRange(data: PlaneData): [number, number] {
    return saturatedRange(planeHistogram(data))
  }

  /** Shows the wanted planes (all cached), setting Auto ranges for channels seen for the first time. */
  function show(requests: PlaneRequest[]): void {
    const byChannel: (PlaneData | undefined)[] = []
    for (const r of requests) {
      const data = cache.get(planeKey(r))!
      byChannel[r.c] = data
      const channelDisplay = displays.value[r.c]
      if (channelDisplay && !channelDisplay.range) channelDisplay.range = autoRange(data)
    }
    const { t, z, c } = index.value
    plane.value = byChannel[c]
    channelPlanes.value = mode.value === 'composite' ? byChannel : []
    planeIndex.value = { t, z, c }
    error.value = undefined
  }

  /** Reads a plane into the cache (shared with any read of the same plane already in flight). */
  function fetchPlane(request: PlaneRequest): Promise<Result<PlaneData>> {
    const key = planeKey(request)
    const running = inflight.get(key)
    if (running) return running
    const gen = generation
    const reads = inflight
    const read = api.image.readPlane(request).then((result) => {
      reads.delete(key)
      if (result.ok && gen === generation) cache.set(key, markRaw(result.value), result.value.data.byteLength)
      return result
    })
    reads.set(key, read)
    return read
  }

  /** After a step along Z or T, reads the next slice in the same direction in the background. */
  function prefetch(): void {
    const s = summary.value
    if (!s || !lastStep || lastStep.axis === 'c') return
    const { axis, delta } = lastStep
    const next = index.value[axis] + Math.sign(delta)
    if (next < 0 || next >= s.sizes[axis]) return
    for (const r of wanted()) {
      const ahead = { ...r, [axis]: next }
      if (!cache.has(planeKey(ahead))) void fetchPlane(ahead)
    }
  }

  /**
   * Shows the plane at `index`, from the cache or the host. While a read is in flight, further calls only move
   * the target: the loop then fetches the newest index, so scrubbing a slider never queues dozens of reads.
   */
  async function ensurePlane(): Promise<void> {
    if (busy) return
    busy = true
    const gen = generation
    try {
      for (;;) {
        const requests = wanted()
        if (!requests.length || gen !== generation) return
        const missing = requests.find((r) => !cache.has(planeKey(r)))
        if (!missing) {
          show(requests)
          return prefetch()
        }
        planeLoading.value = true
        const result = await fetchPlane(missing)
        if (gen !== generation) return
        const key = planeKey(missing)
        if (!result.ok && wanted().some((r) => planeKey(r) === key)) {
          error.value = result.error
          return
        }
      }
    } finally {
      if (gen === generation) {
        busy = false
        planeLoading.value = false
      }
    }
  }

  /** Opens an image (its summary from the browser) at its first plane, fitted to the window. */
  async function open(next: ImageSummary): Promise<void> {
    generation++
    busy = false
    inflight = new Map()
    lastStep = undefined
    // Room for every channel of a few slices, so composites and Z scrubbing don't evict each other.
    cache = new PlaneCache<PlaneData>(Math.max(8, 3 * next.sizes.c), 768 * 2 ** 20)
    summary.value = next
    plane.value = undefined
    channelPlanes.value = []
    mode.value = next.sizes.c > 1 ? 'composite' : 'color'
    active.value = Array.from({ length: Math.max(1, next.sizes.c) }, () => true)
    planeIndex.value = undefined
    error.value = undefined
    index.value = { t: 0, z: 0, c: 0 }
    displays.value = Array.from({ length: Math.max(1, next.sizes.c) }, (_, c) => {
      const meta = next.channels[c]
      const lut = lutFromFileName(meta?.lut) ?? (next.sizes.c > 1 ? COMPOSITE_DEFAULTS[c % COMPOSITE_DEFAULTS.length] : 'gray')
      return { lut, ...(meta?.displayRange ? { range: [...meta.displayRange] as [number, number] } : {}) }
    })
    fitToWindow()
    await ensurePlane()
  }

  /** Closes the image. */
  function close(): void {
    generation++
    busy = false
    inflight = new Map()
    cache.clear()
    summary.value = plane.value = planeIndex.value = error.value = undefined
    channelPlanes.value = []
    displays.value = []
    planeLoading.value = false
  }

  /** Moves to another plane (indices are clamped to the stack) and loads it. */
  async function setIndex(next: Partial<StackIndex>): Promise<void> {
    const s = summary.value
    if (!s) return
    const clamp = (v: number | undefined, size: number, old: number): number => Math.min(size - 1, Math.max(0, Math.round(v ?? old)))
    const moved = { t: clamp(next.t, s.sizes.t, index.value.t), z: clamp(next.z, s.sizes.z, index.value.z), c: clamp(next.c, s.sizes.c, index.value.c) }
    if (moved.t === index.value.t && moved.z === index.value.z && moved.c === index.value.c) return
    if (moved.z !== index.value.z) lastStep = { axis: 'z', delta: moved.z - index.value.z }
    else if (moved.t !== index.value.t) lastStep = { axis: 't', delta: moved.t - index.value.t }
    index.value = moved
    await ensurePlane()
  }

  /** Steps one axis by `delta`. */
  async function step(axis: StackAxis, delta: number): Promise<void> {
    await setIndex({ [axis]: index.value[axis] + delta })
  }

  /** ImageJ's `,` / `.`: previous/next slice (Z, or T when there is no Z, or C when that is all there is). */
  async function stepSlice(delta: number): Promise<void> {
    const sizes = summary.value?.sizes
    if (!sizes) return
    const axis: StackAxis = sizes.z > 1 ? 'z' : sizes.t > 1 ? 't' : 'c'
    await step(axis, delta)
  }

  /** Composite (active channels added) or one channel in its LUT; loads what the new mode needs. */
  async function setMode(next: ChannelMode): Promise<void> {
    if (mode.value === next) return
    mode.value = next
    await ensurePlane()
  }

  /** Turns a channel on or off in the composite. */
  async function setActive(c: number, on: boolean): Promise<void> {
    if (c < 0 || c >= active.value.length) return
    active.value[c] = on
    await ensurePlane()
  }

  /** Sets the current channel's display range (swapped if given upside down). */
  function setRange(range: [number, number]): void {
    const d = displays.value[channel.value]
    if (!d || !range.every(Number.isFinite)) return
    d.range = range[0] <= range[1] ? [range[0], range[1]] : [range[1], range[0]]
  }

  /** Sets the current channel's LUT. */
  function setLut(lut: LutName): void {
    const d = displays.value[channel.value]
    if (d) d.lut = lut
  }

  /** ImageJ "Auto": saturate 0.35 % of the current plane's pixels. */
  function autoContrastCurrent(): void {
    if (plane.value) setRange(autoRange(plane.value))
  }

  /** ImageJ "Reset": the current plane's full min–max. */
  function resetRange(): void {
    if (plane.value) setRange([plane.value.min, plane.value.max])
  }

  /** The viewer reports its size (CSS pixels); a fitted view re-fits. */
  function setViewport(size: Size): void {
    viewport.value = { width: size.width, height: size.height }
    if (fit.value) fitToWindow()
  }

  /** Sets zoom/pan (from drag or wheel), keeping part of the image on screen; leaves fit mode. */
  function setView(next: ViewState): void {
    fit.value = false
    view.value = imageSize.value && viewport.value.width > 0 ? constrainView(next, viewport.value, imageSize.value) : next
  }

  /** Fits the whole image into the viewport and stays fitted on resize. */
  function fitToWindow(): void {
    fit.value = true
    if (imageSize.value && viewport.value.width > 0 && viewport.value.height > 0) view.value = fitView(imageSize.value, viewport.value)
  }

  /** Zooms by `factor` about `anchor` (screen point; default the centre). */
  function zoomBy(factor: number, anchor?: Point): void {
    setView(zoomTo(view.value, viewport.value, clampZoom(view.value.zoom * factor), anchor))
  }

  /** `+` / `-`: the next ImageJ zoom level. */
  function zoomStep(direction: 1 | -1, anchor?: Point): void {
    setView(zoomTo(view.value, viewport.value, stepZoomLevel(view.value.zoom, direction), anchor))
  }

  /** 100 %: one image pixel per screen pixel. */
  function zoomActual(): void {
    setView(zoomTo(view.value, viewport.value, 1))
  }

  /** Moves the image by a screen-space drag. */
  function panBy(dx: number, dy: number): void {
    setView(panView(view.value, dx, dy))
  }

  return {
    summary, index, plane, channelPlanes, planeIndex, mode, active, planeLoading, error, displays, view, fit, viewport,
    channel, display, displayRange, domain, histogram, imageSize,
    open, close, setIndex, step, stepSlice, setMode, setActive, setRange, setLut, autoContrast: autoContrastCurrent, resetRange,
    setViewport, setView, fitToWindow, zoomBy, zoomStep, zoomActual, panBy
  }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useViewerStore, import.meta.hot))
