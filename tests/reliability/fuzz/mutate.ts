/**
 * Seeded, structure-aware TIFF mutations. Case `i` of seed `s` is always the same bytes (fixture chosen and
 * mutated from an RNG seeded by (s, i)), so any failing case can be replayed and a long run resumed.
 */
import { xoshiro128ssNext } from '../../../src/shared/xoshiro128'
import { readUint, writeUint, type Field, type TiffMap } from './tiff-map'

/** A seeded random source. */
export interface Rng {
  /** Uniform integer in [0, n). */
  int(n: number): number
  /** One element of `items`. */
  pick<T>(items: readonly T[]): T
}

/** Creates the RNG of case `index` of run `seed` (xoshiro128**, state from splitmix-style mixing). */
export function caseRng(seed: number, index: number): Rng {
  const s = new Uint32Array(4)
  let x = (seed ^ Math.imul(index + 1, 0x9e3779b9)) >>> 0
  for (let k = 0; k < 4; k++) {
    x = (x + 0x6d2b79f5) >>> 0
    let t = Math.imul(x ^ (x >>> 15), x | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    s[k] = (t ^ (t >>> 14)) >>> 0 || 1
  }
  for (let k = 0; k < 8; k++) xoshiro128ssNext(s)
  const int = (n: number) => Math.floor((xoshiro128ssNext(s) / 2 ** 32) * n)
  return { int, pick: (items) => items[int(items.length)] }
}

/** Mutation operators, by name (the summary counts outcomes per operator). */
export const OPERATORS = ['field', 'tag-rename', 'type', 'count', 'next-ifd', 'array', 'chunk-bytes', 'text', 'truncate', 'bit-flip', 'splice'] as const
/** One operator name. */
export type Operator = (typeof OPERATORS)[number]

const TAGS = [254, 256, 257, 258, 259, 262, 270, 273, 277, 278, 279, 284, 317, 322, 323, 324, 325, 339, 50838, 50839, 0, 65535]

function interesting(rng: Rng, map: TiffMap, old: number): number {
  const { size } = map
  return rng.pick([
    0, 1, 2, 3, 7, 8, 15, 16, 255, 256, 4095, 4096, 0x7fff, 0x8000, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xffffffff,
    size, size - 1, size + 1, size - 8, Math.floor(size / 2), old + 1, old - 1, old * 2, old * 256, rng.int(size), rng.int(2 ** 32),
    map.ifdOffsets[rng.int(map.ifdOffsets.length)], 2 ** 40, 2 ** 53 + 3
  ])
}

function fields(map: TiffMap, filter: (f: Field) => boolean): Field[] {
  return map.fields.filter(filter)
}

function setField(rng: Rng, bytes: Uint8Array, map: TiffMap, f: Field | undefined, value?: number): void {
  if (!f || f.at + f.size > bytes.length) return
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const old = readUint(view, f.at, f.size, map.littleEndian)
  // Inline SHORT values sit in the first 2 bytes of the value field: sometimes write only those.
  const size = f.kind === 'entry-value' && rng.int(2) === 0 ? 2 : f.size
  writeUint(view, f.at, size, map.littleEndian, value ?? interesting(rng, map, old))
}

function mutateText(rng: Rng, bytes: Uint8Array, map: TiffMap): void {
  const range = map.texts.length ? rng.pick(map.texts) : undefined
  if (!range || range.at + range.length > bytes.length) return void flip(rng, bytes)
  const text = new TextDecoder('latin1').decode(bytes.subarray(range.at, range.at + range.length))
  const numbers = [...text.matchAll(/\d+(\.\d+)?/g)]
  let next: string
  const action = rng.int(4)
  if (action === 0 && numbers.length) {
    const m = rng.pick(numbers)
    const value = rng.pick(['0', '-1', '1e308', 'NaN', '4294967296', '99999999999', '', '1.5', String(rng.int(1e6))])
    next = text.slice(0, m.index) + value + text.slice(m.index! + m[0].length)
  } else if (action === 1) next = text.slice(0, rng.int(text.length + 1))
  else if (action === 2) {
    const at = rng.int(text.length + 1)
    next = text.slice(0, at) + rng.pick(['<', '>', '"', '=', '\n', '\0', 'images=', 'channels=', 'slices=', 'frames=', 'hyperstack=true', '<Pixels SizeZ="9999999">', '&#x;']) + text.slice(at)
  } else next = text.replace(/(Size[CZT]|channels|slices|frames|images)(="?)\d+/, (_, k, eq) => `${k}${eq}${rng.pick([0, 2, 1000, 65536, 2 ** 31])}`)
  const encoded = new TextEncoder().encode(next).subarray(0, range.length)
  bytes.fill(0, range.at, range.at + range.length)
  bytes.set(encoded, range.at)
}

function flip(rng: Rng, bytes: Uint8Array, from = 0, to = bytes.length): void {
  if (to <= from) return
  const at = from + rng.int(to - from)
  bytes[at] ^= 1 << rng.int(8)
}

function mutateChunk(rng: Rng, bytes: Uint8Array, map: TiffMap): void {
  const chunk = map.chunks.length ? rng.pick(map.chunks) : undefined
  if (!chunk || chunk.length === 0 || chunk.at + chunk.length > bytes.length) return void flip(rng, bytes)
  const end = chunk.at + chunk.length
  switch (rng.int(4)) {
    case 0:
      for (let k = 0, n = 1 + rng.int(8); k < n; k++) flip(rng, bytes, chunk.at, end)
      break
    case 1:
      bytes.fill(rng.pick([0, 0xff]), chunk.at + rng.int(chunk.length), end)
      break
    case 2:
      for (let k = chunk.at + rng.int(chunk.length), n = 1 + rng.int(64); n > 0 && k < end; k++, n--) bytes[k] = rng.int(256)
      break
    default:
      bytes.copyWithin(chunk.at + rng.int(chunk.length), chunk.at, chunk.at + rng.int(chunk.length))
  }
}

/** Applies one operator to `bytes` in place (or returns shorter bytes for `truncate`). */
export function applyOperator(op: Operator, rng: Rng, bytes: Uint8Array<ArrayBuffer>, map: TiffMap): Uint8Array<ArrayBuffer> {
  switch (op) {
    case 'field':
      setField(rng, bytes, map, rng.pick(fields(map, (f) => f.kind === 'entry-value' || f.kind === 'header' || f.kind === 'ifd-count')))
      break
    case 'tag-rename':
      setField(rng, bytes, map, rng.pick(fields(map, (f) => f.kind === 'entry-tag')), rng.pick(TAGS))
      break
    case 'type':
      setField(rng, bytes, map, rng.pick(fields(map, (f) => f.kind === 'entry-type')), rng.int(20))
      break
    case 'count':
      setField(rng, bytes, map, rng.pick(fields(map, (f) => f.kind === 'entry-count')))
      break
    case 'next-ifd':
      setField(rng, bytes, map, rng.pick(fields(map, (f) => f.kind === 'next-ifd')))
      break
    case 'array': {
      const arrays = fields(map, (f) => f.kind === 'array' || (f.kind === 'entry-value' && (f.tag === 273 || f.tag === 279 || f.tag === 324 || f.tag === 325)))
      if (arrays.length) setField(rng, bytes, map, rng.pick(arrays))
      break
    }
    case 'chunk-bytes':
      mutateChunk(rng, bytes, map)
      break
    case 'text':
      mutateText(rng, bytes, map)
      break
    case 'truncate':
      return bytes.subarray(0, rng.int(bytes.length))
    case 'bit-flip':
      for (let k = 0, n = 1 + rng.int(16); k < n; k++) flip(rng, bytes)
      break
    case 'splice': {
      const len = 1 + rng.int(Math.min(256, bytes.length))
      const start = rng.int(Math.max(1, bytes.length - len))
      bytes.copyWithin(rng.int(bytes.length), start, start + len)
      break
    }
  }
  return bytes
}

/**
 * Builds case `index` of run `seed`: a fixture mutated by 1–4 operators (the first one is recorded).
 * @param fixtures - valid files with their maps
 */
export function makeCase(seed: number, index: number, fixtures: readonly { name: string; bytes: Uint8Array; map: TiffMap }[]): { name: string; op: Operator; bytes: Uint8Array<ArrayBuffer> } {
  const rng = caseRng(seed, index)
  const fx = rng.pick(fixtures)
  let bytes = fx.bytes.slice()
  const op = rng.pick(OPERATORS)
  bytes = applyOperator(op, rng, bytes, fx.map)
  for (let k = rng.int(4); k > 0; k--) bytes = applyOperator(rng.pick(OPERATORS), rng, bytes, fx.map)
  return { name: fx.name, op, bytes }
}
