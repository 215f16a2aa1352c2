import type { HostKind } from '../../shared/app-info'
import type { InvokeHandlers } from '../../shared/ipc'
import { initBackend } from '../engine'
import { collectAppInfo, type AppIdentity } from './app-info'

/** What a host hands to the handler table: who it is and the app's identity. */
export interface CoreServices {
  host: HostKind
  identity: AppIdentity
}

/**
 * The host-neutral implementation of every contract message. Electron's registrar and the HTTP server both
 * wrap this table (validation, auth and Result mapping stay in the hosts).
 */
export function createInvokeHandlers(services: CoreServices): InvokeHandlers {
  return {
    'app:get-info': async () => collectAppInfo(services.identity, services.host, await initBackend())
  }
}
