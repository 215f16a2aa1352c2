/** Reads the TIFF/BigTIFF header and the chain of IFDs, with loop detection and file-length checks. */
import { CodedError } from '../../shared/errors'
import { checkRange, type ByteSource } from './byte-source'
import { FIELD_TYPE_SIZE } from './constants'
import { decodeNumbers, decodeString } from './values'

/** One directory entry. `offset` is where the value bytes start in the file (inline or not). */
export interface TagEntry {
  tag: number
  type: number
  count: number
  offset: number
  /** The value bytes, when they were small enough to read with the IFD. */
  bytes?: Uint8Array
}

/** One image file directory. */
export interface Ifd {
  offset: number
  entries: Map<number, TagEntry>
}

/** Values up to this size are read together with their IFD; larger ones (long offset arrays) on demand. */
const EAGER_VALUE_BYTES = 4096
/** Bytes read at once around an IFD, so small IFDs and their values cost one read. */
const BLOCK = 8192

/** Reads structures of one TIFF file: header, IFDs and tag values, in the file's byte order. */
export class IfdReader {
  littleEndian = true
  bigTiff = false
  private block: { offset: number; bytes: Uint8Array } | undefined

  constructor(readonly source: ByteSource) {}

  /**
   * Parses the 8-byte (classic) or 16-byte (BigTIFF) header.
   * @returns the offset of the first IFD
   * @throws CodedError `not-tiff` when the magic bytes are wrong
   */
  async readHeader(): Promise<number> {
    if (this.source.size < 8) throw new CodedError('not-tiff', 'The file is too short to be a TIFF.')
    const head = await this.source.read(0, Math.min(16, this.source.size))
    const order = String.fromCharCode(head[0], head[1])
    if (order !== 'II' && order !== 'MM') throw new CodedError('not-tiff', 'This is not a TIFF file (no II/MM byte-order mark).')
    this.littleEndian = order === 'II'
    const view = new DataView(head.buffer)
    const magic = view.getUint16(2, this.littleEndian)
    if (magic === 42) return view.getUint32(4, this.littleEndian)
    if (magic !== 43) throw new CodedError('not-tiff', `This is not a TIFF file (version ${magic}, expected 42 or 43).`)
    if (head.length < 16) throw new CodedError('truncated', 'The BigTIFF header is truncated.')
    this.bigTiff = true
    if (view.getUint16(4, this.littleEndian) !== 8) throw new CodedError('not-tiff', 'Unsupported BigTIFF offset size.')
    return Number(view.getBigUint64(8, this.littleEndian))
  }

  /**
   * Follows the IFD chain from `first`. Each IFD offset must be new (else `ifd-loop`) and inside the file
   * (else `bad-offset`); a chain can't hold more IFDs than the file has room for.
   */
  async readChain(first: number): Promise<Ifd[]> {
    const ifds: Ifd[] = []
    const seen = new Set<number>()
    let offset = first
    while (offset !== 0) {
      if (seen.has(offset)) throw new CodedError('ifd-loop', `The IFD chain loops back to offset ${offset} after ${ifds.length} pages.`)
      if (!Number.isSafeInteger(offset) || offset < 8 || offset >= this.source.size) {
        throw new CodedError('bad-offset', `IFD ${ifds.length} points outside the file (offset ${offset}, file size ${this.source.size}).`)
      }
      seen.add(offset)
      const { ifd, next } = await this.readIfd(offset, ifds.length)
      ifds.push(ifd)
      offset = next
    }
    if (ifds.length === 0) throw new CodedError('not-tiff', 'The TIFF file has no image directory.')
    return ifds
  }

  private async readIfd(offset: number, index: number): Promise<{ ifd: Ifd; next: number }> {
    const big = this.bigTiff
    const countSize = big ? 8 : 2
    const entrySize = big ? 20 : 12
    const head = await this.readCached(offset, countSize, `IFD ${index}`)
    const hv = new DataView(head.buffer, head.byteOffset, head.byteLength)
    const count = big ? Number(hv.getBigUint64(0, this.littleEndian)) : hv.getUint16(0, this.littleEndian)
    const bodySize = count * entrySize + (big ? 8 : 4)
    const body = await this.readCached(offset + countSize, bodySize, `IFD ${index}`)
    const view = new DataView(body.buffer, body.byteOffset, body.byteLength)
    const entries = new Map<number, TagEntry>()
    const le = this.littleEndian
    for (let i = 0; i < count; i++) {
      const p = i * entrySize
      const tag = view.getUint16(p, le)
      const type = view.getUint16(p + 2, le)
      const n = big ? Number(view.getBigUint64(p + 4, le)) : view.getUint32(p + 4, le)
      const typeSize = FIELD_TYPE_SIZE[type]
      if (typeSize === undefined) continue // unknown types are skipped, as TIFF 6.0 asks readers to do
      const size = n * typeSize
      const inlineSize = big ? 8 : 4
      const valueOffset = size <= inlineSize ? offset + countSize + p + (big ? 12 : 8) : readOffset(view, p + (big ? 12 : 8), big, le)
      const entry: TagEntry = { tag, type, count: n, offset: valueOffset }
      if (size <= inlineSize) entry.bytes = body.slice(p + (big ? 12 : 8), p + (big ? 12 : 8) + size)
      else if (size <= EAGER_VALUE_BYTES && valueOffset + size <= this.source.size) {
        entry.bytes = (await this.readCached(valueOffset, size, `tag ${tag} of IFD ${index}`)).slice()
      }
      entries.set(tag, entry)
    }
    const next = readOffset(view, count * entrySize, big, le)
    return { ifd: { offset, entries }, next }
  }

  /** Raw value bytes of `entry` (read from the file when they were not read with the IFD). */
  async bytes(entry: TagEntry): Promise<Uint8Array> {
    if (entry.bytes) return entry.bytes
    const size = entry.count * (FIELD_TYPE_SIZE[entry.type] ?? 1)
    checkRange(this.source.size, entry.offset, size, `value of tag ${entry.tag}`)
    return this.source.read(entry.offset, size)
  }

  /** Numeric values of `entry`. */
  async numbers(entry: TagEntry): Promise<Float64Array> {
    return decodeNumbers(await this.bytes(entry), entry.type, entry.count, this.littleEndian)
  }

  /** String value of an ASCII (or UNDEFINED/BYTE) `entry`. */
  async string(entry: TagEntry): Promise<string> {
    return decodeString(await this.bytes(entry))
  }

  private async readCached(offset: number, length: number, what: string): Promise<Uint8Array> {
    checkRange(this.source.size, offset, length, what)
    const b = this.block
    if (b && offset >= b.offset && offset + length <= b.offset + b.bytes.length) {
      return b.bytes.subarray(offset - b.offset, offset - b.offset + length)
    }
    const size = Math.min(Math.max(length, BLOCK), this.source.size - offset)
    const bytes = await this.source.read(offset, size)
    this.block = { offset, bytes }
    return bytes.subarray(0, length)
  }
}

function readOffset(view: DataView, at: number, big: boolean, le: boolean): number {
  if (!big) return view.getUint32(at, le)
  const n = Number(view.getBigUint64(at, le))
  return Number.isSafeInteger(n) ? n : Infinity
}
