import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { open } from 'node:fs/promises'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { CodedError } from '../../shared/errors'
import { inspectWithTifffile, libtiffToolsMissing, tiffinfo, tifffileMissing } from './external-tools'
import { TiffReader, TiffWriter, type PixelArray, type WriteOptions } from './index'
import { sha256 } from './test-helpers'

const tmp = mkdtempSync(join(tmpdir(), 'cvdm-tiff-writer-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

const W = 37
const H = 23
const SIZES = { t: 2, z: 3, c: 2 }
const N = SIZES.t * SIZES.z * SIZES.c

function plane(dtype: WriteOptions['dtype'], k: number): PixelArray {
  const Arr = { uint8: Uint8Array, uint16: Uint16Array, int16: Int16Array, float32: Float32Array }[dtype]
  return new Arr(W * H).map((_, i) => (dtype === 'float32' ? Math.sin(i * 0.37 + k) * 1000.5 : dtype === 'int16' ? ((i * 97 + k * 1013) % 60000) - 30000 : (i * 31 + k * 7) % (dtype === 'uint8' ? 256 : 65536)))
}

const CASES: [string, Pick<WriteOptions, 'dtype' | 'compression' | 'format' | 'bigTiff'>][] = [
  ['u8.tif', { dtype: 'uint8' }],
  ['u16_deflate.tif', { dtype: 'uint16', compression: 'deflate' }],
  ['i16.tif', { dtype: 'int16' }],
  ['f32.tif', { dtype: 'float32' }],
  ['f32_deflate.tif', { dtype: 'float32', compression: 'deflate' }],
  ['u16.ome.tif', { dtype: 'uint16', format: 'ome' }],
  ['f32_deflate.ome.tif', { dtype: 'float32', compression: 'deflate', format: 'ome' }],
  ['u16_bigtiff.tif', { dtype: 'uint16', bigTiff: true }]
]
const CALIBRATION = { physicalSize: { x: 0.065, y: 0.065, z: 0.3, unit: 'µm' }, timeInterval: 1.5 }

async function writeCase(name: string, o: (typeof CASES)[number][1]): Promise<{ path: string; hash: string }> {
  const path = join(tmp, name)
  const w = await TiffWriter.create(path, {
    width: W, height: H, sizes: SIZES, ...CALIBRATION, ...o, provenance: { model: 'cvdm-test', seed: 7 },
    channels: [{ name: 'DAPI', displayRange: [10, 200] }, { name: 'GFP', displayRange: [0, 150] }]
  })
  const planes: PixelArray[] = []
  for (let k = 0; k < N; k++) {
    planes.push(plane(o.dtype, k))
    await w.writePlane(planes[k])
  }
  await w.close()
  const all = new Uint8Array(planes.reduce((s, p) => s + p.byteLength, 0))
  let at = 0
  for (const p of planes) {
    all.set(new Uint8Array(p.buffer, p.byteOffset, p.byteLength), at)
    at += p.byteLength
  }
  return { path, hash: sha256(all) }
}

const written = Promise.all(CASES.map(([name, o]) => writeCase(name, o)))

describe('writer → our reader', () => {
  it.each(CASES)('%s keeps pixels, axes and calibration', async (name, o) => {
    const { path } = (await written)[CASES.findIndex(([n]) => n === name)]
    const r = await TiffReader.open(path)
    expect(r.bigTiff).toBe(!!o.bigTiff)
    expect(r.metadata).toMatchObject({ axes: 'TZCYX', sizes: { T: 2, Z: 3, C: 2, Y: H, X: W }, dtype: o.dtype, timeInterval: 1.5, software: 'CVDM Studio' })
    expect(r.metadata.physicalSize).toEqual({ x: 0.065, y: 0.065, z: 0.3, unit: 'µm' })
    if (o.format === 'ome') expect(r.metadata.channels.map((c) => c.name)).toEqual(['DAPI', 'GFP'])
    else expect(r.metadata.channels.map((c) => c.displayRange)).toEqual([[10, 200], [0, 150]])
    for (let k = 0; k < N; k++) expect(sha256((await r.readPage(k)).data)).toBe(sha256(plane(o.dtype, k)))
    await r.close()
  })
})

describe('writer → tifffile (independent reader)', () => {
  const missing = tifffileMissing()
  it('tifffile is available (required under CI)', () => {
    if (missing && process.env.CI) throw new Error(`CI requires tifffile: ${missing}`)
    if (missing) console.warn(`SKIPPED tifffile round trips: ${missing}`)
  })
  it.skipIf(!!missing)('reads the same values, shape, axes, unit and pixel size', async () => {
    const files = await written
    const seen = inspectWithTifffile(files.map((f) => f.path))
    CASES.forEach(([name, o], i) => {
      const s = seen[i] as Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any
      expect({ name, axes: s.axes, shape: s.shape, dtype: s.dtype }).toEqual({ name, axes: 'TZCYX', shape: [2, 3, 2, H, W], dtype: o.dtype })
      expect(s.sha256, name).toBe(files[i].hash)
      expect(s.software).toBe('CVDM Studio')
      expect(JSON.parse(s.provenance)).toEqual({ model: 'cvdm-test', seed: 7 })
      expect(s.is_bigtiff).toBe(!!o.bigTiff)
      const [num, den] = s.x_resolution as [number, number]
      expect(den / num).toBeCloseTo(0.065, 9)
      if (o.format === 'ome') {
        expect(s.is_ome).toBe(true)
        expect(s.ome).toMatchObject({ DimensionOrder: 'XYCZT', PhysicalSizeX: '0.065', PhysicalSizeXUnit: 'µm', PhysicalSizeZ: '0.3', SizeT: '2', SizeZ: '3', SizeC: '2' })
        expect(s.ome_channels).toEqual(['DAPI', 'GFP'])
      } else {
        expect(s.is_imagej).toBe(true)
        expect(s.imagej).toMatchObject({ images: 12, channels: 2, slices: 3, frames: 2, hyperstack: true, unit: 'micron', spacing: 0.3, finterval: 1.5 })
        expect(s.ranges).toEqual([10, 200, 0, 150])
      }
      if (o.compression === 'deflate') expect([s.compression, s.predictor]).toEqual([8, o.dtype === 'float32' ? 3 : 2])
    })
  })
  const noTools = libtiffToolsMissing()
  it('libtiff tools are available (required under CI)', () => {
    if (noTools && process.env.CI) throw new Error(`CI requires libtiff-tools: ${noTools}`)
    if (noTools) console.warn(`SKIPPED tiffinfo checks: ${noTools}`)
  })
  it.skipIf(!!noTools)('tiffinfo -D reads every file without errors', async () => {
    for (const { path } of await written) expect(tiffinfo(path), path).toEqual({ status: 0, errors: [] })
  })
})

describe('streaming and atomic replace', () => {
  it('nothing appears under the target name until close; abort leaves no trace', async () => {
    const path = join(tmp, 'atomic.tif')
    const w = await TiffWriter.create(path, { width: W, height: H, dtype: 'uint8', sizes: { z: 2 } })
    await w.writePlane(plane('uint8', 0))
    expect(existsSync(path)).toBe(false)
    expect(readdirSync(tmp).some((f) => f.startsWith('.atomic.tif.') && f.endsWith('.part'))).toBe(true)
    await w.abort()
    expect(existsSync(path)).toBe(false)
    expect(readdirSync(tmp).some((f) => f.startsWith('.atomic.tif.'))).toBe(false)
  })

  it('closing with planes missing saves nothing', async () => {
    const path = join(tmp, 'short.tif')
    const w = await TiffWriter.create(path, { width: W, height: H, dtype: 'uint8', sizes: { z: 3 } })
    await w.writePlane(plane('uint8', 0))
    await expect(w.close()).rejects.toMatchObject({ code: 'bad-request' })
    expect(existsSync(path)).toBe(false)
  })

  it('refuses to overwrite unless asked, bad options and wrong planes', async () => {
    const path = join(tmp, 'exists.tif')
    writeFileSync(path, 'raw data')
    await expect(TiffWriter.create(path, { width: 4, height: 4, dtype: 'uint8' })).rejects.toMatchObject({ code: 'bad-request' })
    await expect(TiffWriter.create(join(tmp, 'x.tif'), { width: 0, height: 4, dtype: 'uint8' })).rejects.toBeInstanceOf(CodedError)
    await expect(TiffWriter.create(join(tmp, 'x.tif'), { width: 4, height: 4, dtype: 'float64' as 'uint8' })).rejects.toMatchObject({ code: 'bad-request' })
    const w = await TiffWriter.create(path, { width: 4, height: 4, dtype: 'uint16', overwrite: true })
    await expect(w.writePlane(new Uint8Array(16))).rejects.toMatchObject({ code: 'bad-request' })
    await w.writePlane(new Uint16Array(16).fill(9))
    await w.close()
    expect((await (await TiffReader.open(path)).readPage(0)).data[15]).toBe(9)
  })

  it('a full disk is a disk-full error and leaves no file behind', async () => {
    const probe = await open(join(tmp, 'probe'), 'w')
    const proto = Object.getPrototypeOf(probe) as { write: (...args: unknown[]) => Promise<unknown> }
    await probe.close()
    const path = join(tmp, 'full.tif')
    const w = await TiffWriter.create(path, { width: W, height: H, dtype: 'uint8' })
    const spy = vi.spyOn(proto, 'write').mockRejectedValue(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }))
    try {
      await expect(w.writePlane(plane('uint8', 0))).rejects.toMatchObject({ code: 'disk-full' })
    } finally {
      spy.mockRestore()
    }
    expect(readdirSync(tmp).filter((f) => f.includes('full.tif'))).toEqual([])
  })

  it('chooses BigTIFF by itself when the stack could pass 4 GiB', async () => {
    const w = await TiffWriter.create(join(tmp, 'huge.tif'), { width: 32768, height: 32768, dtype: 'uint16', sizes: { z: 3 } })
    expect(w.isBigTiff).toBe(true)
    await w.abort()
    const small = await TiffWriter.create(join(tmp, 'small.tif'), { width: 32768, height: 32768, dtype: 'uint16', sizes: { z: 1 } })
    expect(small.isBigTiff).toBe(false)
    await small.abort()
  })
})
