import { mkdtempSync, utimesSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { TiffWriter } from '../tiff'
import { ThumbnailService, autoRange, downsampleArea, toGray8 } from './index'

let root: string
let outside: string

/** A 4×4 uint16 stack with 3 z planes; plane z holds z·1000 + (row-major index). */
async function writeStack(file: string, offset = 0): Promise<void> {
  const writer = await TiffWriter.create(file, { width: 4, height: 4, dtype: 'uint16', sizes: { z: 3 }, overwrite: true })
  for (let z = 0; z < 3; z++) await writer.writePlane(Uint16Array.from({ length: 16 }, (_, i) => offset + z * 1000 + i))
  await writer.close()
}

beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'cvdm-thumb-'))
  outside = mkdtempSync(path.join(os.tmpdir(), 'cvdm-thumb-out-'))
  await writeStack(path.join(root, 'stack.tif'))
  await writeStack(path.join(outside, 'secret.tif'))
  writeFileSync(path.join(root, 'broken.tif'), 'not a tiff at all, just text')
})

describe('downsampleArea', () => {
  it('averages 2×2 boxes of a 4×4 image into 2×2', () => {
    const data = Float32Array.from({ length: 16 }, (_, i) => i)
    const out = downsampleArea({ width: 4, height: 4, samples: 1, data }, 2)
    expect([out.width, out.height]).toEqual([2, 2])
    // Box (0,0) holds 0,1,4,5 → 2.5; (1,0): 2,3,6,7 → 4.5; (0,1): 8,9,12,13 → 10.5; (1,1) → 12.5
    expect(Array.from(out.data)).toEqual([2.5, 4.5, 10.5, 12.5])
  })

  it('keeps the aspect ratio, never upsamples, skips NaN and averages RGB samples', () => {
    const wide = downsampleArea({ width: 8, height: 2, samples: 1, data: new Float32Array(16) }, 4)
    expect([wide.width, wide.height]).toEqual([4, 1])
    const tiny = downsampleArea({ width: 3, height: 2, samples: 1, data: new Float32Array(6) }, 64)
    expect([tiny.width, tiny.height]).toEqual([3, 2])
    const nan = downsampleArea({ width: 2, height: 1, samples: 1, data: Float32Array.from([NaN, 6]) }, 1)
    expect(Array.from(nan.data)).toEqual([6])
    const rgb = downsampleArea({ width: 1, height: 1, samples: 3, data: Uint8Array.from([30, 60, 90]) }, 8)
    expect(Array.from(rgb.data)).toEqual([60])
  })
})

describe('autoRange and toGray8', () => {
  it('saturates 0.35 % of the pixels, half at each end (ImageJ Auto)', () => {
    // 10,000 pixels 0…9999: threshold = floor(10000·0.35/200) = 17 → the limits skip 17 values at each end
    const data = Float32Array.from({ length: 10_000 }, (_, i) => i)
    expect(autoRange(data)).toEqual([17, 9982])
    expect(autoRange(Float32Array.from([5, 5, 5]))).toEqual([5, 6])
    expect(autoRange(Float32Array.from([NaN]))).toEqual([0, 1])
  })

  it('maps linearly to 0…255, clamped, NaN as black', () => {
    expect(Array.from(toGray8(Float32Array.from([-5, 0, 50, 100, 200, NaN]), [0, 100]))).toEqual([0, 0, 128, 255, 255, 0])
  })
})

describe('ThumbnailService', () => {
  it('shrinks the middle Z plane with the plane’s auto-contrast', async () => {
    const service = new ThumbnailService(() => [root])
    const thumb = await service.thumbnail(path.join(root, 'stack.tif'), 2)
    expect([thumb.width, thumb.height]).toEqual([2, 2])
    // Middle plane z = 1: 1000…1015 (16 px, threshold 0 → range [1000, 1015]); box means 1002.5, 1004.5, 1010.5, 1012.5
    const expected = [2.5, 4.5, 10.5, 12.5].map((v) => Math.round((v / 15) * 255))
    expect(Array.from(thumb.data)).toEqual(expected)
    expect(thumb.data).toBeInstanceOf(Uint8Array)
  })

  it('caches by path, mtime and size, and makes a new one when the file changes', async () => {
    const file = path.join(root, 'changing.tif')
    await writeStack(file)
    const service = new ThumbnailService(() => [root])
    const first = await service.thumbnail(file, 4)
    expect(await service.thumbnail(file, 4)).toBe(first)
    expect(service.cached).toBe(1)
    await writeStack(file, 30_000)
    utimesSync(file, new Date(), new Date(Date.now() + 5000))
    const second = await service.thumbnail(file, 4)
    expect(second).not.toBe(first)
    expect(service.cached).toBe(2)
  })

  it('refuses paths outside the roots and reports bad files with their coded error', async () => {
    const service = new ThumbnailService(() => [root])
    await expect(service.thumbnail(path.join(outside, 'secret.tif'), 64)).rejects.toMatchObject({ code: 'forbidden-path' })
    await expect(service.thumbnail(path.join(root, 'missing.tif'), 64)).rejects.toMatchObject({ code: 'not-found' })
    await expect(service.thumbnail(path.join(root, 'broken.tif'), 64)).rejects.toMatchObject({ code: 'not-tiff' })
    await expect(service.thumbnail(root, 64)).rejects.toMatchObject({ code: 'not-tiff' })
  })
})
