import { acceptHMRUpdate, defineStore, storeToRefs } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { ErrorInfo } from '../../../shared/errors'
import type { PlaneData } from '../../../shared/image'
import type { Roi } from '../../../shared/jobs'
import { preferredModel, type ModelInfo } from '../../../shared/models'
import type { PlaneIndex, RestoreOutputs, RestoreProgressEvent, RestoreRequest } from '../../../shared/restore'
import type { Polygon } from '../../../shared/roi-polygon'
import { api } from '../api'
import type { RestoredPlacement } from '../lib/compare-mapping'
import { useSettingsStore } from './settings'

/** How the result is compared with the input. */
export type CompareMode = 'side-by-side' | 'slider'

/** A finished run, as the compare view needs it. */
export interface RestoreResult {
  input: string
  outputs: RestoreOutputs
  modelId: string
  backend: string
  elapsedMs: number
  /** The ROI restored (input pixels), undefined for the whole image. */
  roi?: Roi
  /** Which plane of the output files to show (0,0,0 for a one-plane preview). */
  plane: PlaneIndex
}

/** What the UI asks: the open file, the ROI (preview of the current plane) or the whole image. */
export interface RestoreTarget {
  input: string
  plane: PlaneIndex
  roi?: Roi
  /** A polygon ROI (`roi` is its bounding box): the outputs are 0 outside it. */
  polygon?: Polygon
  /** True: only the current plane (previews); false: every plane of the stack. */
  planeOnly: boolean
}

/** Restore runs from the viewer: models, the run in flight (progress, ETA, cancel), the result and how it is shown. */
export const useRestoreStore = defineStore('restore', () => {
  const settings = useSettingsStore()
  const { restore: options } = storeToRefs(settings)
  const models = ref<ModelInfo[]>([])
  const modelsError = ref<ErrorInfo>()
  const runId = ref<string>()
  const target = ref<RestoreTarget>()
  const progress = ref<RestoreProgressEvent>()
  const error = ref<ErrorInfo>()
  const result = ref<RestoreResult>()
  const resultPlane = shallowRef<PlaneData>()
  const stdPlane = shallowRef<PlaneData>()
  const compareMode = ref<CompareMode>('slider')
  /** Slider split, 0 (all restored) … 1 (all input). */
  const split = ref(0.5)
  const showUncertainty = ref(false)
  /** Opacity of the uncertainty overlay, 0–1. */
  const overlayOpacity = ref(0.6)
  const unsubscribe: (() => void)[] = []

  const running = computed(() => runId.value !== undefined)
  const model = computed(() => preferredModel(models.value, options.value.modelId))
  /** Where the restored image sits on the input (for synchronized zoom/pan). */
  const placement = computed<RestoredPlacement | undefined>(() => {
    const r = result.value
    const p = resultPlane.value
    if (!r || !p) return undefined
    const inputWidth = r.roi?.width ?? p.width / (model.value?.scaleFactor ?? 1)
    return { origin: { x: r.roi?.x ?? 0, y: r.roi?.y ?? 0 }, scale: p.width / inputWidth }
  })

  async function loadModels(): Promise<void> {
    const listed = await api.models.list()
    if (!listed.ok) {
      modelsError.value = listed.error
      return
    }
    modelsError.value = undefined
    models.value = listed.value
  }

  async function readPlane(path: string, plane: PlaneIndex): Promise<PlaneData | undefined> {
    const read = await api.image.readPlane({ path, ...plane })
    if (read.ok) return read.value
    error.value = read.error
    return undefined
  }

  /** Opens the written outputs (main and, with K ≥ 2, std) for the compare view. */
  async function openResult(next: RestoreResult): Promise<void> {
    result.value = next
    resultPlane.value = await readPlane(next.outputs.main, next.plane)
    stdPlane.value = next.outputs.std ? await readPlane(next.outputs.std, next.plane) : undefined
    showUncertainty.value = showUncertainty.value && !!stdPlane.value
  }

  function init(): void {
    if (unsubscribe.length) return
    unsubscribe.push(
      api.restore.onProgress((e) => {
        if (e.runId === runId.value) progress.value = e
      }),
      api.restore.onFinished((e) => {
        if (e.runId !== runId.value) return
        const t = target.value!
        runId.value = undefined
        progress.value = undefined
        if (!e.ok) {
          if (e.error.code !== 'cancelled') error.value = e.error
          return
        }
        void openResult({ input: t.input, outputs: e.outputs, modelId: e.modelId, backend: e.backend, elapsedMs: e.elapsedMs, roi: t.roi, plane: t.planeOnly ? { c: 0, z: 0, t: 0 } : t.plane })
      })
    )
    void loadModels()
  }

  /** Starts a run with the panel's options. */
  async function start(next: RestoreTarget): Promise<void> {
    if (running.value) return
    const o = options.value
    const request: RestoreRequest = {
      input: next.input,
      steps: o.steps,
      samples: o.uncertainty ? Math.max(2, o.samples) : o.samples,
      sampler: o.sampler,
      seed: o.seed,
      ...(model.value ? { modelId: model.value.id } : {}),
      ...(o.outputDir ? { outputDir: o.outputDir } : {}),
      ...(next.roi ? { roi: next.roi } : {}),
      ...(next.roi && next.polygon ? { polygon: next.polygon } : {}),
      ...(next.planeOnly ? { plane: next.plane } : {})
    }
    error.value = undefined
    target.value = next
    progress.value = { runId: '', fraction: 0, elapsedMs: 0, etaMs: null }
    const started = await api.restore.start(request)
    if (!started.ok) {
      progress.value = undefined
      error.value = started.error
      return
    }
    runId.value = started.value.runId
  }

  async function cancel(): Promise<void> {
    if (runId.value) await api.restore.cancel(runId.value)
  }

  function closeResult(): void {
    result.value = undefined
    resultPlane.value = undefined
    stdPlane.value = undefined
    showUncertainty.value = false
  }

  function toggleUncertainty(): void {
    showUncertainty.value = !showUncertainty.value && !!stdPlane.value
  }

  function dispose(): void {
    unsubscribe.splice(0).forEach((off) => off())
  }

  return {
    models, modelsError, runId, target, progress, error, result, resultPlane, stdPlane, compareMode, split, showUncertainty, overlayOpacity,
    running, model, placement, loadModels, init, start, cancel, openResult, closeResult, toggleUncertainty, dispose
  }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useRestoreStore, import.meta.hot))
