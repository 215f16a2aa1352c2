import { toErrorInfo, CodedError } from '../../shared/errors'
import type { FromWorker, Port, ToWorker, WorkerMethods } from './protocol'

/**
 * Runs inside the engine process: answers calls from the parent with results, errors (coded) and progress, and
 * aborts a call's signal when the parent cancels it.
 * @returns a function that stops listening
 */
export function serveWorker(port: Port, methods: WorkerMethods): () => void {
  const running = new Map<number, AbortController>()
  const send = (message: FromWorker): void => port.send(message)
  const stop = port.onMessage((raw) => {
    const message = raw as ToWorker
    if (message.type === 'cancel') {
      running.get(message.id)?.abort()
      return
    }
    if (message.type !== 'call') return
    const controller = new AbortController()
    running.set(message.id, controller)
    const method = Object.prototype.hasOwnProperty.call(methods, message.method) ? methods[message.method] : undefined
    const work = method
      ? method(message.args, { signal: controller.signal, onProgress: (payload) => send({ type: 'progress', id: message.id, payload }) })
      : Promise.reject(new CodedError('unknown-channel', `The engine process has no method "${message.method}".`))
    work.then(
      (value) => send({ type: 'result', id: message.id, value }),
      (error: unknown) => send({ type: 'error', id: message.id, error: toErrorInfo(error) })
    ).finally(() => running.delete(message.id))
  })
  send({ type: 'ready' })
  return stop
}

/** The Port of a Node child process (forked with an IPC channel). */
export function processPort(proc: NodeJS.Process = process): Port {
  return {
    // After the parent is gone a send fails (EPIPE / channel closed): drop it; the process exits on 'disconnect'.
    send: (message) => {
      if (proc.connected) proc.send?.(message, undefined, undefined, () => undefined)
    },
    onMessage: (listener) => {
      proc.on('message', listener)
      return () => void proc.off('message', listener)
    }
  }
}
