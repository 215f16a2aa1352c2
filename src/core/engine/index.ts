/** Public API of the CVDM engine. */
export { initBackend, getBackendInfo, resolveBackendRequest, selectBackend, TFJS_VERSION } from './tf'
export type { BackendLoader, BackendRequest } from './tf'
