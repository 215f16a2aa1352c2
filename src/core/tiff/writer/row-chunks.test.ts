import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { CodedError } from '../../../shared/errors'
import { inspectWithTifffile, tifffileMissing } from '../external-tools'
import { TiffReader, TiffWriter, type PixelArray, type WriteOptions } from '../index'
import { sha256 } from '../test-helpers'

const tmp = mkdtempSync(join(tmpdir(), 'cvdm-tiff-rows-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

// Odd sizes; 2 × 3 planes. Rows per Deflate strip = floor(256 KiB / row bytes): 3000 px float32 rows → 21 rows per
// strip, so 67 rows end on a partial strip and the chunks below cut strips in the middle.
const W = 3000
const H = 67
const SIZES = { z: 3, c: 2 }
const N = 6

function plane(dtype: WriteOptions['dtype'], k: number): PixelArray {
  const Arr = { uint8: Uint8Array, uint16: Uint16Array, int16: Int16Array, float32: Float32Array }[dtype]
  return new Arr(W * H).map((_, i) => (dtype === 'float32' ? Math.sin(i * 0.0037 + k) * 1000.5 : (i * 31 + k * 7) % 65536))
}

/** Chunk heights that cover H with a different split per plane (1 row, odd runs, a strip boundary crossing, the rest). */
function chunks(k: number): number[] {
  const splits = [[1, 20, 1, 45], [H], [13, 13, 13, 13, 15], [50, 17], [2, 3, 5, 7, 11, 13, 26], [66, 1]]
  return splits[k % splits.length]
}

const CASES: [string, Pick<WriteOptions, 'dtype' | 'compression'>][] = [
  ['f32', { dtype: 'float32' }],
  ['f32_deflate', { dtype: 'float32', compression: 'deflate' }],
  ['u16_deflate', { dtype: 'uint16', compression: 'deflate' }]
]

async function write(path: string, o: (typeof CASES)[number][1], chunked: boolean): Promise<string> {
  const w = await TiffWriter.create(path, { width: W, height: H, sizes: SIZES, ...o, provenance: { output: 'mean' } })
  const all: PixelArray[] = []
  for (let k = 0; k < N; k++) {
    const p = plane(o.dtype, k)
    all.push(p)
    if (!chunked) await w.writePlane(p)
    else {
      w.beginPlane()
      let y = 0
      for (const n of chunks(k)) {
        // A copy: the writer must not keep the caller's buffer.
        await w.writeRows(p.slice(y * W, (y + n) * W), y)
        y += n
      }
      await w.endPlane()
    }
  }
  await w.close()
  const bytes = new Uint8Array(all.reduce((s, p) => s + p.byteLength, 0))
  let at = 0
  for (const p of all) {
    bytes.set(new Uint8Array(p.buffer, p.byteOffset, p.byteLength), at)
    at += p.byteLength
  }
  return sha256(bytes)
}

const written = Promise.all(
  CASES.map(async ([name, o]) => {
    const whole = join(tmp, `${name}_whole.tif`)
    const rows = join(tmp, `${name}_rows.tif`)
    const hash = await write(whole, o, false)
    expect(await write(rows, o, true)).toBe(hash)
    return { whole, rows, hash }
  })
)

describe('row-chunk writing (beginPlane → writeRows → endPlane)', () => {
  it('gives the same file bytes as whole planes', async () => {
    for (const f of await written) expect(sha256(readFileSync(f.rows))).toBe(sha256(readFileSync(f.whole)))
  })

  it('reads back the same pixels with our reader', async () => {
    for (const [i, [name, o]] of CASES.entries()) {
      const f = (await written)[i]
      const reader = await TiffReader.open(f.rows)
      try {
        for (let k = 0; k < N; k++) {
          const got = await reader.readPlane({ c: k % 2, z: Math.floor(k / 2) })
          expect(Array.from(got.data as ArrayLike<number>).slice(0, 5), name).toEqual(Array.from(plane(o.dtype, k)).slice(0, 5))
          expect(sha256(new Uint8Array(got.data.buffer, got.data.byteOffset, got.data.byteLength)), `${name} plane ${k}`).toBe(
            sha256(new Uint8Array(plane(o.dtype, k).buffer))
          )
        }
      } finally {
        await reader.close()
      }
    }
  })

  const missing = tifffileMissing()
  it.skipIf(!!missing)('tifffile reads the chunked stacks with the right shape and pixels', async () => {
    const files = await written
    const seen = inspectWithTifffile(files.map((f) => f.rows)) as { axes: string; shape: number[]; sha256: string; is_imagej: boolean }[]
    files.forEach((f, i) => {
      expect({ axes: seen[i].axes, shape: seen[i].shape, imagej: seen[i].is_imagej }).toEqual({ axes: 'ZCYX', shape: [3, 2, H, W], imagej: true })
      expect(seen[i].sha256, CASES[i][0]).toBe(f.hash)
    })
  })

  it('refuses gaps, overlaps, partial rows, unfinished planes and mixing with writePlane', async () => {
    const w = await TiffWriter.create(join(tmp, 'bad.tif'), { width: 4, height: 3, dtype: 'float32', sizes: { z: 2 } })
    const code = async (f: () => unknown): Promise<string | undefined> => {
      try {
        await f()
      } catch (error) {
        expect(error).toBeInstanceOf(CodedError)
        return (error as CodedError).code
      }
      return undefined
    }
    expect(await code(() => w.writeRows(new Float32Array(4), 0))).toBe('bad-request')
    w.beginPlane()
    expect(await code(() => w.beginPlane())).toBe('bad-request')
    expect(await code(() => w.writePlane(new Float32Array(12)))).toBe('bad-request')
    expect(await code(() => w.writeRows(new Float32Array(4), 1))).toBe('bad-request')
    expect(await code(() => w.writeRows(new Float32Array(6), 0))).toBe('bad-request')
    expect(await code(() => w.writeRows(new Uint16Array(4), 0))).toBe('bad-request')
    await w.writeRows(new Float32Array(8), 0)
    expect(await code(() => w.writeRows(new Float32Array(8), 2))).toBe('bad-request')
    expect(await code(() => w.endPlane())).toBe('bad-request')
    await w.writeRows(new Float32Array(4), 2)
    await w.endPlane()
    expect(w.written).toBe(1)
    w.beginPlane()
    await w.writeRows(new Float32Array(12), 0)
    // The second plane is open but not ended: close saves nothing.
    expect(await code(() => w.close())).toBe('bad-request')
  })
})
