import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'

/** A fresh random token for one server start (256 bits, hex). */
export function createToken(): string {
  return randomBytes(32).toString('hex')
}

/** The token a request carries: `Authorization: Bearer <t>`, `X-CVDM-Token`, or `?token=` (WebSocket). */
export function tokenOf(request: IncomingMessage): string | undefined {
  const auth = request.headers.authorization
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim()
  const header = request.headers['x-cvdm-token']
  if (typeof header === 'string') return header
  const url = new URL(request.url ?? '/', 'http://localhost')
  return url.searchParams.get('token') ?? undefined
}

/** Constant-time comparison of the presented token with the expected one. */
export function isAuthorized(request: IncomingMessage, expected: string): boolean {
  const presented = tokenOf(request)
  if (!presented) return false
  const a = Buffer.from(presented)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}

/**
 * DNS-rebinding and cross-site guard: the Host header must name the address we are bound to (or a loopback alias of
 * it) and an Origin, when sent, must be that same host. Browsers on other sites can't forge either.
 */
export function isSameHost(request: IncomingMessage, boundHost: string, port: number): boolean {
  const loopback = ['127.0.0.1', 'localhost', '[::1]', '::1'].includes(boundHost)
  const hostName = boundHost.includes(':') && !boundHost.startsWith('[') ? `[${boundHost}]` : boundHost
  const allowed = new Set(loopback ? [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`] : [`${hostName}:${port}`])
  const host = request.headers.host
  if (!host || !allowed.has(host.toLowerCase())) return false
  const origin = request.headers.origin
  if (origin === undefined) return true
  try {
    return allowed.has(new URL(origin).host.toLowerCase())
  } catch {
    return false
  }
}
