/**
 * The single typed contract between the UI and whichever host serves it (Electron IPC, HTTP + WebSocket).
 * Main handlers, the preload bridge, the browser client and `window.api`'s type all derive from here.
 */
import type { AppInfo } from '../app-info'
import type { DirListing, ImageSummary, PlaneData, PlaneRequest, Thumbnail } from '../image'
import type { FineTuneEval, FineTuneFinished, FineTuneProgress, FineTuneRequest, FineTuneStarted, PairReport, ResumableRun } from '../finetune'
import type { JobChanged, JobProgress, JobRequest, JobSnapshot, JobSummary } from '../jobs'
import type { ModelInfo } from '../models'
import type { RestoreFinished, RestoreProgressEvent, RestoreRequest, RestoreStarted } from '../restore'
import type { Result } from '../result'

/** What the UI can do to a queued job. */
export type JobAction = 'pause' | 'resume' | 'cancel' | 'retry'

/** Request/response messages: channel → the service call it stands for (hosts wrap the return in a Result). */
export type InvokeMap = {
  'app:get-info': () => AppInfo
  /** Lists a folder (default: the first allowed root); refuses paths outside the allowed roots. */
  'files:list-dir': (path?: string) => DirListing
  /** Reads a TIFF's metadata (no pixels). */
  'image:read-summary': (path: string) => ImageSummary
  /** Reads one plane as float32. */
  'image:read-plane': (request: PlaneRequest) => PlaneData
  /** An 8-bit gray thumbnail (middle Z of the first channel, longer side ≤ maxSide in THUMBNAIL_SIDE_RANGE), cached by the host. */
  'image:thumbnail': (path: string, maxSide: number) => Thumbnail
  /** Electron: the native folder dialog (null when dismissed); the browser host refuses (`bad-request`). */
  'dialog:pick-folder': () => string | null
  /** Starts restoring a file (or an ROI / one plane of it) in the engine worker; reports via `restore:*` events. */
  'restore:start': (request: RestoreRequest) => RestoreStarted
  /** Cancels a run; it then finishes with a `cancelled` error. */
  'restore:cancel': (runId: string) => void
  /** Every job in the queue, in queue order. */
  'jobs:list': () => JobSummary[]
  /** One job with every file. */
  'jobs:get': (jobId: string) => JobSnapshot
  /** Adds a batch job (or returns the existing one with the same identity). */
  'jobs:enqueue': (request: JobRequest) => JobSummary
  'jobs:control': (jobId: string, action: JobAction) => void
  /** Moves a job to a new place in the queue (0 = next). */
  'jobs:move': (jobId: string, position: number) => void
  /** The job's run report as Markdown. */
  'jobs:report': (jobId: string) => string
  'models:list': () => ModelInfo[]
  /** Imports a model folder or `.zip` into the user's models. */
  'models:import': (path: string) => ModelInfo
  /** Exports a model as a `.zip` into `folder`; returns the zip's path. */
  'models:export': (modelId: string, folder: string) => string
  /** Removes a user model (shipped ones are `read-only`). */
  'models:remove': (modelId: string) => void
  /** Matches low/high images of two folders by name and checks their registration. */
  'finetune:discover': (lowDir: string, highDir: string) => PairReport
  'finetune:start': (request: FineTuneRequest) => FineTuneStarted
  /** Stops a run; the best checkpoint so far becomes the model. */
  'finetune:stop': (runId: string) => void
  /** Interrupted runs whose checkpoints are on disk; starting the same request resumes one. */
  'finetune:list-runs': () => ResumableRun[]
}

/** Events pushed from the host to the UI: channel → payload tuple. */
export type EventMap = {
  'app:info-changed': [AppInfo]
  'restore:progress': [RestoreProgressEvent]
  'restore:finished': [RestoreFinished]
  'jobs:progress': [JobProgress]
  'jobs:changed': [JobChanged]
  'finetune:progress': [FineTuneProgress]
  'finetune:eval': [FineTuneEval]
  'finetune:finished': [FineTuneFinished]
}

/** Every invoke channel. */
export type InvokeChannel = keyof InvokeMap
/** Every event channel. */
export type EventChannel = keyof EventMap

/** Where each invoke message lives on `window.api` (domain → method → channel). */
export const INVOKE_ROUTES = {
  app: { getInfo: 'app:get-info' },
  files: { listDir: 'files:list-dir' },
  image: { readSummary: 'image:read-summary', readPlane: 'image:read-plane', thumbnail: 'image:thumbnail' },
  dialog: { pickFolder: 'dialog:pick-folder' },
  restore: { start: 'restore:start', cancel: 'restore:cancel' },
  jobs: {
    list: 'jobs:list',
    get: 'jobs:get',
    enqueue: 'jobs:enqueue',
    control: 'jobs:control',
    move: 'jobs:move',
    report: 'jobs:report'
  },
  models: { list: 'models:list', import: 'models:import', export: 'models:export', remove: 'models:remove' },
  finetune: { discover: 'finetune:discover', start: 'finetune:start', stop: 'finetune:stop', listRuns: 'finetune:list-runs' }
} as const satisfies Record<string, Record<string, InvokeChannel>>

/** Where each event subscription lives on `window.api` (domain → `onX` → channel). */
export const EVENT_ROUTES = {
  app: { onInfoChanged: 'app:info-changed' },
  restore: { onProgress: 'restore:progress', onFinished: 'restore:finished' },
  jobs: { onProgress: 'jobs:progress', onChanged: 'jobs:changed' },
  finetune: { onProgress: 'finetune:progress', onEval: 'finetune:eval', onFinished: 'finetune:finished' }
} as const satisfies Record<string, Record<string, EventChannel>>

/** All invoke channels, for registrars that must cover every one. */
export const INVOKE_CHANNELS = Object.values(INVOKE_ROUTES).flatMap((d) => Object.values(d)) as InvokeChannel[]
/** All event channels. */
export const EVENT_CHANNELS = Object.values(EVENT_ROUTES).flatMap((d) => Object.values(d)) as EventChannel[]

/** The UI-side call for an invoke channel: same arguments, result wrapped in a Promise<Result>. */
export type InvokeCall<C extends InvokeChannel> = (
  ...args: Parameters<InvokeMap[C]>
) => Promise<Result<Awaited<ReturnType<InvokeMap[C]>>>>

/** The UI-side subscription for an event channel; returns the unsubscribe function. */
export type EventSubscribe<C extends EventChannel> = (listener: (...payload: EventMap[C]) => void) => () => void

type Invokes = typeof INVOKE_ROUTES
type Events = typeof EVENT_ROUTES
type Domains = keyof Invokes | keyof Events
type DomainApi<D extends Domains> = (D extends keyof Invokes ? { [M in keyof Invokes[D]]: InvokeCall<Invokes[D][M] & InvokeChannel> } : unknown) &
  (D extends keyof Events ? { [M in keyof Events[D]]: EventSubscribe<Events[D][M] & EventChannel> } : unknown)

/** What the renderer sees as `window.api`: one method per message, grouped by domain. */
export type AppApi = { [D in Domains]: DomainApi<D> }

/** Host-side implementation of every invoke channel (may throw CodedError; the host maps it to a Result). */
export type InvokeHandlers = {
  [C in InvokeChannel]: (...args: Parameters<InvokeMap[C]>) => ReturnType<InvokeMap[C]> | Promise<ReturnType<InvokeMap[C]>>
}

/** A way for core services to push events to whichever UI is attached. */
export type EventSink = <C extends EventChannel>(channel: C, ...payload: EventMap[C]) => void
