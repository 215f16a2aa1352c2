/** Public API of the browser host (`cvdm serve`). */
export { startServer, SERVER_CSP } from './http-server'
export type { ServerOptions, RunningServer } from './http-server'
