/**
 * `cvdm batch` with the real engine (a random-weight cvdm-xs, 2 steps, 16² inputs → 32² outputs) killed with
 * SIGKILL at seeded random moments, then re-run: every input must end with exactly one complete, readable output,
 * no temp file may remain, and the job's report must list every file as done.
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { createModel, initBackend, saveModel } from '../../core/engine'
import { TiffReader, TiffWriter } from '../../core/tiff'

const ROOT = path.resolve(__dirname, '..', '..', '..')
const FILES = 4
const TRIALS = 12
let work: string
let modelDir: string

function mulberry32(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function runBatch(home: string, input: string, out: string, killAfterMs?: number): Promise<number | null> {
  const args = [path.join(ROOT, 'bin', 'cvdm.js'), 'batch', input, '-o', out, '--model', modelDir, '--steps', '2', '--samples', '1', '--json']
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, CVDM_HOME: home, CVDM_WASM_THREADS: '1' }, stdio: 'ignore' })
  if (killAfterMs !== undefined) setTimeout(() => child.kill('SIGKILL'), killAfterMs)
  return new Promise((resolve) => child.on('exit', (code) => resolve(code)))
}

beforeAll(async () => {
  await initBackend()
  work = mkdtempSync(path.join(os.tmpdir(), 'cvdm-batch-crash-'))
  modelDir = path.join(work, 'model')
  const model = createModel('cvdm-xs', { seed: 9 })
  await saveModel(model, modelDir)
  model.dispose()
})

describe('cvdm batch survives kill -9 with the real engine', () => {
  it(`${TRIALS} seeded trials: exactly one complete output per input, no partial files, consistent report`, async () => {
    const random = mulberry32(20261126)
    for (let trial = 0; trial < TRIALS; trial++) {
      const dir = path.join(work, `trial-${trial}`)
      const input = path.join(dir, 'in')
      const out = path.join(dir, 'out')
      mkdirSync(input, { recursive: true })
      for (let f = 0; f < FILES; f++) {
        const writer = await TiffWriter.create(path.join(input, `img${f}.tif`), { width: 16, height: 16, dtype: 'uint16' })
        await writer.writePlane(Uint16Array.from({ length: 256 }, (_, i) => 100 + ((i * (f + 3)) % 700)))
        await writer.close()
      }
      const home = path.join(dir, 'home')
      // Start-up (tfjs + model) takes ~1–2 s, each file a few hundred ms: kill somewhere in the first 5 s, twice.
      for (let kill = 0; kill < 2; kill++) await runBatch(home, input, out, 300 + Math.floor(random() * 4700))
      expect(await runBatch(home, input, out)).toBe(0)
      const names = readdirSync(out)
      expect(names.filter((n) => n.includes('.part') || n.startsWith('.'))).toEqual([])
      for (let f = 0; f < FILES; f++) {
        expect(names.filter((n) => n.startsWith(`img${f}_`) && n.endsWith('.tif'))).toEqual([`img${f}_cvdm.tif`])
        const reader = await TiffReader.open(path.join(out, `img${f}_cvdm.tif`))
        const plane = await reader.readPlane({})
        await reader.close()
        expect([plane.width, plane.height]).toEqual([32, 32])
      }
      const report = names.find((n) => n.startsWith('cvdm-report-') && n.endsWith('.json'))
      expect(report).toBeDefined()
      const text = readFileSync(path.join(out, report!), 'utf8')
      expect((text.match(/"status":\s*"done"/g) ?? []).length).toBeGreaterThanOrEqual(FILES)
      expect(existsSync(path.join(input, `img0_cvdm.tif`))).toBe(false)
    }
  }, 600_000)
})
