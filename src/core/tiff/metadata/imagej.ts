/**
 * ImageJ metadata: the `ImageJ=` ImageDescription and the private tags 50838/50839 ("IJIJ" blocks).
 * Formats as written by ImageJ's `ij.io.TiffEncoder` / read by `ij.io.TiffDecoder`, and as tifffile writes them.
 */
import { CodedError } from '../../../shared/errors'

/** Parsed `key=value` lines of an ImageJ ImageDescription. */
export type ImageJDescription = Record<string, string | number | boolean>

/** Whether `description` is an ImageJ one (first line `ImageJ=...`). */
export function isImageJDescription(description: string | undefined): boolean {
  return !!description && description.startsWith('ImageJ=')
}

/** Parses an ImageJ ImageDescription into typed values (numbers and booleans where they parse). */
export function parseImageJDescription(description: string): ImageJDescription {
  const out: ImageJDescription = {}
  for (const line of description.split(/\r?\n/)) {
    const eq = line.indexOf('=')
    if (eq <= 0) continue
    const key = line.slice(0, eq).trim()
    const raw = line.slice(eq + 1).trim()
    if (raw === 'true' || raw === 'false') out[key] = raw === 'true'
    else if (raw !== '' && Number.isFinite(Number(raw))) out[key] = Number(raw)
    else out[key] = raw
  }
  return out
}

/** Contents of the 50838/50839 tags we use. */
export interface ImageJTags {
  /** Display ranges, one `[min, max]` per channel ("rang"). */
  ranges?: [number, number][]
  /** Lookup tables, 768 bytes each ("luts"). */
  luts?: Uint8Array[]
  /** Slice labels ("labl"). */
  labels?: string[]
  /** The "info" text (Image > Show Info). */
  info?: string
}

const TYPES: Record<number, keyof ImageJTags | 'skip'> = {
  0x696e666f: 'info', 0x6c61626c: 'labels', 0x72616e67: 'ranges', 0x6c757473: 'luts'
}

/**
 * Parses ImageJ's private metadata: `counts` = tag 50838 (byte sizes: header first, then one per entry),
 * `data` = tag 50839. Multi-byte numbers and UTF-16 strings use the file's byte order.
 * @throws CodedError `bad-metadata` when the sizes don't match the data
 */
export function parseImageJTags(counts: ArrayLike<number>, data: Uint8Array, littleEndian: boolean): ImageJTags {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength)
  const bad = (why: string): CodedError => new CodedError('bad-metadata', `The ImageJ metadata tags are corrupt: ${why}.`)
  const headerSize = counts[0]
  if (!(headerSize >= 4 && headerSize <= data.length) || (headerSize - 4) % 8 !== 0) throw bad('bad header size')
  const magic = view.getUint32(0, littleEndian)
  if (magic !== 0x494a494a) throw bad('no IJIJ magic')
  const out: ImageJTags = {}
  let entry = 1
  let pos = headerSize
  for (let h = 4; h < headerSize; h += 8) {
    const type = view.getUint32(h, littleEndian)
    const n = view.getUint32(h + 4, littleEndian)
    for (let k = 0; k < n; k++, entry++) {
      const size = counts[entry]
      if (size === undefined || pos + size > data.length) throw bad('an entry runs past the data')
      const bytes = data.subarray(pos, pos + size)
      pos += size
      const kind = TYPES[type]
      if (kind === 'ranges') {
        const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
        out.ranges ??= []
        for (let i = 0; i + 16 <= size; i += 16) out.ranges.push([v.getFloat64(i, littleEndian), v.getFloat64(i + 8, littleEndian)])
      } else if (kind === 'luts') (out.luts ??= []).push(bytes.slice())
      else if (kind === 'labels') (out.labels ??= []).push(utf16(bytes, littleEndian))
      else if (kind === 'info') out.info = utf16(bytes, littleEndian)
    }
  }
  return out
}

function utf16(bytes: Uint8Array, littleEndian: boolean): string {
  return new TextDecoder(littleEndian ? 'utf-16le' : 'utf-16be').decode(bytes)
}

/**
 * Encodes ImageJ private metadata for writing (little-endian): returns the 50838 counts and 50839 bytes,
 * or undefined when there is nothing to write.
 */
export function encodeImageJTags(tags: ImageJTags): { counts: number[]; data: Uint8Array } | undefined {
  const blocks: { type: number; entries: Uint8Array[] }[] = []
  if (tags.info) blocks.push({ type: 0x696e666f, entries: [utf16le(tags.info)] })
  if (tags.ranges?.length) {
    const b = new Uint8Array(tags.ranges.length * 16)
    const v = new DataView(b.buffer)
    tags.ranges.forEach(([lo, hi], i) => {
      v.setFloat64(16 * i, lo, true)
      v.setFloat64(16 * i + 8, hi, true)
    })
    blocks.push({ type: 0x72616e67, entries: [b] })
  }
  if (tags.luts?.length) blocks.push({ type: 0x6c757473, entries: tags.luts })
  if (!blocks.length) return undefined
  const headerSize = 4 + 8 * blocks.length
  const counts = [headerSize, ...blocks.flatMap((b) => b.entries.map((e) => e.length))]
  const data = new Uint8Array(counts.reduce((s, n) => s + n, 0))
  const v = new DataView(data.buffer)
  v.setUint32(0, 0x494a494a, true)
  let pos = headerSize
  blocks.forEach((b, i) => {
    v.setUint32(4 + 8 * i, b.type, true)
    v.setUint32(8 + 8 * i, b.entries.length, true)
    for (const e of b.entries) {
      data.set(e, pos)
      pos += e.length
    }
  })
  return { counts, data }
}

function utf16le(text: string): Uint8Array {
  const out = new Uint8Array(text.length * 2)
  for (let i = 0; i < text.length; i++) {
    out[2 * i] = text.charCodeAt(i) & 0xff
    out[2 * i + 1] = text.charCodeAt(i) >>> 8
  }
  return out
}
