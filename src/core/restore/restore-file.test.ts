import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createModel, initBackend } from '../engine'
import { TiffReader, TiffWriter } from '../tiff'
import { restoreFile, type LoadedModel } from './restore-file'

const PY = '/usr/bin/python3'
const hasTifffile = (() => {
  try {
    execFileSync(PY, ['-c', 'import tifffile'])
    return true
  } catch {
    return false
  }
})()

let dir: string
let loaded: LoadedModel
const app = { name: 'cvdm-studio', version: 'test', backend: 'wasm' }

async function writeStack(file: string, z: number, width: number, height: number): Promise<void> {
  const writer = await TiffWriter.create(file, { width, height, dtype: 'uint16', sizes: { z }, physicalSize: { x: 0.1, y: 0.1, z: 0.3, unit: 'µm' } })
  for (let k = 0; k < z; k++) await writer.writePlane(Uint16Array.from({ length: width * height }, (_, i) => 100 + ((i * 37 + k * 11) % 900)))
  await writer.close()
}

beforeAll(async () => {
  await initBackend()
  dir = mkdtempSync(path.join(os.tmpdir(), 'cvdm-restore-'))
  await writeStack(path.join(dir, 'stack.tif'), 2, 20, 20)
  loaded = { model: createModel('cvdm-xs', { seed: 1 }), id: 'random-xs', sha256: 'f'.repeat(64), scaleFactor: 2, percentiles: { low: 1, high: 99.8 } }
})
afterAll(() => loaded.model.dispose())

describe('restoreFile', () => {
  it('writes mean and std float32 stacks at 2× with pixel size ÷ 2, same z-spacing and provenance', async () => {
    const out = path.join(dir, 'out')
    const result = await restoreFile(path.join(dir, 'stack.tif'), loaded, { outDir: out, sampler: { kind: 'ddim', steps: 2, samples: 2, seed: 1 }, tile: 32, overlap: 8, app })
    expect(result.skipped).toBe(false)
    const mean = await TiffReader.open(result.outputs!.main)
    try {
      expect(mean.metadata.dtype).toBe('float32')
      expect(mean.metadata.sizes.Z).toBe(2)
      expect(mean.pageInfo(0)).toMatchObject({ width: 40, height: 40 })
      expect(mean.metadata.physicalSize.x).toBeCloseTo(0.05, 6)
      expect(mean.metadata.physicalSize.z).toBeCloseTo(0.3, 6)
      const plane = (await mean.readPlane({ z: 1 })).data as Float32Array
      expect(plane.every(Number.isFinite)).toBe(true)
    } finally {
      await mean.close()
    }
    expect(existsSync(result.outputs!.std)).toBe(true)
    expect(readdirSync(out).filter((f) => f.endsWith('.part'))).toEqual([])
    if (hasTifffile) {
      const script = `import tifffile,json,sys\nt=tifffile.TiffFile(sys.argv[1])\np=t.pages[0]\nx=p.tags['XResolution'].value\nprint(json.dumps({'shape':list(t.series[0].shape),'xres':x[0]/x[1],'ij':t.imagej_metadata}))`
      const info = JSON.parse(execFileSync(PY, ['-c', script, result.outputs!.main]).toString())
      expect(info.shape).toEqual([2, 40, 40])
      expect(1 / info.xres).toBeCloseTo(0.05, 5)
      expect(info.ij.spacing).toBeCloseTo(0.3, 5)
      expect(info.ij.unit).toMatch(/micron|µm|um/)
    } else if (process.env.CI) throw new Error('python3-tifffile is required under CI')
  })

  it('skips or renames when outputs exist, and never writes over the input', async () => {
    const out = path.join(dir, 'again')
    const opts = { outDir: out, sampler: { kind: 'ddim' as const, steps: 1, samples: 1 }, tile: 32, overlap: 8, app }
    await restoreFile(path.join(dir, 'stack.tif'), loaded, opts)
    expect((await restoreFile(path.join(dir, 'stack.tif'), loaded, opts)).skipped).toBe(true)
    const renamed = await restoreFile(path.join(dir, 'stack.tif'), loaded, { ...opts, onExists: 'rename' })
    expect(path.basename(renamed.outputs!.main)).toBe('stack_2_cvdm.tif')
  })

  it('cancels without leaving a file under the final name', async () => {
    const out = path.join(dir, 'cancelled')
    const controller = new AbortController()
    const run = restoreFile(path.join(dir, 'stack.tif'), loaded, {
      outDir: out,
      sampler: { kind: 'ddim', steps: 4, samples: 1 },
      tile: 32,
      overlap: 8,
      app,
      signal: controller.signal,
      onProgress: (p) => p.fraction > 0.2 && controller.abort()
    })
    await expect(run).rejects.toMatchObject({ code: 'cancelled' })
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([])
  })
})
