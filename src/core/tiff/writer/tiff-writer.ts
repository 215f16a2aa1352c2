/**
 * Streaming TIFF writer: planes go one at a time into a temp file next to the target; `close()` appends the
 * IFDs, syncs and renames it into place, so a crash never leaves a half-written file under the final name.
 * A plane is passed whole ({@link TiffWriter.writePlane}) or in row chunks (`beginPlane` → `writeRows` → `endPlane`,
 * e.g. as a banded restore finishes its bands); both give the same bytes, so no caller has to hold a full plane.
 * Output: little-endian, one IFD per plane in ImageJ order (C fastest, then Z, then T), ImageJ hyperstack
 * description (or OME-XML), X/YResolution from the pixel size, Software + provenance tags; BigTIFF when the
 * file could pass 4 GiB.
 */
import { randomBytes } from 'node:crypto'
import { open, rename, stat, unlink, type FileHandle } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { CodedError } from '../../../shared/errors'
import { encodeImageJTags } from '../metadata/imagej'
import type { DType, PixelArray } from '../types'
import { imagejDescription, omeXml } from './description'
import { deflateStrip, rowsPerStrip } from './encode-plane'
import { planeFields } from './plane-fields'
import { encodeIfd, ifdSize } from './ifd-encoder'
import { checkWriteOptions, type WriteOptions, type WritableDType } from './options'

const ARRAY_OF: Record<WritableDType, { new (n: number): PixelArray; name: string }> = {
  uint8: Uint8Array, uint16: Uint16Array, int16: Int16Array, float32: Float32Array
}

/** Writes one image stack plane by plane. Create with {@link TiffWriter.create}. */
export class TiffWriter {
  private pos: number
  private readonly planes: { offsets: number[]; counts: number[] }[] = []
  /** The plane being written in row chunks: next row, its strips so far, and the Deflate strip being filled. */
  private open?: { y: number; offsets: number[]; counts: number[]; strip?: Uint8Array; filled: number }
  private done = false

  private constructor(
    private readonly handle: FileHandle,
    private readonly tempPath: string,
    readonly path: string,
    private readonly options: Required<Pick<WriteOptions, 'width' | 'height' | 'dtype'>> & WriteOptions,
    private readonly bigTiff: boolean,
    private readonly planeCount: number
  ) {
    this.pos = bigTiff ? 16 : 8
  }

