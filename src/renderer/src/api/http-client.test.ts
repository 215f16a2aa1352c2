import { describe, expect, it, vi } from 'vitest'
import { createHttpApi, readToken } from './http-client'

describe('browser-host API client', () => {
  it('posts invokes with the bearer token and returns the Result', async () => {
    const fetchFn = vi.fn().mockResolvedValue(new Response(JSON.stringify({ ok: true, value: { name: 'x' } })))
    const api = createHttpApi('http://127.0.0.1:5170', 'tok', fetchFn)
    expect(await api.app.getInfo()).toEqual({ ok: true, value: { name: 'x' } })
    const [url, init] = fetchFn.mock.calls[0] as [URL, RequestInit]
    expect(String(url)).toBe('http://127.0.0.1:5170/api/invoke/app:get-info')
    expect(init.method).toBe('POST')
    expect((init.headers as Record<string, string>).authorization).toBe('Bearer tok')
    expect(init.body).toBe('[]')
  })

  it('reports an unreachable server as a failed Result instead of throwing', async () => {
    const api = createHttpApi('http://127.0.0.1:1', 'tok', vi.fn().mockRejectedValue(new TypeError('fetch failed')))
    expect(await api.app.getInfo()).toMatchObject({ ok: false, error: { code: 'io-error' } })
  })

  it('takes the token from the URL and remembers it for reloads', () => {
    sessionStorage.clear()
    expect(readToken({ search: '?token=abc' } as Location, sessionStorage)).toBe('abc')
    expect(readToken({ search: '' } as Location, sessionStorage)).toBe('abc')
  })
})
