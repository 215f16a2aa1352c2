import http from 'node:http'
import { mkdtempSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import type { AppInfo } from '../shared/app-info'
import { CodedError } from '../shared/errors'
import { decodeFrames, FRAMES_CONTENT_TYPE, type InvokeHandlers } from '../shared/ipc'
import { handlersWith } from '../shared/ipc/handler-stubs'
import { startServer, type RunningServer } from './http-server'

const FAKE_INFO = { name: 'cvdm-studio', version: '0.0.0', host: 'browser' } as AppInfo
let server: RunningServer
let base: string
let calls = 0

beforeAll(async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cvdm-ui-'))
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>ui</title>')
  writeFileSync(path.join(os.tmpdir(), 'cvdm-secret.txt'), 'secret')
  const handlers: InvokeHandlers = handlersWith({
    'app:get-info': () => {
      calls++
      if (calls > 100) throw new CodedError('internal', 'unreachable')
      return FAKE_INFO
    },
    'files:list-dir': () => {
      throw new CodedError('forbidden-path', 'outside the allowed roots')
    },
    'image:read-summary': () => {
      throw new CodedError('not-tiff', 'not a TIFF')
    },
    'jobs:list': () => [],
    'restore:cancel': (runId) => {
      throw new CodedError('not-found', `no run ${runId}`)
    },
    'dialog:pick-folder': () => {
      throw new CodedError('bad-request', 'There is no native folder dialog in the browser: use the folder browser.')
    },
    'image:read-plane': (request) => ({ width: 2, height: 1, dtype: 'uint16', data: Float32Array.from([request.t, 65535]), min: 0, max: 65535 })
  })
  server = await startServer({ rendererDir: dir, handlers, port: 0 })
  base = `http://127.0.0.1:${server.port}`
})
afterAll(() => server.dispose())

const invoke = (channel: string, body: unknown, token?: string): Promise<Response> =>
  fetch(`${base}/api/invoke/${channel}`, {
    method: 'POST',
    headers: token ? { authorization: `Bearer ${token}` } : {},
    body: JSON.stringify(body)
  })

describe('browser host', () => {
  it('binds to 127.0.0.1 and prints a URL carrying a 256-bit token', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{64}$/)
  })

  it('refuses every /api request without the right token before routing, and never calls the handler', async () => {
    const before = calls
    for (const response of [
      await invoke('app:get-info', []),
      await invoke('app:get-info', [], 'wrong'),
      await invoke('app:does-not-exist', []),
      await fetch(`${base}/api/anything`)
    ]) {
      expect(response.status).toBe(401)
      expect(await response.json()).toMatchObject({ ok: false, error: { code: 'unauthorized' } })
    }
    expect(calls).toBe(before)
  })

  it('answers contract calls with a Result when the token is right', async () => {
    const response = await invoke('app:get-info', [], server.token)
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ ok: true, value: FAKE_INFO })
  })

  it('sends pixel data as raw float32 frames, bit-exact', async () => {
    const response = await invoke('image:read-plane', [{ path: '/x.tif', t: 7, z: 0, c: 0 }], server.token)
    expect(response.headers.get('content-type')).toBe(FRAMES_CONTENT_TYPE)
    const body = decodeFrames(await response.arrayBuffer()) as { ok: true; value: { data: Float32Array } }
    expect(body.value.data).toBeInstanceOf(Float32Array)
    expect(Array.from(body.value.data)).toEqual([7, 65535])
  })

  it('validates channel and arguments', async () => {
    expect(await (await invoke('image:read-plane', [{ path: '/x.tif', t: -1, z: 0, c: 0 }], server.token)).json()).toMatchObject({
      error: { code: 'bad-request' }
    })
    expect(await (await invoke('app:nope', [], server.token)).json()).toMatchObject({ error: { code: 'unknown-channel' } })
    expect(await (await invoke('app:get-info', [42], server.token)).json()).toMatchObject({ error: { code: 'bad-request' } })
    const notJson = await fetch(`${base}/api/invoke/app:get-info`, { method: 'POST', headers: { authorization: `Bearer ${server.token}` }, body: '{' })
    expect(await notJson.json()).toMatchObject({ error: { code: 'bad-request' } })
  })

  it('serves the UI with a CSP and does not let paths escape its folder', async () => {
    const page = await fetch(`${base}/`)
    expect(page.status).toBe(200)
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'")
    expect(await page.text()).toContain('<title>ui</title>')
    const escaped = await fetch(`${base}/..%2f..%2f..%2ftmp%2fcvdm-secret.txt`)
    expect(await escaped.text()).not.toContain('secret')
  })

  it('refuses WebSocket upgrades without the token and pushes events to authorized sockets', async () => {
    const refused = new WebSocket(`ws://127.0.0.1:${server.port}/api/events`)
    await expect(new Promise((resolve, reject) => refused.on('open', resolve).on('error', reject))).rejects.toThrow(/401/)

    const socket = new WebSocket(`ws://127.0.0.1:${server.port}/api/events?token=${server.token}`)
    await new Promise((resolve) => socket.on('open', resolve))
    const received = new Promise<unknown>((resolve) => socket.on('message', (data) => resolve(JSON.parse(String(data)))))
    server.emit('app:info-changed', FAKE_INFO)
    expect(await received).toEqual({ channel: 'app:info-changed', payload: [FAKE_INFO] })
    socket.close()
  })
})

