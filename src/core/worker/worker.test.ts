import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { WorkerClient } from './client'

const client = new WorkerClient(path.join(__dirname, 'testing', 'echo-worker.ts'))
afterAll(() => client.dispose())

describe('engine process', () => {
  it('runs calls in a separate process and returns their results', async () => {
    expect(await client.call('echo', [1, { a: 'b' }])).toEqual([1, { a: 'b' }])
    expect(client.pid).not.toBe(process.pid)
  })

  it('streams progress and cancels through an AbortSignal', async () => {
    const seen: unknown[] = []
    expect(await client.call('count', [3], { onProgress: (p) => seen.push(p) })).toBe(3)
    expect(seen).toEqual([1, 2, 3])
    const controller = new AbortController()
    const run = client.call('count', [100], { signal: controller.signal, onProgress: (p) => p === 2 && controller.abort() })
    await expect(run).rejects.toMatchObject({ code: 'cancelled' })
  })

  it('keeps error codes across the process boundary', async () => {
    await expect(client.call('fail', [])).rejects.toMatchObject({ code: 'not-tiff', message: 'that was a PNG' })
    await expect(client.call('nope', [])).rejects.toMatchObject({ code: 'unknown-channel' })
  })

  it('reports a crash as engine-crashed and starts a fresh process for the next call', async () => {
    const before = client.pid
    await expect(client.call('crash', [])).rejects.toMatchObject({ code: 'engine-crashed' })
    expect(await client.call('echo', ['again'])).toEqual(['again'])
    expect(client.pid).not.toBe(before)
  })
})
