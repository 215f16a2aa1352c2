/**
 * No network at run time: `cvdm predict`, `cvdm batch` and `cvdm train` run as child processes with
 * tests/reliability/net-trap.cjs preloaded through NODE_OPTIONS (so every process they fork inherits it: the test
 * checks that the forked engine worker loaded it), must
 * succeed, and must leave no attempt in the trap's log. A first test proves the trap records and blocks fetch,
 * dns, net, tls, http(s) and undici in the process, in forked children and in worker threads (else the other
 * tests could not fail).
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createModel, initBackend, saveModel } from '../../src/core/engine'
import { TiffWriter } from '../../src/core/tiff'

const ROOT = path.resolve(__dirname, '..', '..')
const TRAP = path.join(__dirname, 'net-trap.cjs')
let work: string
let modelDir: string

interface Attempt {
  pid: number
  module: string
  fn: string
  target: string
  ipc: boolean
}

function run(args: string[], log: string, extraEnv: Record<string, string> = {}): Promise<{ code: number | null; out: string }> {
  const env = { ...process.env, CVDM_HOME: path.join(work, 'home'), CVDM_WASM_THREADS: '1', CVDM_NET_TRAP_LOG: log, NODE_OPTIONS: `--require ${TRAP}`, ...extraEnv }
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  child.stdout.on('data', (d: Buffer) => (out += d.toString()))
  child.stderr.on('data', (d: Buffer) => (out += d.toString()))
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, out })))
}

function lines(log: string): (Attempt & { loaded?: boolean; script?: string })[] {
  if (!existsSync(log)) return []
  return readFileSync(log, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Attempt)
}
/** Recorded connection attempts (not the per-process "trap loaded" lines). */
const attempts = (log: string): Attempt[] => lines(log).filter((l) => !l.loaded)
/** Scripts of the processes that loaded the trap. */
const trapped = (log: string): string[] => lines(log).filter((l) => l.loaded).map((l) => path.basename(l.script ?? ''))

const cvdm = (...args: string[]): string[] => [path.join(ROOT, 'bin', 'cvdm.js'), ...args]

beforeAll(async () => {
  await initBackend()
  work = mkdtempSync(path.join(os.tmpdir(), 'cvdm-no-net-'))
  modelDir = path.join(work, 'model')
  const model = createModel('cvdm-xs', { seed: 3 })
  await saveModel(model, modelDir)
  model.dispose()
  for (const f of [0, 1]) {
    const writer = await TiffWriter.create(path.join(work, `img${f}.tif`), { width: 16, height: 16, dtype: 'uint16' })
    await writer.writePlane(Uint16Array.from({ length: 256 }, (_, i) => 100 + ((i * (f + 3)) % 700)))
    await writer.close()
  }
})
afterAll(() => rmSync(work, { recursive: true, force: true }))

describe('no network at run time', () => {
  it('the trap records and blocks every way out: in the process, in forked children and in worker threads', async () => {
    const log = path.join(work, 'proof.jsonl')
    const probe = `
      const tries = [
        () => fetch('https://example.com/model.bin'),
        () => require('node:dns').promises.lookup('example.com'),
        () => new Promise((res, rej) => { try { require('node:dns').lookup('example.org', () => res()) } catch (e) { rej(e) } }),
        async () => require('node:net').connect(443, 'example.com'),
        async () => require('node:tls').connect(443, 'example.com'),
        async () => require('node:http').get('http://example.com/'),
        async () => require('node:https').request({ host: 'example.com', port: 443 }),
        async () => new (require('node:net').Socket)().connect(80, '93.184.215.14'),
        async () => (await import('node:net')).createConnection({ host: '127.0.0.1', port: 9 }),
      ]
      ;(async () => {
        let blocked = 0
        for (const t of tries) { try { await t() } catch (e) { if (String(e.message).includes('net-trap')) blocked++ } }
        const child = require('node:child_process').spawn(process.execPath, ['-e', "fetch('https://fork.example/').catch(() => 0)"], { stdio: 'inherit' })
        await new Promise((r) => child.on('exit', r))
        const { Worker } = require('node:worker_threads')
        const w = new Worker("require('node:dns').lookup('worker.example', () => {})", { eval: true })
        await new Promise((r) => w.on('error', r).on('exit', r))
        console.log('blocked', blocked)
      })()`
    const { code, out } = await run(['-e', probe], log)
    expect(code).toBe(0)
    expect(out).toContain(`blocked 9`)
    const seen = attempts(log)
    const fns = new Set(seen.map((a) => `${a.module}.${a.fn}`))
    for (const fn of ['fetch.fetch', 'dns.promises.lookup', 'dns.lookup', 'net.connect', 'tls.connect', 'http.get', 'https.request', 'net.Socket.connect', 'net.createConnection']) expect(fns).toContain(fn)
    expect(seen.some((a) => a.target.includes('fork.example'))).toBe(true)
    expect(seen.some((a) => a.target.includes('worker.example'))).toBe(true)
    expect(new Set(seen.map((a) => a.pid)).size).toBeGreaterThanOrEqual(2)
  })

  it('cvdm predict and cvdm batch (2 files, random-weight cvdm-xs) make no network attempt', async () => {
    const log = path.join(work, 'restore.jsonl')
    const predict = await run(cvdm('predict', path.join(work, 'img0.tif'), '-o', path.join(work, 'pred'), '--model', modelDir, '--steps', '2', '--samples', '1', '--json'), log)
    expect(predict.code, predict.out).toBe(0)
    expect(readdirSync(path.join(work, 'pred'))).toContain('img0_cvdm.tif')
    const batch = await run(cvdm('batch', path.join(work, 'img0.tif'), path.join(work, 'img1.tif'), '-o', path.join(work, 'batch'), '--model', modelDir, '--steps', '2', '--samples', '1', '--json'), log)
    expect(batch.code, batch.out).toBe(0)
    expect(readdirSync(path.join(work, 'batch'))).toEqual(expect.arrayContaining(['img0_cvdm.tif', 'img1_cvdm.tif']))
    expect(attempts(log).filter((a) => !a.ipc)).toEqual([])
    // The CLI processes had the trap, and so did every process they forked (the engine worker, where one is used).
    const scripts = trapped(log)
    console.log(`trap loaded in: ${scripts.join(', ')}`)
    expect(scripts.filter((s) => s === 'cvdm.js')).toHaveLength(2)
    expect(scripts.filter((s) => /engine-worker/.test(s)).length).toBeGreaterThanOrEqual(1)
  })

  it('cvdm train (synthetic sr2x, 3 steps) makes no network attempt', async () => {
    const log = path.join(work, 'train.jsonl')
    const train = await run(cvdm('train', '--synthetic', 'sr2x', '--steps', '3', '--pairs', '4', '--size', '64', '--batch', '2', '--name', 'net-free', '--out', path.join(work, 'models'), '--checkpoint-every', '3', '--json'), log)
    expect(train.code, train.out).toBe(0)
    expect(existsSync(path.join(work, 'models', 'net-free', 'model.json'))).toBe(true)
    expect(attempts(log).filter((a) => !a.ipc)).toEqual([])
  })
})