describe('browser host: restore, jobs, models and fine-tune channels', () => {
  it('routes the new channels (validated) and refuses the native folder dialog', async () => {
    expect(await (await invoke('jobs:list', [], server.token)).json()).toEqual({ ok: true, value: [] })
    expect(await (await invoke('restore:cancel', ['run-1'], server.token)).json()).toMatchObject({ error: { code: 'not-found', message: 'no run run-1' } })
    expect(await (await invoke('restore:cancel', ['../x'], server.token)).json()).toMatchObject({ error: { code: 'bad-request' } })
    expect(await (await invoke('restore:start', [{ input: '/a.tif', samples: 0 }], server.token)).json()).toMatchObject({ error: { code: 'bad-request' } })
    expect(await (await invoke('dialog:pick-folder', [], server.token)).json()).toMatchObject({ error: { code: 'bad-request', message: /folder browser/ } })
  })

  it('broadcasts run events to every authorized socket', async () => {
    const open = (): Promise<WebSocket> =>
      new Promise((resolve) => {
        const s = new WebSocket(`ws://127.0.0.1:${server.port}/api/events?token=${server.token}`)
        s.on('open', () => resolve(s))
      })
    const sockets = [await open(), await open()]
    const received = sockets.map((s) => new Promise<unknown>((resolve) => s.on('message', (data) => resolve(JSON.parse(String(data))))))
    const finished = { runId: 'r', ok: false as const, error: { code: 'cancelled' as const, message: 'Cancelled.' } }
    server.emit('restore:finished', finished)
    for (const r of received) expect(await r).toEqual({ channel: 'restore:finished', payload: [finished] })
    sockets.forEach((s) => s.close())
  })
})

describe('browser host: cross-site guards', () => {
  const raw = (headers: Record<string, string>): Promise<number> =>
    new Promise((resolve, reject) => {
      const request = http.request({ host: '127.0.0.1', port: server.port, path: '/api/invoke/app:get-info', method: 'POST', headers }, (res) => {
        res.resume()
        resolve(res.statusCode ?? 0)
      })
      request.on('error', reject)
      request.end('[]')
    })

  it('refuses a rebound Host name and a foreign Origin even with the token', async () => {
    const auth = { authorization: `Bearer ${server.token}` }
    expect(await raw({ ...auth, host: `127.0.0.1:${server.port}` })).toBe(200)
    expect(await raw({ ...auth, host: `localhost:${server.port}`, origin: `http://localhost:${server.port}` })).toBe(200)
    expect(await raw({ ...auth, host: `evil.example:${server.port}` })).toBe(403)
    expect(await raw({ ...auth, host: `127.0.0.1:${server.port}`, origin: 'https://evil.example' })).toBe(403)
  })
})
