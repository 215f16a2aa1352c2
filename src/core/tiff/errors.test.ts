import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CodedError } from '../../shared/errors'
import { TiffReader } from './index'
import { fixture, FIXTURES, ifdOffsets, patchTag } from './test-helpers'

async function codeOf(work: () => Promise<unknown>): Promise<string> {
  try {
    await work()
  } catch (error) {
    expect(error).toBeInstanceOf(CodedError)
    expect((error as Error).message.length).toBeGreaterThan(10)
    return (error as CodedError).code
  }
  return 'no error'
}

const openBytes = (b: Uint8Array) => TiffReader.fromBytes(b)
const readFirst = async (b: Uint8Array) => (await openBytes(b)).readPage(0)
const u16 = fixture('u16_le.tif') // 3 pages, tifffile layout, IFD 0 at offset 8

describe('bad input fails with a stable code, never a hang or a wrong pixel', () => {
  it('not-tiff: other formats and garbage', async () => {
    expect(await codeOf(() => openBytes(new TextEncoder().encode('\x89PNG\r\n\x1a\n0000000000')))).toBe('not-tiff')
    expect(await codeOf(() => openBytes(new Uint8Array(4)))).toBe('not-tiff')
    expect(await codeOf(() => openBytes(Uint8Array.from([0x49, 0x49, 41, 0, 8, 0, 0, 0])))).toBe('not-tiff')
  })

  it('not-found and io-error for paths', async () => {
    expect(await codeOf(() => TiffReader.open(join(FIXTURES, 'missing.tif')))).toBe('not-found')
    expect(await codeOf(() => TiffReader.open(FIXTURES))).toBe('io-error')
  })

  it('truncated: pixel data cut off, and an IFD cut off', async () => {
    const single = fixture('f32_le.tif')
    const cut = single.slice(0, single.length - 100)
    expect(await codeOf(async () => (await openBytes(cut)).readPage(2))).toBe('truncated')
    expect(await codeOf(() => openBytes(u16.slice(0, 20)))).toBe('truncated')
  })

  it('truncated: corrupt LZW and Deflate streams', async () => {
    for (const name of ['lzw_u16_pred2.tif', 'deflate8_u16.tif']) {
      const bytes = fixture(name)
      const r = await openBytes(bytes)
      const info = r.pageInfo(0)
      expect(info.compression).not.toBe('none')
      const offsets = ifdOffsets(bytes)
      expect(offsets.length).toBeGreaterThan(0)
      const broken = bytes.slice()
      // Overwrite the pixel data of the file (everything after the first IFD's values) with noise.
      for (let i = 400; i < broken.length; i++) if (!offsets.some((o) => i >= o.ifd && i < o.nextAt + 4)) broken[i] = (i * 7919) & 0xff
      expect(await codeOf(async () => { const b = await openBytes(broken); for (let k = 0; k < b.pageCount; k++) await b.readPage(k) })).toMatch(/truncated|bad-offset|bad-metadata/)
    }
  })

  it('ifd-loop: a next-IFD pointer back to an earlier IFD', async () => {
    const bytes = u16.slice()
    const [first, , third] = ifdOffsets(bytes)
    new DataView(bytes.buffer).setUint32(third.nextAt, first.ifd, true)
    expect(await codeOf(() => openBytes(bytes))).toBe('ifd-loop')
    const self = u16.slice()
    new DataView(self.buffer).setUint32(first.nextAt, first.ifd, true)
    expect(await codeOf(() => openBytes(self))).toBe('ifd-loop')
  })

  it('bad-offset: IFD or strip offsets outside the file', async () => {
    const bytes = u16.slice()
    new DataView(bytes.buffer).setUint32(4, bytes.length + 1000, true)
    expect(await codeOf(() => openBytes(bytes))).toBe('bad-offset')
    const strips = patchTag(fixture('f32_le.tif'), 273, { value: 0x7fffff00 })
    expect(await codeOf(() => readFirst(strips))).toMatch(/truncated|bad-offset/)
  })

  it('unsupported-compression names the codec (JPEG)', async () => {
    const error = await TiffReader.open(join(FIXTURES, 'jpeg_u8.tif')).catch((e: CodedError) => e)
    expect(error).toBeInstanceOf(CodedError)
    expect((error as CodedError).code).toBe('unsupported-compression')
    expect((error as CodedError).message).toContain('JPEG')
    expect(await codeOf(() => openBytes(patchTag(u16, 259, { value: 34712 })))).toBe('unsupported-compression')
  })

  it('unsupported-sample-format: 12-bit, complex, mixed depths', async () => {
    expect(await codeOf(() => openBytes(patchTag(u16, 258, { value: 12 })))).toBe('unsupported-sample-format')
    expect(await codeOf(() => openBytes(patchTag(fixture('f32_le.tif'), 339, { value: 6 })))).toBe('unsupported-sample-format')
  })

  it('unsupported-layout: odd planar config, predictor misuse, YCbCr', async () => {
    expect(await codeOf(() => openBytes(patchTag(fixture('rgb_u8_chunky.tif'), 284, { value: 3 })))).toBe('unsupported-layout')
    expect(await codeOf(() => openBytes(patchTag(fixture('deflate8_u16.tif'), 259, { value: 8 })))).not.toBe('unsupported-layout')
    expect(await codeOf(() => openBytes(patchTag(fixture('rgb_u8_chunky.tif'), 262, { value: 6 })))).toBe('unsupported-layout')
  })

  it('too-large: a page over the caller’s limit, and a lying header is refused before allocating', async () => {
    const r = await TiffReader.fromBytes(u16, { maxPageBytes: 1000 })
    expect(await codeOf(() => r.readPage(0))).toBe('too-large')
    // 60000×60000 uint16 = 7.2 GB claimed by a 20 kB file: too large for one page.
    const huge = patchTag(patchTag(u16, 256, { value: 60000 }), 257, { value: 60000 })
    expect(await codeOf(() => readFirst(huge))).toMatch(/too-large|bad-metadata/)
    // 30000×30000 uint16 = 1.8 GB claimed, deflate-compressed strips of a few kB: refused as truncated, no 1.8 GB allocation.
    const deflate = patchTag(patchTag(fixture('deflate8_u16.tif'), 256, { value: 30000 }), 257, { value: 30000 })
    const before = process.memoryUsage().arrayBuffers
    expect(await codeOf(() => readFirst(deflate))).toMatch(/truncated|bad-metadata/)
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(100 * 2 ** 20)
  })

  it('bad-metadata: missing width, too few strips', async () => {
    expect(await codeOf(() => openBytes(patchTag(u16, 256, { renameTo: 1000 })))).toBe('bad-metadata')
    const rows = patchTag(u16, 278, { value: 1 }) // 45 strips needed, 6 listed
    expect(await codeOf(() => openBytes(rows))).toBe('bad-metadata')
  })

  it('bad-request: page index out of range', async () => {
    const r = await openBytes(u16)
    expect(await codeOf(() => r.readPage(3))).toBe('bad-request')
    expect(await codeOf(async () => r.planeIndex({ z: 5 }))).toBe('bad-request')
  })
})

describe('lying metadata never allocates by its word', () => {
  it('an ImageJ description announcing a billion images reads as what the file holds', async () => {
    const bytes = fixture('imagej_single_ifd.tif')
    const text = new TextDecoder('latin1').decode(bytes)
    const at = text.indexOf('images=5')
    const patched = bytes.slice()
    patched.set(new TextEncoder().encode('images=9'), at) // 9 > the 5 planes the file can hold... still small
    const r = await TiffReader.fromBytes(patched)
    expect(r.pageCount).toBe(5)
    const huge = bytes.slice()
    const digits = new TextEncoder().encode('images=999999999\nslices=999999999\n')
    const end = text.indexOf('unit=')
    expect(end - at).toBeGreaterThanOrEqual(0)
    const desc = new Uint8Array(end - at).fill(0x20)
    desc.set(digits.subarray(0, Math.min(digits.length, desc.length)))
    huge.set(desc, at)
    const before = process.memoryUsage().arrayBuffers
    const big = await TiffReader.fromBytes(huge)
    expect(big.metadata.warnings.join()).toMatch(/can hold at most/)
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(50 * 2 ** 20)
  })
})
