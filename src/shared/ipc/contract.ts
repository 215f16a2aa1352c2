/**
 * The single typed contract between the UI and whichever host serves it (Electron IPC, HTTP + WebSocket).
 * Main handlers, the preload bridge, the browser client and `window.api`'s type all derive from here.
 */
import type { AppInfo } from '../app-info'
import type { DirListing, ImageSummary, PlaneData, PlaneRequest } from '../image'
import type { Result } from '../result'

/** Request/response messages: channel → the service call it stands for (hosts wrap the return in a Result). */
export type InvokeMap = {
  'app:get-info': () => AppInfo
  /** Lists a folder (default: the first allowed root); refuses paths outside the allowed roots. */
  'files:list-dir': (path?: string) => DirListing
  /** Reads a TIFF's metadata (no pixels). */
  'image:read-summary': (path: string) => ImageSummary
  /** Reads one plane as float32. */
  'image:read-plane': (request: PlaneRequest) => PlaneData
}

/** Events pushed from the host to the UI: channel → payload tuple. */
export type EventMap = {
  'app:info-changed': [AppInfo]
}

/** Every invoke channel. */
export type InvokeChannel = keyof InvokeMap
/** Every event channel. */
export type EventChannel = keyof EventMap

/** Where each invoke message lives on `window.api` (domain → method → channel). */
export const INVOKE_ROUTES = {
  app: { getInfo: 'app:get-info' },
  files: { listDir: 'files:list-dir' },
  image: { readSummary: 'image:read-summary', readPlane: 'image:read-plane' }
} as const satisfies Record<string, Record<string, InvokeChannel>>

/** Where each event subscription lives on `window.api` (domain → `onX` → channel). */
export const EVENT_ROUTES = {
  app: { onInfoChanged: 'app:info-changed' }
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
