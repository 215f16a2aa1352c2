import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, markRaw, ref, shallowRef } from 'vue'
import type { ErrorInfo } from '../../../shared/errors'
import type { FineTuneEval, FineTuneFinished, FineTuneProgress, FineTuneRequest, PairReport, ResumableRun } from '../../../shared/finetune'
import { api } from '../api'

/** At most one chart/status redraw per this many ms, however fast steps arrive. */
export const CHART_THROTTLE_MS = 250

/**
 * Chart data in uPlot's aligned layout: one x (step) array and a y array per series, the same length;
 * `psnr` is null at steps without a validation pass (and `loss` null at an eval step with no loss reported).
 */
export interface ChartSeries {
  steps: number[]
  loss: (number | null)[]
  psnr: (number | null)[]
}

/** The options of a run besides its folders (defaults shown in the form; unset ones take `cvdm train`'s). */
export type FineTuneOptions = Omit<FineTuneRequest, 'lowDir' | 'highDir'>

/**
 * The fine-tune panel: pair folders and the discovered pairs, the run in progress with its live loss / PSNR points
 * (kept in a raw, non-reactive buffer; `revision` ticks at most every {@link CHART_THROTTLE_MS}), and the outcome.
 */
export const useFineTuneStore = defineStore('finetune', () => {
  const lowDir = ref('')
  const highDir = ref('')
  const options = ref<FineTuneOptions>({ name: '', baseModelId: undefined, steps: 200, batchSize: 4, learningRate: 1e-4, evalEvery: 20, validationFraction: 0.15, seed: 0 })
  const report = shallowRef<PairReport>()
  const discovering = ref(false)
  const runId = ref<string>()
  const starting = ref(false)
  const stopping = ref(false)
  const latest = shallowRef<FineTuneProgress>()
  const best = shallowRef<FineTuneEval>()
  /** The latest evaluation that brought a before/after preview (input | output | target of one validation pair). */
  const lastPreview = shallowRef<FineTuneEval & { preview: NonNullable<FineTuneEval['preview']> }>()
  const finished = shallowRef<FineTuneFinished>()
  const error = ref<ErrorInfo>()
  /** Interrupted runs with checkpoints on disk (from the host; refreshed on init and when a run ends). */
  const resumable = shallowRef<ResumableRun[]>([])
  /** Bumped on each throttled flush: watch it to redraw the chart. */
  const revision = ref(0)
  const chart: ChartSeries = markRaw({ steps: [], loss: [], psnr: [] })
  let pendingProgress: FineTuneProgress | undefined
  let timer: ReturnType<typeof setTimeout> | undefined
  let unsubscribers: (() => void)[] = []
  /** Set when the view went away during a run: unsubscribe once the run finishes. */
  let releaseWhenDone = false

  const running = computed(() => starting.value || (runId.value !== undefined && finished.value === undefined))
  const usablePairs = computed(() => report.value?.pairs.filter((p) => !p.flagged || options.value.includeFlagged).length ?? 0)

  function flush(): void {
    if (timer !== undefined) clearTimeout(timer)
    timer = undefined
    if (pendingProgress) latest.value = pendingProgress
    pendingProgress = undefined
    revision.value++
  }
  const schedule = (): void => {
    timer ??= setTimeout(flush, CHART_THROTTLE_MS)
  }
  /** Index of `step` in the chart, appending a row when it is new (steps only grow). */
  function rowOf(step: number): number {
    for (let i = chart.steps.length - 1; i >= 0 && chart.steps[i] >= step; i--) if (chart.steps[i] === step) return i
    chart.steps.push(step)
    chart.loss.push(null)
    chart.psnr.push(null)
    return chart.steps.length - 1
  }
  /** Is this event for the run shown? (Events that race ahead of `finetune:start`'s answer adopt the run.) */
  function ours(id: string): boolean {
    if (runId.value === undefined && starting.value) runId.value = id
    return id === runId.value && finished.value === undefined
  }

  /** Appends a training-loss point (the chart redraw is throttled). */
  function applyProgress(event: FineTuneProgress): void {
    if (!ours(event.runId)) return
    chart.loss[rowOf(event.step)] = event.loss
    pendingProgress = event
    schedule()
  }
  /** Appends a validation PSNR point and remembers the best one. */
  function applyEval(event: FineTuneEval): void {
    if (!ours(event.runId)) return
    chart.psnr[rowOf(event.step)] = event.psnr
    if (event.best || !best.value || event.psnr > best.value.psnr) best.value = event
    if (event.preview) lastPreview.value = { ...event, preview: event.preview }
    schedule()
  }
  /** Records the outcome (new model id or the error) and draws the last points at once. */
  function applyFinished(event: FineTuneFinished): void {
    if (!ours(event.runId)) return
    flush()
    finished.value = event
    stopping.value = false
    if (!event.ok) error.value = event.error
    if (releaseWhenDone) dispose()
    void loadRuns()
  }

  /** Asks the host which interrupted runs can be resumed (a failure just leaves the list empty). */
  async function loadRuns(): Promise<ResumableRun[]> {
    const result = await api.finetune.listRuns()
    resumable.value = result.ok ? result.value : []
    return resumable.value
  }

  /** Resumes an interrupted run: its folders and options go back into the form and the same request is sent. */
  async function resume(run: ResumableRun): Promise<boolean> {
    const { lowDir: low, highDir: high, ...rest } = run.request
    lowDir.value = low
    highDir.value = high
    options.value = { ...rest, name: run.name }
    const ok = await start()
    if (ok) resumable.value = resumable.value.filter((r) => r.name !== run.name)
    return ok
  }

  /** Subscribes to the run events (once). */
  function init(): void {
    releaseWhenDone = false
    void loadRuns()
    if (unsubscribers.length) return
    unsubscribers = [api.finetune.onProgress(applyProgress), api.finetune.onEval(applyEval), api.finetune.onFinished(applyFinished)]
  }
  /** Unsubscribes and cancels a pending redraw. */
  function dispose(): void {
    releaseWhenDone = false
    for (const off of unsubscribers) off()
    unsubscribers = []
    if (timer !== undefined) clearTimeout(timer)
    timer = undefined
  }

  /**
   * What the view calls on unmount: unsubscribes now, or, while a run is in flight, once it finishes (the host
   * cannot replay missed points, so the chart keeps filling while another tab is shown).
   */
  function release(): void {
    if (running.value) releaseWhenDone = true
    else dispose()
  }

  /** Matches the two folders' images and checks their registration. */
  async function discover(): Promise<PairReport | undefined> {
    discovering.value = true
    const result = await api.finetune.discover(lowDir.value.trim(), highDir.value.trim())
    discovering.value = false
    if (!result.ok) {
      error.value = result.error
      report.value = undefined
      return undefined
    }
    error.value = undefined
    report.value = result.value
    return result.value
  }

  /** Starts a run with the folders and options; clears the previous run's chart. */
  async function start(): Promise<boolean> {
    chart.steps.length = chart.loss.length = chart.psnr.length = 0
    runId.value = undefined
    latest.value = best.value = finished.value = lastPreview.value = undefined
    error.value = undefined
    starting.value = true
    flush()
    const request: FineTuneRequest = { ...options.value, name: options.value.name.trim(), lowDir: lowDir.value.trim(), highDir: highDir.value.trim() }
    const result = await api.finetune.start(request)
    starting.value = false
    if (!result.ok) {
      error.value = result.error
      runId.value = undefined
      return false
    }
    runId.value = result.value.runId
    return true
  }

  /** Asks the run to stop; the best checkpoint so far becomes the model (`finetune:finished` follows). */
  async function stop(): Promise<void> {
    if (!runId.value) return
    stopping.value = true
    const result = await api.finetune.stop(runId.value)
    if (!result.ok) {
      stopping.value = false
      error.value = result.error
    }
  }

  return {
    lowDir, highDir, options, report, discovering, runId, starting, stopping, latest, best, lastPreview, finished, error, resumable, revision, chart,
    running, usablePairs, init, dispose, release, discover, start, stop, loadRuns, resume, applyProgress, applyEval, applyFinished, flush
  }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useFineTuneStore, import.meta.hot))
