/**
 * kill -9 of a coordinator (CLI, batch, app) must not leave its engine worker running: the worker watches its IPC
 * channel and exits on 'disconnect'. Checked with `ps` on the worker's pid.
 */
import { execFileSync, spawn } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { createModel, initBackend, saveModel } from '../engine'
import { TiffWriter } from '../tiff'

const ROOT = path.resolve(__dirname, '..', '..', '..')
let dir: string

/** Whether `ps` still lists the pid (zombies count as gone: they no longer compute). */
function alive(pid: number): boolean {
  try {
    return !execFileSync('ps', ['-o', 'stat=', '-p', String(pid)]).toString().trim().startsWith('Z')
  } catch {
    return false
  }
}

beforeAll(async () => {
  await initBackend()
  dir = mkdtempSync(path.join(os.tmpdir(), 'cvdm-orphan-'))
  const model = createModel('cvdm-xs', { seed: 2 })
  await saveModel(model, path.join(dir, 'tiny'))
  model.dispose()
  const writer = await TiffWriter.create(path.join(dir, 'in.tif'), { width: 32, height: 32, dtype: 'uint16' })
  await writer.writePlane(Uint16Array.from({ length: 1024 }, (_, i) => (i * 31) % 1000))
  await writer.close()
}, 30_000)

describe('engine worker lifetime', () => {
  it('exits when its coordinator is killed with SIGKILL', async () => {
    const script = path.join(__dirname, 'testing', 'coordinator.ts')
    const parent = spawn(process.execPath, ['--require', 'tsx/cjs', script, path.join(dir, 'tiny'), path.join(dir, 'in.tif'), dir], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] })
    const worker = await new Promise<number>((resolve, reject) => {
      parent.stdout.on('data', (chunk: Buffer) => resolve(JSON.parse(chunk.toString().split('\n')[0]).worker))
      parent.on('exit', () => reject(new Error('the coordinator exited before the run started')))
    })
    expect(worker).toBeGreaterThan(0)
    expect(worker).not.toBe(parent.pid)
    expect(alive(worker)).toBe(true)
    parent.kill('SIGKILL')
    const deadline = Date.now() + 10_000
    while (alive(worker) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100))
    expect(alive(worker)).toBe(false)
  }, 60_000)
})
