/** Encodes one IFD (entries, next-IFD pointer, then the values that don't fit inline), little-endian. */
import { FIELD_TYPE_SIZE } from '../constants'

/** One tag to write. Rationals are given as `[num, den, num, den, ...]`; ASCII as a string (NUL added). */
export interface Field {
  tag: number
  type: number
  values: number[] | Uint8Array | string
}

function valueBytes(field: Field): Uint8Array {
  const { type, values } = field
  if (typeof values === 'string') {
    const text = new TextEncoder().encode(values)
    const out = new Uint8Array(text.length + 1)
    out.set(text)
    return out
  }
  if (values instanceof Uint8Array) return values
  const size = FIELD_TYPE_SIZE[type]
  const n = type === 5 ? values.length / 2 : values.length
  const out = new Uint8Array(n * size)
  const v = new DataView(out.buffer)
  values.forEach((x, i) => {
    if (type === 1 || type === 7) v.setUint8(i, x)
    else if (type === 3) v.setUint16(2 * i, x, true)
    else if (type === 4 || type === 5) v.setUint32(4 * i, x, true)
    else if (type === 12) v.setFloat64(8 * i, x, true)
    else if (type === 16) v.setBigUint64(8 * i, BigInt(x), true)
    else throw new Error(`ifd-encoder: unsupported field type ${type}`)
  })
  return out
}

const pad2 = (n: number): number => n + (n & 1)

/** Bytes the IFD of `fields` takes (depends only on the fields, not on where it goes). */
export function ifdSize(fields: Field[], bigTiff: boolean): number {
  const inline = bigTiff ? 8 : 4
  let size = (bigTiff ? 8 : 2) + fields.length * (bigTiff ? 20 : 12) + (bigTiff ? 8 : 4)
  for (const f of fields) {
    const n = valueBytes(f).length
    if (n > inline) size += pad2(n)
  }
  return pad2(size)
}

/**
 * Encodes `fields` (sorted here by tag, as TIFF requires) as an IFD that starts at file offset `at`
 * (even) and points to the next IFD at `next` (0 = last).
 */
export function encodeIfd(fields: Field[], at: number, next: number, bigTiff: boolean): Uint8Array {
  const sorted = [...fields].sort((a, b) => a.tag - b.tag)
  const out = new Uint8Array(ifdSize(sorted, bigTiff))
  const v = new DataView(out.buffer)
  const inline = bigTiff ? 8 : 4
  const entrySize = bigTiff ? 20 : 12
  if (bigTiff) v.setBigUint64(0, BigInt(sorted.length), true)
  else v.setUint16(0, sorted.length, true)
  let p = bigTiff ? 8 : 2
  let extra = p + sorted.length * entrySize + (bigTiff ? 8 : 4)
  for (const f of sorted) {
    const bytes = valueBytes(f)
    const size = FIELD_TYPE_SIZE[f.type]
    const count = bytes.length / size
    v.setUint16(p, f.tag, true)
    v.setUint16(p + 2, f.type, true)
    if (bigTiff) v.setBigUint64(p + 4, BigInt(count), true)
    else v.setUint32(p + 4, count, true)
    const valueAt = p + (bigTiff ? 12 : 8)
    if (bytes.length <= inline) out.set(bytes, valueAt)
    else {
      if (bigTiff) v.setBigUint64(valueAt, BigInt(at + extra), true)
      else v.setUint32(valueAt, at + extra, true)
      out.set(bytes, extra)
      extra += pad2(bytes.length)
    }
    p += entrySize
  }
  if (bigTiff) v.setBigUint64(p, BigInt(next), true)
  else v.setUint32(p, next, true)
  return out
}

/**
 * Approximates a positive number as a TIFF RATIONAL `[num, den]` (both < 2^32), e.g. pixels per µm.
 * Continued fractions, so 1/0.065 becomes 200/13 exactly rather than a rounded decimal.
 */
export function toRational(value: number): [number, number] {
  if (!(value > 0) || !Number.isFinite(value)) return [0, 1]
  const max = 0xffffffff
  let [h0, h1, k0, k1] = [0, 1, 1, 0]
  let x = value
  for (let i = 0; i < 40; i++) {
    const a = Math.floor(x)
    const h2 = a * h1 + h0
    const k2 = a * k1 + k0
    if (h2 > max || k2 > max) break
    ;[h0, h1, k0, k1] = [h1, h2, k1, k2]
    if (Math.abs(h1 / k1 - value) <= value * 1e-12 || x - a < 1e-12) break
    x = 1 / (x - a)
  }
  return k1 === 0 ? [Math.min(max, Math.round(value)), 1] : [h1, k1]
}
