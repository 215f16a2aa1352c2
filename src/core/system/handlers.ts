import type { HostKind } from '../../shared/app-info'
import type { InvokeHandlers } from '../../shared/ipc'
import { initBackend } from '../engine'
import { ImageService, listDir } from '../files'
import { collectAppInfo, type AppIdentity } from './app-info'

/** What a host hands to the handler table: who it is, the app's identity and the folders the UI may open. */
export interface CoreServices {
  host: HostKind
  identity: AppIdentity
  /** Absolute folders the UI may browse and read (e.g. the home folder, or `cvdm serve --root`). */
  roots: string[]
}

/**
 * The host-neutral implementation of every contract message. Electron's registrar and the HTTP server both
 * wrap this table (validation, auth and Result mapping stay in the hosts).
 */
export function createInvokeHandlers(services: CoreServices): InvokeHandlers {
  const images = new ImageService(() => services.roots)
  return {
    'app:get-info': async () => collectAppInfo(services.identity, services.host, await initBackend()),
    'files:list-dir': (folder) => listDir(folder, services.roots),
    'image:read-summary': (file) => images.summary(file),
    'image:read-plane': (request) => images.plane(request)
  }
}
