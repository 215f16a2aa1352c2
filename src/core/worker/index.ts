/** Public API of the engine process: the parent-side client and the child-side server. */
export { WorkerClient } from './client'
export type { WorkerCallOptions } from './client'
export { serveWorker, processPort } from './serve'
export type { CallContext, Port, WorkerMethods } from './protocol'
