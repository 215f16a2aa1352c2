import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openFileSource, type ByteSource } from './byte-source'
import { TiffReader, TiffWriter } from './index'
import { FIXTURES, fixture, loadManifest, sha256 } from './test-helpers'

const open = (name: string) => TiffReader.open(join(FIXTURES, name))
const tmp = mkdtempSync(join(tmpdir(), 'cvdm-tiff-reader-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

describe('metadata model', () => {
  it('ImageJ hyperstack: axes, sizes, calibration, interval, ranges and LUTs', async () => {
    const r = await open('imagej_hyperstack.tif')
    const m = r.metadata
    expect(m).toMatchObject({ axes: 'TZCYX', sizes: { T: 2, Z: 3, C: 2, Y: 45, X: 67 }, dtype: 'uint16', source: 'imagej', planeCount: 12, timeInterval: 2.5 })
    expect(m.physicalSize).toEqual({ x: 0.125, y: 0.125, z: 0.75, unit: 'µm' })
    expect(m.channels.map((c) => c.displayRange)).toEqual([[100, 4000], [5, 60000]])
    expect(Array.from(m.channels[0].lut!.subarray(0, 3))).toEqual([0, 1, 2]) // red ramp
    expect(Array.from(m.channels[1].lut!.subarray(256, 259))).toEqual([0, 1, 2]) // green ramp
    expect(r.planeIndex({ t: 1, z: 2, c: 1 })).toBe(11) // ImageJ order: C fastest, then Z, then T
    await r.close()
  })

  it('the same hyperstack big-endian + LZW keeps its description-based model', async () => {
    const r = await open('imagej_hyperstack_lzw_be.tif')
    expect(r.littleEndian).toBe(false)
    expect(r.metadata).toMatchObject({ axes: 'TZCYX', physicalSize: { x: 0.125, z: 0.75, unit: 'µm' }, timeInterval: 2.5 })
    const a = await r.readPlane({ t: 1, z: 1, c: 0 })
    const b = await (await open('imagej_hyperstack.tif')).readPlane({ t: 1, z: 1, c: 0 })
    expect(sha256(a.data)).toBe(sha256(b.data))
  })

  it('OME-TIFF: DimensionOrder + TiffData mapping, physical sizes with units, channel names', async () => {
    const r = await open('ome_czyx.ome.tif')
    expect(r.metadata).toMatchObject({ axes: 'ZCYX', sizes: { Z: 3, C: 2 }, dtype: 'float32', source: 'ome' })
    expect(r.metadata.physicalSize).toEqual({ x: 0.2, y: 0.2, z: 1.5, unit: 'µm' })
    expect(r.metadata.channels.map((c) => c.name)).toEqual(['DAPI', 'GFP'])
    // tifffile stored the CZYX array page by page (C slowest): plane z=1, c=1 is page 4.
    expect(r.planeIndex({ z: 1, c: 1 })).toBe(4)
    const expected = loadManifest()['ome_czyx.ome.tif'].pages![4].sha256
    expect(sha256((await r.readPlane({ z: 1, c: 1 })).data)).toBe(expected)
  })

  it('ImageJ single-IFD contiguous stack (the >4 GB layout) exposes every plane', async () => {
    const bytes = fixture('imagej_single_ifd.tif')
    const r = await open('imagej_single_ifd.tif')
    expect(r.pageCount).toBe(5)
    expect(r.metadata).toMatchObject({ axes: 'ZYX', sizes: { Z: 5, Y: 20, X: 30 }, physicalSize: { x: 0.1, y: 0.1, z: 0.5, unit: 'µm' } })
    const planeBytes = 20 * 30 * 2
    const start = bytes.length - 5 * planeBytes
    for (let k = 0; k < 5; k++) {
      const page = await r.readPage(k)
      expect(sha256(page.data)).toBe(sha256(bytes.subarray(start + k * planeBytes, start + (k + 1) * planeBytes)))
    }
    // Cut short: the planes that fit are readable, with a warning.
    const short = await TiffReader.fromBytes(bytes.slice(0, start + 3 * planeBytes + 10))
    expect(short.pageCount).toBe(3)
    expect(short.metadata.warnings.join()).toMatch(/announces 5 images but the file can hold at most 3|3 of the 5/)
  })

  it('plain multi-page TIFF is a Z stack; RGB has an S axis', async () => {
    expect((await open('u16_le.tif')).metadata).toMatchObject({ axes: 'ZYX', sizes: { Z: 3 }, source: 'tiff' })
    expect((await open('rgb_u8_chunky.tif')).metadata).toMatchObject({ axes: 'ZYXS', sizes: { S: 3 } })
    const info = (await open('lzw_rgb_u16_planar_pred2.tif')).pageInfo(1)
    expect(info).toMatchObject({ index: 1, samples: 3, planarConfig: 2, compression: 'lzw', predictor: 2, dtype: 'uint16' })
  })
})

/** A ByteSource that records every read. */
async function recording(path: string): Promise<{ source: ByteSource; reads: [number, number][] }> {
  const inner = await openFileSource(path)
  const reads: [number, number][] = []
  return {
    reads,
    source: {
      size: inner.size,
      read: (offset, length, target) => (reads.push([offset, length]), inner.read(offset, length, target)),
      close: () => inner.close()
    }
  }
}

describe('lazy random access', () => {
  it('open reads only the IFD chain; page k reads only page k’s bytes', async () => {
    const path = join(tmp, 'stack1000.tif')
    const w = await TiffWriter.create(path, { width: 64, height: 32, dtype: 'uint16', sizes: { z: 1000 } })
    for (let k = 0; k < 1000; k++) await w.writePlane(new Uint16Array(64 * 32).fill(k))
    await w.close()
    const { source, reads } = await recording(path)
    const r = await TiffReader.fromSource(source)
    expect(r.pageCount).toBe(1000)
    const openBytes = reads.reduce((s, [, n]) => s + n, 0)
    expect(openBytes).toBeLessThan(source.size / 4) // the pixel data (4 MB) was not read
    reads.length = 0
    const page = await r.readPage(700)
    expect(page.data[0]).toBe(700)
    expect(page.data[64 * 32 - 1]).toBe(700)
    expect(reads).toHaveLength(1)
    expect(reads[0][1]).toBe(64 * 32 * 2)
    await r.close()
  })
})
