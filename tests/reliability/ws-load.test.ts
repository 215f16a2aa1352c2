/**
 * Load: 50 WebSocket clients follow a running batch through the browser host. The events come from a real
 * JobQueue (3 TIFF files copied through the real reader/writer, progress throttled as in production) whose emit
 * is wired to the server's broadcast, as `cvdm serve` does; `cvdm serve` itself does not forward jobs:* events
 * yet (no jobs wiring in src/server or src/cli/commands/serve.ts when this was written), so the server is started
 * in-process. Every client must see every file's final state and the job's, and the server's memory stays bounded.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { JobQueue, type JobChanged } from '../../src/core/jobs'
import { handlersWith } from '../../src/shared/ipc/handler-stubs'
import { startServer, type RunningServer } from '../../src/server/http-server'
import { copyProcessor, tempQueue, writeTiffInputs } from './fault-helpers'

const CLIENTS = 50
const cleanups: (() => unknown)[] = []
afterAll(async () => {
  for (const c of cleanups.reverse()) await c()
})

interface Follower {
  socket: WebSocket
  files: Map<string, string>
  jobState?: string
  progress: number
}

function follow(server: RunningServer): Promise<Follower> {
  return new Promise((resolve, reject) => {
    const f: Follower = { socket: new WebSocket(`ws://127.0.0.1:${server.port}/api/events?token=${server.token}`), files: new Map(), progress: 0 }
    f.socket.on('message', (data) => {
      const { channel, payload } = JSON.parse(String(data)) as { channel: string; payload: unknown[] }
      if (channel === 'jobs:progress') f.progress++
      if (channel !== 'jobs:changed') return
      const change = payload[0] as JobChanged
      f.jobState = change.job.state
      if (change.file) f.files.set(change.file.rel, change.file.status)
    })
    f.socket.on('open', () => resolve(f)).on('error', reject)
  })
}

describe('browser host under load', () => {
  it(`${CLIENTS} WebSocket clients following a 3-file batch all see every final state; memory stays bounded`, async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cvdm-load-ui-'))
    writeFileSync(path.join(dir, 'index.html'), '<!doctype html>')
    const server = await startServer({ rendererDir: dir, handlers: handlersWith({}), port: 0 })
    cleanups.push(() => server.dispose())
    const followers = await Promise.all(Array.from({ length: CLIENTS }, () => follow(server)))
    const rssBefore = process.memoryUsage.rss()
    let sent = 0
    const t = tempQueue(copyProcessor())
    cleanups.push(t.cleanup)
    await writeTiffInputs(t.input, 3)
    const copy = copyProcessor()
    const queue = new JobQueue({
      dir: t.home,
      // ~0.5 s of "work" per file with progress every 10 ms (the runner throttles what it broadcasts).
      processor: async (task, ctx) => {
        for (let i = 0; i < 50; i++) {
          ctx.onProgress(i / 50)
          await new Promise((r) => setTimeout(r, 10))
        }
        return copy(task, ctx)
      },
      emit: (channel, payload) => {
        sent++
        server.emit(channel, payload as never)
      },
      runInfo: () => ({ backend: 'test', modelHash: 'h' }),
      pollMs: 10
    })
    cleanups.push(() => queue.dispose())
    const started = performance.now()
    const { id } = queue.enqueue(t.request())
    expect((await queue.run({ until: id }))?.state).toBe('done')
    // Let the last broadcasts drain (loopback), bounded in time.
    const deadline = Date.now() + 10_000
    while (Date.now() < deadline && followers.some((f) => f.jobState !== 'done' || f.files.size < 3)) await new Promise((r) => setTimeout(r, 20))
    const seconds = (performance.now() - started) / 1000
    const rssGrowth = process.memoryUsage.rss() - rssBefore
    console.log(`ws load: ${CLIENTS} clients, ${sent} events broadcast (${sent * CLIENTS} messages) in ${seconds.toFixed(2)} s, RSS growth ${(rssGrowth / 2 ** 20).toFixed(1)} MiB`)
    expect(sent).toBeGreaterThan(6)
    for (const f of followers) {
      expect(f.jobState).toBe('done')
      expect(Object.fromEntries(f.files)).toEqual({ 'img0.tif': 'done', 'img1.tif': 'done', 'img2.tif': 'done' })
      expect(f.progress).toBeGreaterThan(0)
      f.socket.close()
    }
    expect(rssGrowth).toBeLessThan(200 * 2 ** 20)
  })
})