  /**
   * Validates `options` and opens a temp file next to `path`.
   * @throws CodedError `bad-request` for invalid options or an existing target without `overwrite`; `io-error`
   */
  static async create(path: string, options: WriteOptions): Promise<TiffWriter> {
    const opts = checkWriteOptions(options)
    if (!opts.overwrite && (await stat(path).catch(() => undefined))) {
      throw new CodedError('bad-request', `${path} already exists (refusing to overwrite it).`)
    }
    const { t = 1, z = 1, c = 1 } = opts.sizes ?? {}
    const bytesPer = new ARRAY_OF[opts.dtype](0).BYTES_PER_ELEMENT
    // Deflate can expand incompressible data by ~0.03 %; 1 % + per-plane IFD room keeps the choice safe.
    const estimate = 4096 + t * z * c * (opts.width * opts.height * bytesPer * 1.01 + 1024 + 16)
    const bigTiff = opts.bigTiff ?? estimate >= 2 ** 32 - 2 ** 20
    const tempPath = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.part`)
    const handle = await open(tempPath, 'wx').catch((error: unknown) => {
      throw fileError(error, `Cannot create a file in ${dirname(path)}`)
    })
    return new TiffWriter(handle, tempPath, path, opts, bigTiff, t * z * c)
  }

  /** Whether the output is a BigTIFF (chosen at create: only when the file could pass 4 GiB). */
  get isBigTiff(): boolean {
    return this.bigTiff
  }

  /** Planes written so far. */
  get written(): number {
    return this.planes.length
  }

  /**
   * Appends the next plane (order: C fastest, then Z, then T).
   * @param data - `height × width` samples of the writer's dtype
   * @throws CodedError `bad-request` for a wrong size/type or too many planes, `disk-full`, `io-error`
   */
  async writePlane(data: PixelArray): Promise<void> {
    const { width, height, dtype } = this.options
    if (!(data instanceof ARRAY_OF[dtype]) || data.length !== width * height) {
      throw new CodedError('bad-request', `A plane must be a ${ARRAY_OF[dtype].name} of ${width}×${height} values.`)
    }
    this.beginPlane()
    await this.writeRows(data, 0)
    await this.endPlane()
  }

  /**
   * Starts the next plane, to be passed in row chunks with {@link writeRows} and finished with {@link endPlane}.
   * @throws CodedError `bad-request` when closed, when a plane is already open, or when all planes are written
   */
  beginPlane(): void {
    if (this.done) throw new CodedError('bad-request', 'The TIFF writer is already closed.')
    if (this.open) throw new CodedError('bad-request', 'The previous plane is not finished (endPlane was not called).')
    if (this.planes.length >= this.planeCount) throw new CodedError('bad-request', `All ${this.planeCount} planes are already written.`)
    // Uncompressed: one strip (the rows go straight to the file); Deflate: fixed rows per strip, filled here.
    this.open = { y: 0, offsets: [], counts: [], filled: 0 }
  }

  /**
   * Appends rows `y0 … y0 + rows.length / width − 1` of the open plane; chunks must follow each other without gaps.
   * @param rows - whole rows of the writer's dtype (`count × width` samples); not kept after the call
   * @throws CodedError `bad-request` for no open plane, a wrong type, partial rows or rows out of order; `disk-full`, `io-error`
   */
  async writeRows(rows: PixelArray, y0: number): Promise<void> {
    const { width, height, dtype } = this.options
    const p = this.open
    if (!p || this.done) throw new CodedError('bad-request', 'No plane is open (call beginPlane first).')
    const count = rows.length / width
    if (!(rows instanceof ARRAY_OF[dtype]) || !Number.isInteger(count) || count < 1) {
      throw new CodedError('bad-request', `Rows must be a ${ARRAY_OF[dtype].name} of whole ${width}-pixel rows.`)
    }
    if (y0 !== p.y || y0 + count > height) {
      throw new CodedError('bad-request', `Rows ${y0}–${y0 + count - 1} do not continue the plane at row ${p.y} of ${height}.`)
    }
    const bytes = new Uint8Array(rows.buffer, rows.byteOffset, rows.byteLength)
    const rowBytes = width * rows.BYTES_PER_ELEMENT
    if (this.options.compression !== 'deflate') {
      if (!p.offsets.length) {
        p.offsets.push(this.pos)
        p.counts.push(0)
      }
      // No padding between planes: ImageJ and tifffile read uncompressed ImageJ stacks as one contiguous block.
      await this.write(bytes, this.pos)
      this.pos += bytes.length
      p.counts[0] += bytes.length
    } else {
      const stripRows = rowsPerStrip(rowBytes, height, true)
      let from = 0
      while (from < bytes.length) {
        // The strip that starts at row floor(y / stripRows) × stripRows holds min(stripRows, rows left) rows.
        const stripStart = p.y - (p.y % stripRows)
        const n = Math.min(stripRows, height - stripStart)
        p.strip ??= new Uint8Array(n * rowBytes)
        const take = Math.min(bytes.length - from, p.strip.length - p.filled)
        p.strip.set(bytes.subarray(from, from + take), p.filled)
        p.filled += take
        from += take
        p.y += take / rowBytes
        if (p.filled === p.strip.length) {
          const predictor = this.options.predictor === false ? 1 : dtype === 'float32' ? 3 : 2
          const strip = deflateStrip(p.strip, rows.BYTES_PER_ELEMENT, width, n, predictor, this.options.deflateLevel ?? 6)
          p.strip = undefined
          p.filled = 0
          p.offsets.push(this.pos)
          p.counts.push(strip.length)
          await this.write(strip, this.pos)
          this.pos += strip.length
        }
      }
    }
    p.y = y0 + count
    if (!this.bigTiff && this.pos > 0xffffffff) throw new CodedError('too-large', 'The output passed 4 GiB in classic TIFF; write it as BigTIFF.')
  }

  /**
   * Finishes the open plane.
   * @throws CodedError `bad-request` when no plane is open or rows are missing
   */
  async endPlane(): Promise<void> {
    const p = this.open
    if (!p || this.done) throw new CodedError('bad-request', 'No plane is open (call beginPlane first).')
    if (p.y !== this.options.height) throw new CodedError('bad-request', `Only ${p.y} of ${this.options.height} rows of the plane were written.`)
    this.open = undefined
    this.planes.push({ offsets: p.offsets, counts: p.counts })
  }

  /**
   * Writes the IFDs, syncs and renames the temp file to the target path.
   * @throws CodedError `bad-request` if fewer planes than announced were written; `disk-full`, `io-error`
   */
  async close(): Promise<void> {
    if (this.done) return
    if (this.planes.length !== this.planeCount) {
      await this.abort()
      throw new CodedError('bad-request', `Only ${this.planes.length} of ${this.planeCount} planes were written; nothing was saved.`)
    }
    try {
      await this.writeIfds()
      await this.handle.sync()
      await this.handle.close()
      this.done = true
      await rename(this.tempPath, this.path)
    } catch (error) {
      await this.abort()
      throw error instanceof CodedError ? error : fileError(error, `Saving ${this.path} failed`)
    }
  }

  /** Discards everything written (removes the temp file). Safe to call more than once. */
  async abort(): Promise<void> {
    if (!this.done) {
      this.done = true
      await this.handle.close().catch(() => undefined)
    }
    await unlink(this.tempPath).catch(() => undefined)
  }

  private async writeIfds(): Promise<void> {
    const o = this.options
    const { t = 1, z = 1, c = 1 } = o.sizes ?? {}
    const stack = { width: o.width, height: o.height, dtype: o.dtype as DType, t, z, c, physicalSize: o.physicalSize, timeInterval: o.timeInterval, channels: o.channels }
    const description = o.format === 'ome' ? omeXml(stack, basename(this.path)) : imagejDescription(stack)
    const ijTags = o.format === 'ome' ? undefined : encodeImageJTags({ ranges: c > 1 ? o.channels?.flatMap((ch) => (ch.displayRange ? [ch.displayRange] : [])) : undefined, luts: o.channels?.flatMap((ch) => (ch.lut ? [ch.lut] : [])) })
    const deflate = o.compression === 'deflate'
    const rows = rowsPerStrip(o.width * new ARRAY_OF[o.dtype](0).BYTES_PER_ELEMENT, o.height, deflate)
    const predictor = !deflate || o.predictor === false ? 1 : o.dtype === 'float32' ? 3 : 2
    let at = this.pos + (this.pos & 1)
    const first = at
    const chunks: Uint8Array[] = []
    let chunkBytes = 0
    for (let i = 0; i < this.planes.length; i++) {
      const fields = planeFields({ ...o, rows, predictorCode: predictor, bigTiff: this.bigTiff, page: i, ...this.planes[i], description, ijTags, provenance: o.provenance })
      const size = ifdSize(fields, this.bigTiff)
      const next = i + 1 < this.planes.length ? at + size : 0
      const bytes = encodeIfd(fields, at, next, this.bigTiff)
      chunks.push(bytes)
      chunkBytes += bytes.length
      at += size
      if (chunkBytes > 4 * 2 ** 20) chunkBytes = await this.flush(chunks, at - chunkBytes)
    }
    await this.flush(chunks, at - chunkBytes)
    if (!this.bigTiff && at > 0xffffffff) throw new CodedError('too-large', 'The IFDs would end past 4 GiB in classic TIFF.')
    const header = new Uint8Array(this.bigTiff ? 16 : 8)
    const v = new DataView(header.buffer)
    header.set([0x49, 0x49])
    v.setUint16(2, this.bigTiff ? 43 : 42, true)
    if (this.bigTiff) {
      v.setUint16(4, 8, true)
      v.setBigUint64(8, BigInt(first), true)
    } else v.setUint32(4, first, true)
    await this.write(header, 0)
  }

  private async flush(chunks: Uint8Array[], at: number): Promise<number> {
    if (!chunks.length) return 0
    const all = new Uint8Array(chunks.reduce((s, b) => s + b.length, 0))
    let p = 0
    for (const b of chunks) {
      all.set(b, p)
      p += b.length
    }
    chunks.length = 0
    await this.write(all, at)
    return 0
  }

  private async write(bytes: Uint8Array, position: number): Promise<void> {
    try {
      let done = 0
      while (done < bytes.length) done += (await this.handle.write(bytes, done, bytes.length - done, position + done)).bytesWritten
    } catch (error) {
      await this.abort()
      throw fileError(error, `Writing ${this.path} failed`)
    }
  }
}

/** A file-system failure as a coded error: ENOSPC/EDQUOT are `disk-full` (nothing saved), the rest `io-error`. */
function fileError(error: unknown, what: string): CodedError {
  const code = (error as { code?: string }).code
  if (code === 'ENOSPC' || code === 'EDQUOT') return new CodedError('disk-full', `${what}: the disk is full; nothing was saved.`, { cause: error })
  const hint = code === 'EROFS' || code === 'EACCES' || code === 'EPERM' ? ' (the folder is read-only or not writable)' : ''
  return new CodedError('io-error', `${what}${hint}: ${(error as Error).message}`, { cause: error })
}
