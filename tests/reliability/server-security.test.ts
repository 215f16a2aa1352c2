/**
 * Browser host refusals not covered by src/server/http-server.test.ts: a token of the right length but wrong
 * value, body size limit, no CORS (preflight or response headers), WebSocket upgrades with the token but a
 * foreign Origin or rebound Host, and the constant-time token compare. Loopback only.
 */
import http from 'node:http'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import type { AppInfo } from '../../src/shared/app-info'
import { handlersWith } from '../../src/shared/ipc/handler-stubs'
import { startServer, type RunningServer } from '../../src/server/http-server'

let server: RunningServer
let calls = 0

beforeAll(async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cvdm-sec-ui-'))
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>ui</title>')
  const handlers = handlersWith({
    'app:get-info': () => {
      calls++
      return { name: 'cvdm-studio', version: '0', host: 'browser' } as AppInfo
    }
  })
  server = await startServer({ rendererDir: dir, handlers, port: 0 })
})
afterAll(() => server.dispose())

function request(options: { method?: string; path?: string; headers?: Record<string, string>; body?: Buffer | string }): Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: server.port, method: options.method ?? 'POST', path: options.path ?? '/api/invoke/app:get-info', headers: options.headers }, (res) => {
      let text = ''
      res.on('data', (d: Buffer) => (text += d.toString()))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }))
    })
    req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' || error.code === 'EPIPE' ? resolve({ status: -1, headers: {}, text: '' }) : reject(error)))
    req.end(options.body)
  })
}

const auth = (): Record<string, string> => ({ authorization: `Bearer ${server.token}` })

function upgrade(headers: Record<string, string>, token = server.token): Promise<string> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api/events?token=${token}`, { headers })
    ws.on('open', () => (ws.close(), resolve('open')))
    ws.on('error', (error) => resolve(String(error.message)))
  })
}

describe('browser host refusals', () => {
  it('a token of the right length but one wrong character is refused (401) and reaches no handler', async () => {
    const before = calls
    const wrong = server.token.slice(0, -1) + (server.token.endsWith('0') ? '1' : '0')
    const variants: Record<string, string>[] = [{ authorization: `Bearer ${wrong}` }, { 'x-cvdm-token': wrong }, { authorization: `Bearer ${server.token}x` }, { authorization: `Bearer ${server.token.toUpperCase()}` }]
    for (const headers of variants) {
      expect((await request({ headers, body: '[]' })).status).toBe(401)
    }
    expect((await request({ path: `/api/invoke/app:get-info?token=${wrong}`, body: '[]' })).status).toBe(401)
    expect(calls).toBe(before)
    expect((await request({ headers: auth(), body: '[]' })).status).toBe(200)
    expect(calls).toBe(before + 1)
  })

  it('a request body over 1 MiB is refused with bad-request and reaches no handler', async () => {
    const before = calls
    const big = Buffer.alloc((1 << 20) + 1024, 0x20)
    const res = await request({ headers: auth(), body: big })
    expect(res.status === -1 || (res.status === 400 && /larger than 1 MiB/.test(res.text))).toBe(true)
    expect(calls).toBe(before)
  })

  it('sends no CORS headers: not on a preflight from another site, not on API answers', async () => {
    const preflight = await request({ method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization' } })
    expect(preflight.status).toBeGreaterThanOrEqual(400)
    const answer = await request({ headers: { ...auth(), origin: `http://127.0.0.1:${server.port}` }, body: '[]' })
    expect(answer.status).toBe(200)
    for (const res of [preflight, answer]) expect(Object.keys(res.headers).filter((h) => h.startsWith('access-control-'))).toEqual([])
  })

  it('refuses WebSocket upgrades that carry the token but come from another site or a rebound host name', async () => {
    expect(await upgrade({})).toBe('open')
    expect(await upgrade({ origin: 'https://evil.example' })).toMatch(/401/)
    expect(await upgrade({ host: `evil.example:${server.port}` })).toMatch(/401/)
    expect(await upgrade({}, 'f'.repeat(64))).toMatch(/401/)
  })

  it('compares tokens in constant time (crypto.timingSafeEqual after a length check, never ===)', () => {
    const source = readFileSync(path.resolve(__dirname, '../../src/server/auth.ts'), 'utf8')
    const body = source.slice(source.indexOf('export function isAuthorized'), source.indexOf('export function isSameHost'))
    expect(body).toMatch(/timingSafeEqual\(a, b\)/)
    expect(body).not.toMatch(/presented\s*===|===\s*expected/)
  })
})
