/**
 * A map of where a valid TIFF keeps its structure (header fields, IFD entry counts, entry fields, next-IFD
 * pointers, chunk offset/byte-count arrays, chunk data, description text), so that the fuzzer can mutate the
 * fields a reader trusts instead of flipping random bytes only. Written independently of src/core/tiff: it only
 * has to parse the committed, valid fixtures.
 */

/** What a mutable field is. */
export type FieldKind = 'header' | 'ifd-count' | 'entry-tag' | 'entry-type' | 'entry-count' | 'entry-value' | 'next-ifd' | 'array'

/** One mutable numeric field: `size` bytes at byte `at`, in the file's byte order. */
export interface Field {
  kind: FieldKind
  at: number
  size: number
  /** The tag of the entry the field belongs to (entry fields and arrays). */
  tag?: number
}

/** A byte range (chunk data or text). */
export interface Range {
  at: number
  length: number
}

/** The structure of one valid TIFF. */
export interface TiffMap {
  littleEndian: boolean
  bigTiff: boolean
  size: number
  ifdOffsets: number[]
  fields: Field[]
  /** Strip/tile data (compressed or not). */
  chunks: Range[]
  /** ImageDescription values (ImageJ or OME text). */
  texts: Range[]
}

const TYPE_SIZE: Record<number, number> = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 13: 4, 16: 8, 17: 8, 18: 8 }
const OFFSET_TAGS = new Set([273, 324])
const COUNT_TAGS = new Set([279, 325])

/** Reads an unsigned integer of `size` bytes (1, 2, 4, 8) at `at`. */
export function readUint(view: DataView, at: number, size: number, le: boolean): number {
  if (size === 1) return view.getUint8(at)
  if (size === 2) return view.getUint16(at, le)
  if (size === 4) return view.getUint32(at, le)
  return Number(view.getBigUint64(at, le))
}

/** Writes `value` (wrapped to the field width) as an unsigned integer of `size` bytes at `at`. */
export function writeUint(view: DataView, at: number, size: number, le: boolean, value: number): void {
  if (size === 1) view.setUint8(at, value & 0xff)
  else if (size === 2) view.setUint16(at, value & 0xffff, le)
  else if (size === 4) view.setUint32(at, value >>> 0, le)
  else view.setBigUint64(at, BigInt.asUintN(64, BigInt(Math.trunc(value))), le)
}

/**
 * Maps the structure of a valid classic or BigTIFF file.
 * @throws Error when `bytes` is not a TIFF this simple parser understands (fixtures only)
 */
export function mapTiff(bytes: Uint8Array): TiffMap {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const le = bytes[0] === 0x49
  const bigTiff = view.getUint16(2, le) === 43
  const o = bigTiff ? 8 : 4 // offset / count width
  const entrySize = bigTiff ? 20 : 12
  const map: TiffMap = { littleEndian: le, bigTiff, size: bytes.length, ifdOffsets: [], fields: [], chunks: [], texts: [] }
  map.fields.push({ kind: 'header', at: 0, size: 2 }, { kind: 'header', at: 2, size: 2 }, { kind: 'header', at: bigTiff ? 8 : 4, size: o })
  if (bigTiff) map.fields.push({ kind: 'header', at: 4, size: 2 })
  let ifd = readUint(view, bigTiff ? 8 : 4, o, le)
  while (ifd !== 0 && map.ifdOffsets.length < 10_000) {
    map.ifdOffsets.push(ifd)
    const count = readUint(view, ifd, bigTiff ? 8 : 2, le)
    map.fields.push({ kind: 'ifd-count', at: ifd, size: bigTiff ? 8 : 2 })
    const first = ifd + (bigTiff ? 8 : 2)
    const arrays: Record<'offsets' | 'counts', number[]> = { offsets: [], counts: [] }
    for (let i = 0; i < count; i++) {
      const p = first + i * entrySize
      const tag = view.getUint16(p, le)
      const type = view.getUint16(p + 2, le)
      const n = readUint(view, p + 4, o, le)
      const valueAt = p + 4 + o
      map.fields.push({ kind: 'entry-tag', at: p, size: 2, tag }, { kind: 'entry-type', at: p + 2, size: 2, tag }, { kind: 'entry-count', at: p + 4, size: o, tag })
      map.fields.push({ kind: 'entry-value', at: valueAt, size: o, tag })
      const elem = TYPE_SIZE[type] ?? 1
      const inline = n * elem <= o
      const dataAt = inline ? valueAt : readUint(view, valueAt, o, le)
      if (!inline) for (let k = 0; k < Math.min(n, 64); k++) map.fields.push({ kind: 'array', at: dataAt + k * elem, size: elem, tag })
      if (tag === 270 && type === 2) map.texts.push({ at: dataAt, length: n })
      const values = Array.from({ length: n }, (_, k) => readUint(view, dataAt + k * elem, elem, le))
      if (OFFSET_TAGS.has(tag)) arrays.offsets = values
      if (COUNT_TAGS.has(tag)) arrays.counts = values
    }
    arrays.offsets.forEach((at, k) => map.chunks.push({ at, length: arrays.counts[k] ?? 0 }))
    const nextAt = first + count * entrySize
    map.fields.push({ kind: 'next-ifd', at: nextAt, size: o })
    ifd = readUint(view, nextAt, o, le)
  }
  return map
}
