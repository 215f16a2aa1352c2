/** Public API of the host-neutral system services. */
export { collectAppInfo } from './app-info'
export type { AppIdentity } from './app-info'
export { createInvokeHandlers } from './handlers'
export type { CoreServices } from './handlers'
