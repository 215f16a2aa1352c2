import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { pointInPolygon, type Polygon } from '../../shared/roi-polygon'
import { createModel, initBackend } from '../engine'
import { TiffReader, TiffWriter } from '../tiff'
import { restoreFile, type LoadedModel } from './restore-file'

let dir: string
let loaded: LoadedModel
const app = { name: 'cvdm-studio', version: 'test', backend: 'wasm' }

beforeAll(async () => {
  await initBackend()
  dir = mkdtempSync(path.join(os.tmpdir(), 'cvdm-polygon-'))
  const writer = await TiffWriter.create(path.join(dir, 'plane.tif'), { width: 24, height: 24, dtype: 'uint16' })
  await writer.writePlane(Uint16Array.from({ length: 24 * 24 }, (_, i) => 200 + ((i * 53) % 700)))
  await writer.close()
  loaded = { model: createModel('cvdm-xs', { seed: 3 }), id: 'random-xs', sha256: 'e'.repeat(64), scaleFactor: 2, percentiles: { low: 1, high: 99.8 } }
})
afterAll(() => {
  loaded.model.dispose()
  rmSync(dir, { recursive: true, force: true })
})

describe('restoreFile with a polygon ROI', () => {
  it('restores the bounding box and writes 0 outside the polygon in the mean and the std', async () => {
    const polygon: Polygon = [[4, 4], [16, 5], [10, 14]]
    const roi = { x: 4, y: 4, width: 12, height: 10 }
    const result = await restoreFile(path.join(dir, 'plane.tif'), loaded, { outDir: path.join(dir, 'out'), sampler: { kind: 'ddim', steps: 1, samples: 2, seed: 1 }, roi, polygon, tile: 32, overlap: 8, app })
    for (const file of [result.outputs!.main, result.outputs!.std]) {
      const reader = await TiffReader.open(file)
      try {
        expect(reader.pageInfo(0)).toMatchObject({ width: 24, height: 20 })
        const data = (await reader.readPlane({})).data as Float32Array
        let inside = 0
        let nonZeroInside = 0
        for (let j = 0; j < 20; j++) {
          for (let i = 0; i < 24; i++) {
            const v = data[j * 24 + i]
            if (pointInPolygon(roi.x + (i + 0.5) / 2, roi.y + (j + 0.5) / 2, polygon)) {
              inside++
              if (v !== 0) nonZeroInside++
            } else expect(v, `${path.basename(file)} (${i}, ${j})`).toBe(0)
          }
        }
        expect(inside).toBeGreaterThan(100)
        // Inside, the values are kept (the random model saturates often, so its std is 0 in many places).
        expect(nonZeroInside).toBeGreaterThan(file === result.outputs!.main ? inside * 0.9 : 10)
      } finally {
        await reader.close()
      }
      // The provenance tag (ASCII JSON) records the polygon and what the mask did.
      expect(readFileSync(file).toString('latin1')).toContain('"polygon":[[4,4],[16,5],[10,14]]')
    }
  })
})
