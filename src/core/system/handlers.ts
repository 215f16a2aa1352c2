import type { HostKind } from '../../shared/app-info'
import { CodedError } from '../../shared/errors'
import type { EventSink, InvokeHandlers } from '../../shared/ipc'
import { initBackend } from '../engine'
import { ImageService, listDir, ThumbnailService } from '../files'
import { collectAppInfo, type AppIdentity } from './app-info'
import { fineTuneHandlers, restoreAndModelHandlers, type DomainContext } from './domain-handlers'
import { jobsHandlers } from './jobs-handlers'
import { PathGuard } from './path-guard'
import type { DomainServices } from './services'

/** What a host hands to the handler table: who it is, the app's identity, the folders the UI may open, services. */
export interface CoreServices {
  host: HostKind
  identity: AppIdentity
  /** Absolute folders the UI may browse, read and write into (e.g. the home folder, or `cvdm serve --root`). */
  roots: string[]
  /** App folders the UI may also open and write (e.g. `<appHome>/previews`, where ROI previews go). */
  appFolders?: string[]
  /** Restore, models, fine-tune, jobs (see createDomainServices); missing ones answer `backend-unavailable`. */
  services?: Partial<DomainServices>
  /** Where service events go (the host's IPC or WebSocket). */
  emit?: EventSink
  /** The native folder picker (Electron); without it `dialog:pick-folder` is refused. */
  pickFolder?: () => Promise<string | null>
}

/**
 * The host-neutral implementation of every contract message. Electron's registrar and the HTTP server both
 * wrap this table (validation, auth and Result mapping stay in the hosts).
 */
export function createInvokeHandlers(core: CoreServices): InvokeHandlers {
  const guard = new PathGuard(() => core.roots, core.appFolders ?? [])
  const images = new ImageService(() => guard.readableRoots())
  const thumbnails = new ThumbnailService(() => guard.readableRoots())
  const context: DomainContext = { guard, services: core.services ?? {}, emit: core.emit ?? (() => undefined) }
  return {
    'app:get-info': async () => collectAppInfo(core.identity, core.host, await initBackend()),
    'files:list-dir': (folder) => listDir(folder, guard.readableRoots()),
    'image:read-summary': (file) => images.summary(file),
    'image:read-plane': (request) => images.plane(request),
    'image:thumbnail': (file, maxSide) => thumbnails.thumbnail(file, maxSide),
    'dialog:pick-folder': async () => {
      if (!core.pickFolder) throw new CodedError('bad-request', 'There is no native folder dialog in the browser: use the folder browser.')
      const picked = await core.pickFolder()
      return picked === null ? null : guard.readable(picked)
    },
    ...restoreAndModelHandlers(context),
    ...jobsHandlers(context),
    ...fineTuneHandlers(context)
  }
}
