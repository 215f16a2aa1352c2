import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { polygonMask } from '../../shared/roi-polygon'
import { createModel, initBackend } from '../engine'
import { TiffReader, TiffWriter } from '../tiff'
import { rawCondSource } from './cond-source'
import { restoreFile, type LoadedModel } from './restore-file'
import { planBands, restorePlane, type RestorePlaneOptions } from './restore-plane'

// A tall, narrow 2-plane stack: at 2× with 32-px tiles and a tiny band budget the output is restored in 3 row bands
// (the last one short), which restoreFile now streams into the TIFFs band by band.
const W = 12
const H = 110
const S = 2
const sampler = { kind: 'ddim' as const, steps: 1, samples: 2, seed: 3 }
const grid = { tile: 32, overlap: 8, bandPixels: 1 }
const app = { name: 'cvdm-studio', version: 'test', backend: 'wasm' }

let dir: string
let loaded: LoadedModel
let input: string

beforeAll(async () => {
  await initBackend()
  dir = mkdtempSync(path.join(os.tmpdir(), 'cvdm-stream-'))
  input = path.join(dir, 'tall.tif')
  const writer = await TiffWriter.create(input, { width: W, height: H, dtype: 'uint16', sizes: { z: 2 } })
  for (let k = 0; k < 2; k++) await writer.writePlane(Uint16Array.from({ length: W * H }, (_, i) => 100 + ((i * 37 + k * 11) % 900)))
  await writer.close()
  loaded = { model: createModel('cvdm-xs', { seed: 1 }), id: 'random-xs', sha256: 'f'.repeat(64), scaleFactor: S, percentiles: { low: 1, high: 99.8 } }
})
afterAll(() => {
  loaded.model.dispose()
  rmSync(dir, { recursive: true, force: true })
})

/** What restoreFile wrote before streaming: the whole plane from restorePlane, de-normalized, masked. */
async function wholePlaneReference(z: number, low: number, high: number, plan: RestorePlaneOptions, mask?: Uint8Array): Promise<{ mean: Float32Array; std: Float32Array }> {
  const reader = await TiffReader.open(input)
  const raw = (await reader.readPlane({ z })).data as ArrayLike<number>
  await reader.close()
  const span = high - low || 1
  const r = await restorePlane(loaded.model, rawCondSource(raw, W, H, S, low, span), W * S, H * S, plan)
  return {
    mean: r.mean.map((v, i) => (mask && !mask[i] ? 0 : ((v + 1) / 2) * span + low)),
    std: r.std!.map((v, i) => (mask && !mask[i] ? 0 : (v / 2) * span))
  }
}

async function readPlanes(file: string, planes: number): Promise<Float32Array[]> {
  const reader = await TiffReader.open(file)
  try {
    const out: Float32Array[] = []
    for (let z = 0; z < planes; z++) out.push((await reader.readPlane({ z })).data as Float32Array)
    return out
  } finally {
    await reader.close()
  }
}

describe('restoreFile streams row bands into the outputs', () => {
  it('the plan really has several bands, the last one short', () => {
    const bands = planBands(loaded.model, W * S, H * S, grid)
    expect(bands.length).toBe(3)
    expect(bands.map((b) => b.y)).toEqual([0, bands[0].height, 2 * bands[0].height])
    expect(bands[2].height).toBeLessThan(bands[0].height)
  })

  it('gives the same mean and std as the whole-plane path, every plane', async () => {
    const result = await restoreFile(input, loaded, { outDir: path.join(dir, 'out'), sampler, ...grid, app })
    const { low, high } = result.normalization[0]
    const means = await readPlanes(result.outputs!.main, 2)
    const stds = await readPlanes(result.outputs!.std, 2)
    for (let z = 0; z < 2; z++) {
      const ref = await wholePlaneReference(z, low, high, { sampler, ...grid })
      expect(means[z]).toEqual(ref.mean)
      expect(stds[z]).toEqual(ref.std)
      expect(stds[z].some((v) => v > 0)).toBe(true)
    }
  })

  it('with an ROI and a polygon: the band offsets line up with the mask', async () => {
    const roi = { x: 2, y: 5, width: 8, height: 100 }
    const polygon: [number, number][] = [[3, 6], [9, 20], [4, 100]]
    const result = await restoreFile(input, loaded, { outDir: path.join(dir, 'roi'), sampler, ...grid, roi, polygon, plane: { c: 0, z: 1, t: 0 }, app })
    const { low, high } = result.normalization[0]
    const mask = polygonMask(polygon, roi, S)
    const outRoi = { x: roi.x * S, y: roi.y * S, width: roi.width * S, height: roi.height * S }
    expect(planBands(loaded.model, W * S, H * S, { ...grid, roi: outRoi }).length).toBeGreaterThan(1)
    const ref = await wholePlaneReference(1, low, high, { sampler, ...grid, roi: outRoi }, mask)
    const [mean] = await readPlanes(result.outputs!.main, 1)
    const [std] = await readPlanes(result.outputs!.std, 1)
    expect(mean).toEqual(ref.mean)
    expect(std).toEqual(ref.std)
    expect(mean.filter((v) => v === 0).length).toBe(mask.filter((m) => !m).length)
  })
})
