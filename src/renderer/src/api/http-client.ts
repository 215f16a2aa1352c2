import { buildAppApi } from '../../../shared/ipc/build-api'
import type { AppApi, EventChannel, EventMap, InvokeChannel, InvokeMap } from '../../../shared/ipc/contract'
import { decodeFrames, FRAMES_CONTENT_TYPE } from '../../../shared/ipc/wire'
import type { Result } from '../../../shared/result'

type Listener = (...payload: unknown[]) => void

/** Drops trailing `undefined` arguments (JSON would turn them into null, which validators refuse). */
function trimTrailingUndefined(args: unknown[]): unknown[] {
  let n = args.length
  while (n > 0 && args[n - 1] === undefined) n--
  return args.slice(0, n)
}

/** Reads the per-start token from `?token=` (then keeps it for reloads in sessionStorage). */
export function readToken(location: Location, storage: Storage): string {
  const fromUrl = new URLSearchParams(location.search).get('token')
  if (fromUrl) storage.setItem('cvdm-token', fromUrl)
  return fromUrl ?? storage.getItem('cvdm-token') ?? ''
}

/**
 * The browser host's implementation of {@link AppApi}: invokes are `POST /api/invoke/<channel>` with the
 * arguments as a JSON array, events arrive over one WebSocket on `/api/events`. Same contract as Electron.
 */
export function createHttpApi(origin: string, token: string, fetchFn: typeof fetch = fetch.bind(globalThis)): AppApi {
  const listeners = new Map<string, Set<Listener>>()
  let socket: WebSocket | undefined

  const connect = (): void => {
    if (socket || typeof WebSocket === 'undefined') return
    const url = new URL('/api/events', origin)
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:'
    url.searchParams.set('token', token)
    socket = new WebSocket(url)
    socket.onmessage = (message) => {
      const { channel, payload } = JSON.parse(String(message.data)) as { channel: string; payload: unknown[] }
      listeners.get(channel)?.forEach((listener) => listener(...payload))
    }
    socket.onclose = () => {
      socket = undefined
      if ([...listeners.values()].some((set) => set.size > 0)) setTimeout(connect, 1000)
    }
  }

  const invoke =
    <C extends InvokeChannel>(channel: C) =>
    async (...args: Parameters<InvokeMap[C]>): Promise<Result<Awaited<ReturnType<InvokeMap[C]>>>> => {
      try {
        const response = await fetchFn(new URL(`/api/invoke/${channel}`, origin), {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify(trimTrailingUndefined(args))
        })
        const framed = response.headers.get('content-type')?.startsWith(FRAMES_CONTENT_TYPE)
        const body = framed ? decodeFrames(await response.arrayBuffer()) : await response.json()
        return body as Result<Awaited<ReturnType<InvokeMap[C]>>>
      } catch (error) {
        return { ok: false, error: { code: 'io-error', message: `The app server is unreachable: ${String(error)}` } }
      }
    }

  const subscribe =
    <C extends EventChannel>(channel: C) =>
    (listener: (...payload: EventMap[C]) => void): (() => void) => {
      const set = listeners.get(channel) ?? new Set<Listener>()
      listeners.set(channel, set)
      set.add(listener as Listener)
      connect()
      return () => void set.delete(listener as Listener)
    }

  return buildAppApi(invoke, subscribe)
}
