import { describe, expect, it } from 'vitest'
import { CodedError, toErrorInfo } from './errors'
import { fail, ok, toResult } from './result'

describe('toErrorInfo', () => {
  it('keeps the code and message of a CodedError', () => {
    expect(toErrorInfo(new CodedError('not-tiff', 'x.png is not a TIFF'))).toEqual({ code: 'not-tiff', message: 'x.png is not a TIFF' })
  })
  it('maps Node errno codes and aborts to stable codes', () => {
    expect(toErrorInfo(Object.assign(new Error('no space'), { code: 'ENOSPC' })).code).toBe('disk-full')
    expect(toErrorInfo(Object.assign(new Error('gone'), { code: 'ENOENT' })).code).toBe('not-found')
    expect(toErrorInfo(new DOMException('stop', 'AbortError')).code).toBe('cancelled')
  })
  it('turns uncoded errors into internal ones, keeping the message', () => {
    expect(toErrorInfo(new TypeError('boom'))).toEqual({ code: 'internal', message: 'boom' })
    expect(toErrorInfo('plain string')).toEqual({ code: 'internal', message: 'plain string' })
  })
})

describe('Result helpers', () => {
  it('wrap values and thrown errors', async () => {
    expect(ok(3)).toEqual({ ok: true, value: 3 })
    expect(fail(new CodedError('bad-request', 'no'))).toEqual({ ok: false, error: { code: 'bad-request', message: 'no' } })
    expect(await toResult(() => 5)).toEqual({ ok: true, value: 5 })
    expect(await toResult(() => Promise.reject(new CodedError('cancelled', 'stopped')))).toEqual({
      ok: false,
      error: { code: 'cancelled', message: 'stopped' }
    })
  })
})

describe('engine failures', () => {
  it('maps a wasm out-of-bounds/OOM RuntimeError to out-of-memory with advice', () => {
    const error = Object.assign(new Error('memory access out of bounds'), { name: 'RuntimeError' })
    expect(toErrorInfo(error)).toMatchObject({ code: 'out-of-memory', message: expect.stringContaining('--tile') })
  })
})
