/**
 * Regression tests for reader bugs the fuzzer found, each holding its minimized input (built byte by byte with
 * tinyTiff) and the fuzz case that first showed it (seed, index: replay with scripts/fuzz-tiff.ts --verbose).
 */
import { describe, expect, it } from 'vitest'
import { TiffReader } from '../../src/core/tiff'
import { runCase } from './fuzz/run-case'
import { tinyTiff, type TinyEntry } from './fuzz/tiny-tiff'

/** 2×1 uint8 grey page. */
const BASE: TinyEntry[] = [
  { tag: 256, type: 3, value: [2] },
  { tag: 257, type: 3, value: [1] },
  { tag: 258, type: 3, value: [8] },
  { tag: 259, type: 3, value: [1] },
  { tag: 262, type: 3, value: [1] },
  { tag: 278, type: 3, value: [1] }
]
const withDescription = (text: string): Uint8Array => tinyTiff([...BASE, { tag: 270, type: 2, value: text }], Uint8Array.of(7, 9))

describe('fuzz-found reader bugs stay fixed', () => {
  it('OME TiffData PlaneCount="99999999999" no longer loops 10^11 times (seed 7, case 28016: a hang)', async () => {
    const bytes = withDescription('<OME><Image><Pixels DimensionOrder="XYZCT" SizeX="2" SizeY="1" SizeZ="1" SizeC="1" SizeT="1"><TiffData IFD="0" PlaneCount="99999999999"/></Pixels></Image></OME>')
    const started = performance.now()
    const reader = await TiffReader.fromBytes(bytes)
    expect(performance.now() - started).toBeLessThan(1000)
    expect(reader.metadata.source).toBe('ome')
    expect(Array.from((await reader.readPlane({})).data)).toEqual([7, 9])
    await reader.close()
  })

  it('ImageJ "slices=1.5" gives whole sizes, not Z=1.5 (seed 11, case 1818: a fractional axis size)', async () => {
    const reader = await TiffReader.fromBytes(withDescription('ImageJ=1.54f\nimages=1\nslices=1.5\nframes=1\n'))
    expect(reader.metadata.sizes.Z ?? 1).toBe(1)
    expect(reader.metadata.warnings.join(' ')).toMatch(/slices=1.5/)
    expect(await runCase(withDescription('ImageJ=1.54f\nimages=1\nchannels=0.5\nslices=2\n'))).toMatchObject({ kind: 'decoded' })
    await reader.close()
  })

  it('1,000 strips sharing one 4 kB LZW run (12 kB file, 30000² page) are refused before allocating 900 MB (found by review)', async () => {
    const strips = 1000
    const bytes = tinyTiff(
      [
        { tag: 256, type: 4, value: [30000] },
        { tag: 257, type: 4, value: [30000] },
        { tag: 258, type: 3, value: [8] },
        { tag: 259, type: 3, value: [5] },
        { tag: 262, type: 3, value: [1] },
        { tag: 278, type: 4, value: [30] },
        { tag: 273, type: 4, value: Array<number>(strips).fill(8) },
        { tag: 279, type: 4, value: Array<number>(strips).fill(4096) }
      ],
      Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919) & 255)
    )
    expect(bytes.length).toBeLessThan(13_000)
    const reader = await TiffReader.fromBytes(bytes)
    const before = process.memoryUsage().arrayBuffers
    await expect(reader.readPage(0)).rejects.toMatchObject({ code: 'truncated', message: expect.stringMatching(/claims 900000000 bytes/) })
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(64 * 2 ** 20)
    await reader.close()
  })

  it('a 16384² tile of 16 float64 samples on a 1×1 page is too-large, not a RangeError from a 34 GB buffer (found by review)', async () => {
    const data = new Uint8Array(9_000_000) // enough stored bytes for LZW's ratio check to let the tile through
    const bytes = tinyTiff(
      [
        { tag: 256, type: 3, value: [1] },
        { tag: 257, type: 3, value: [1] },
        { tag: 258, type: 3, value: Array<number>(16).fill(64) },
        { tag: 259, type: 3, value: [5] },
        { tag: 262, type: 3, value: [1] },
        { tag: 277, type: 3, value: [16] },
        { tag: 322, type: 3, value: [16384] },
        { tag: 323, type: 3, value: [16384] },
        { tag: 324, type: 4, value: [8] },
        { tag: 325, type: 4, value: [data.length] },
        { tag: 339, type: 3, value: Array<number>(16).fill(3) }
      ],
      data
    )
    const reader = await TiffReader.fromBytes(bytes)
    await expect(reader.readPage(0)).rejects.toMatchObject({ code: 'too-large', message: expect.stringMatching(/tile of page 0 needs 34359738368 bytes/) })
    await reader.close()
  })

  it('the minimized inputs and the plain page all end in a decoded image, not a bug', async () => {
    expect(await runCase(tinyTiff(BASE, Uint8Array.of(1, 2)))).toEqual({ kind: 'decoded', pages: 1 })
  })
})
