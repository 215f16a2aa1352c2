import {
  EVENT_ROUTES,
  INVOKE_ROUTES,
  type AppApi,
  type EventChannel,
  type EventSubscribe,
  type InvokeCall,
  type InvokeChannel
} from './contract'

/** Makes the transport's call function for one invoke channel. */
export type InvokeFactory = <C extends InvokeChannel>(channel: C) => InvokeCall<C>
/** Makes the transport's subscribe function for one event channel. */
export type SubscribeFactory = <C extends EventChannel>(channel: C) => EventSubscribe<C>

/**
 * Builds `window.api` from the contract's routes: one method per message, grouped by domain (STYLE.md rules 6, 8).
 * The preload (Electron IPC) and the browser client (HTTP + WebSocket) differ only in the two factories.
 */
export function buildAppApi(invoke: InvokeFactory, subscribe: SubscribeFactory): AppApi {
  const api: Record<string, Record<string, unknown>> = {}
  for (const [domain, methods] of Object.entries(INVOKE_ROUTES)) {
    api[domain] ??= {}
    for (const [method, channel] of Object.entries(methods)) api[domain][method] = invoke(channel)
  }
  for (const [domain, methods] of Object.entries(EVENT_ROUTES)) {
    api[domain] ??= {}
    for (const [method, channel] of Object.entries(methods)) api[domain][method] = subscribe(channel)
  }
  return api as AppApi
}
