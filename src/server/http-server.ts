import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { WebSocketServer, type WebSocket } from 'ws'
import { CodedError } from '../shared/errors'
import { fail, toResult, type Result } from '../shared/result'
import { encodeFrames, FRAMES_CONTENT_TYPE, hasBinary, validateInvoke, type EventSink, type InvokeHandlers } from '../shared/ipc'
import { createToken, isAuthorized, isSameHost } from './auth'
import { serveStatic } from './static-files'

/** Options for {@link startServer}. */
export interface ServerOptions {
  /** Interface to bind; 127.0.0.1 unless the user asks otherwise. */
  host?: string
  /** TCP port; 0 picks a free one. */
  port?: number
  /** Folder with the built renderer (index.html + assets). */
  rendererDir: string
  /** The contract's implementation. */
  handlers: InvokeHandlers
  /** Fixed token (tests); a random one per start otherwise. */
  token?: string
}

/** A running browser host. */
export interface RunningServer {
  /** URL to open, token included. */
  url: string
  token: string
  port: number
  /** Pushes an event to every connected UI. */
  emit: EventSink
  /** Stops accepting requests, closes sockets. */
  dispose(): Promise<void>
}

/** Content-Security-Policy of the browser host's pages. */
export const SERVER_CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
  "connect-src 'self' ws: ; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"

const MAX_BODY_BYTES = 1 << 20

/** Error codes that mean the request itself was refused (HTTP 400) rather than answered with a failure. */
const REFUSED_REQUEST = new Set<string>(['bad-request', 'unknown-channel'])

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  if (hasBinary(body)) {
    response.writeHead(status, { 'content-type': FRAMES_CONTENT_TYPE, 'cache-control': 'no-store' })
    response.end(encodeFrames(body))
    return
  }
  response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' })
  response.end(JSON.stringify(body))
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of request) {
    size += (chunk as Buffer).length
    if (size > MAX_BODY_BYTES) throw new CodedError('bad-request', 'Request body is larger than 1 MiB.')
    chunks.push(chunk as Buffer)
  }
  const text = Buffer.concat(chunks).toString('utf8')
  if (text.trim() === '') return []
  try {
    return JSON.parse(text)
  } catch {
    throw new CodedError('bad-request', 'Request body is not valid JSON.')
  }
}

async function invoke(handlers: InvokeHandlers, channel: string, request: IncomingMessage): Promise<Result<unknown>> {
  return toResult(async () => {
    const checked = validateInvoke(channel, await readJson(request))
    const handler = handlers[checked.channel] as (...args: unknown[]) => unknown
    return handler(...checked.args)
  })
}

/**
 * Starts the browser host: the built renderer at `/`, the contract at `POST /api/invoke/<channel>` and events on
 * the WebSocket `/api/events`. Every `/api/*` request and WebSocket upgrade is checked for the token before routing.
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const token = options.token ?? createToken()
  const host = options.host ?? '127.0.0.1'
  const sockets = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 }) // clients only listen; refuse big frames

  let port = 0
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost')
    if (!isSameHost(request, host, port)) {
      sendJson(response, 403, fail(new CodedError('unauthorized', 'Wrong Host or Origin header (cross-site or DNS-rebinding request).')))
      return
    }
    if (url.pathname === '/api' || url.pathname.startsWith('/api/')) {
      if (!isAuthorized(request, token)) {
        sendJson(response, 401, fail(new CodedError('unauthorized', 'Missing or wrong token: open the URL that `cvdm serve` printed.')))
        return
      }
      const match = /^\/api\/invoke\/([a-z-]+:[a-z-]+)$/.exec(url.pathname)
      if (!match || request.method !== 'POST') {
        sendJson(response, 404, fail(new CodedError('not-found', `No API route ${request.method} ${url.pathname}.`)))
        return
      }
      // A request the API refuses (bad arguments, unknown channel, body too large) is a 400; a handler's coded failure
      // (e.g. `not-tiff` for a broken file in the browser) is an answer like any other: 200 with the Result.
      void invoke(options.handlers, match[1], request).then((result) =>
        sendJson(response, result.ok || !REFUSED_REQUEST.has(result.error.code) ? 200 : 400, result)
      )
      return
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405).end()
      return
    }
    void serveStatic(options.rendererDir, url.pathname, response, SERVER_CSP)
  })

  server.on('upgrade', (request, socket, head) => {
    const url = new URL(request.url ?? '/', 'http://localhost')
    if (!isSameHost(request, host, port) || !isAuthorized(request, token)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n')
      return
    }
    if (url.pathname !== '/api/events') {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n')
      return
    }
    sockets.handleUpgrade(request, socket, head, (ws) => sockets.emit('connection', ws, request))
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, resolve)
  })
  port = (server.address() as AddressInfo).port
  const shownHost = host.includes(':') ? `[${host}]` : host

  const emit: EventSink = (channel, ...payload) => {
    const message = JSON.stringify({ channel, payload })
    sockets.clients.forEach((client: WebSocket) => client.readyState === client.OPEN && client.send(message))
  }

  return {
    url: `http://${shownHost}:${port}/?token=${token}`,
    token,
    port,
    emit,
    dispose: async () => {
      sockets.clients.forEach((client) => client.terminate())
      sockets.close()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  }
}
