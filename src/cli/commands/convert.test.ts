import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest'
import { TiffReader } from '../../core/tiff'
import { main } from '../index'

const FIXTURES = join(__dirname, '..', '..', 'core', 'tiff', 'fixtures')
const tmp = mkdtempSync(join(tmpdir(), 'cvdm-convert-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))
afterEach(() => vi.restoreAllMocks())

function capture(): { out: () => string; err: () => string } {
  let out = ''
  let err = ''
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((out += String(chunk)), true))
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((err += String(chunk)), true))
  return { out: () => out, err: () => err }
}

async function samePixels(a: string, b: string, dtype?: string): Promise<void> {
  const [ra, rb] = [await TiffReader.open(a), await TiffReader.open(b)]
  const m = ra.metadata
  expect(rb.metadata.physicalSize).toEqual(m.physicalSize)
  expect(rb.metadata.timeInterval).toEqual(m.timeInterval)
  if (dtype) expect(rb.metadata.dtype).toBe(dtype)
  for (let t = 0; t < (m.sizes.T ?? 1); t++)
    for (let z = 0; z < (m.sizes.Z ?? 1); z++)
      for (let c = 0; c < (m.sizes.C ?? 1); c++) {
        const p = await ra.readPlane({ t, z, c })
        const q = await rb.readPlane({ t, z, c })
        expect(Array.from(q.data)).toEqual(Array.from(p.data))
      }
  await ra.close()
  await rb.close()
}

describe('cvdm info <file>', () => {
  it('prints the metadata model as a table and as JSON', async () => {
    const io = capture()
    const file = join(FIXTURES, 'imagej_hyperstack.tif')
    expect(await main(['info', file])).toBe(0)
    expect(io.out()).toMatch(/axes\s+TZCYX/)
    expect(io.out()).toMatch(/pixel size\s+0\.125 × 0\.125 µm/)
    expect(await main(['info', file, '--json'])).toBe(0)
    const json = JSON.parse(io.out().slice(io.out().indexOf('{')))
    expect(json.metadata).toMatchObject({ axes: 'TZCYX', dtype: 'uint16', physicalSize: { x: 0.125, z: 0.75, unit: 'µm' }, timeInterval: 2.5 })
    expect(json.metadata.channels[0]).toEqual({ displayRange: [100, 4000], lutColor: [255, 0, 0] })
  })

  it('exits 3 with the error code for a bad file', async () => {
    const io = capture()
    expect(await main(['info', join(FIXTURES, 'jpeg_u8.tif')])).toBe(3)
    expect(io.err()).toContain('error [unsupported-compression]')
    expect(await main(['info', join(FIXTURES, 'make-fixtures.py')])).toBe(3)
    expect(io.err()).toContain('error [not-tiff]')
  })
})

describe('cvdm convert', () => {
  it.each([
    ['lzw_u16_pred2_be.tif', []],
    ['imagej_hyperstack_lzw_be.tif', ['--compress', 'deflate']],
    ['ome_czyx.ome.tif', ['--ome']],
    ['tiles_f32_be.tif', ['--compress', 'deflate', '--ome']],
    ['i8_le.tif', []],
    ['imagej_single_ifd.tif', ['--dtype', 'float32']]
  ])('%s %s keeps every pixel and the calibration', async (name, flags) => {
    capture()
    const out = join(tmp, `${name}.${flags.join('')}.tif`)
    expect(await main(['convert', join(FIXTURES, name), out, ...flags])).toBe(0)
    await samePixels(join(FIXTURES, name), out, flags.includes('float32') ? 'float32' : undefined)
  })

  it('RGB samples become channels', async () => {
    capture()
    const out = join(tmp, 'rgb.tif')
    expect(await main(['convert', join(FIXTURES, 'rgb_u16_planar_tiles.tif'), out, '--json'])).toBe(0)
    const r = await TiffReader.open(out)
    expect(r.metadata).toMatchObject({ axes: 'ZCYX', sizes: { Z: 2, C: 3 } })
    const src = await (await TiffReader.open(join(FIXTURES, 'rgb_u16_planar_tiles.tif'))).readPage(1)
    const green = await r.readPlane({ z: 1, c: 1 })
    expect(green.data[5]).toBe(src.data[5 * 3 + 1])
  })

  it('refuses lossy dtype changes, the input as output, and existing outputs', async () => {
    const io = capture()
    const f32 = join(FIXTURES, 'f32_le.tif')
    expect(await main(['convert', f32, join(tmp, 'lossy.tif'), '--dtype', 'uint16'])).toBe(2)
    expect(io.err()).toMatch(/can't be stored as uint16 exactly/)
    expect(await main(['convert', f32, f32])).toBe(2)
    const out = join(tmp, 'twice.tif')
    expect(await main(['convert', f32, out])).toBe(0)
    expect(await main(['convert', f32, out])).toBe(2)
    expect(await main(['convert', f32, out, '--force'])).toBe(0)
    expect(await main(['convert', join(FIXTURES, 'u32_be.tif'), join(tmp, 'u32.tif')])).toBe(3)
  })
})
