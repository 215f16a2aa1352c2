/** Decodes one page: reads its strips/tiles (contiguous ones in one read), decompresses, undoes predictors. */
import { CodedError } from '../../shared/errors'
import { checkRange } from './byte-source'
import { decompressInto, MAX_RATIO } from './codecs'
import type { IfdReader } from './ifd'
import type { PageLayout } from './page'
import { swapBytes, undoFloat, undoHorizontal } from './predictor'
import type { Raster } from './types'
import { halfToFloat, typedView, unpackBits } from './widen'

/** Default cap on one decoded page (bytes): beyond it `too-large`. JS typed arrays top out near here. */
export const DEFAULT_MAX_PAGE_BYTES = 2 ** 31 - 1
/** Contiguous chunks are read together up to this many bytes. */
const MAX_RUN_BYTES = 16 * 2 ** 20

interface Chunk {
  index: number
  offset: number
  count: number
  /** Pixel rectangle and sample plane of the chunk in the page. */
  x0: number
  y0: number
  sample: number
  /** Valid rows (strips: the last one may be short) and decoded bytes needed. */
  rows: number
  bytes: number
}

/**
 * Decodes page `layout` into a {@link Raster} (samples interleaved, host byte order).
 * @param offsetShift - added to every chunk offset (ImageJ's single-IFD stacks: plane k = page 0 + k × stride)
 * @throws CodedError `too-large`, `truncated`, `bad-offset`
 */
export async function decodePage(reader: IfdReader, layout: PageLayout, maxBytes = DEFAULT_MAX_PAGE_BYTES, offsetShift = 0): Promise<Raster> {
  const { width: w, height: h, samples: spp, bitsPerSample: bits, dtype, tile, planarConfig } = layout
  const where = `page ${layout.index}`
  const planar = planarConfig === 2 && spp > 1
  const sb = bits >= 8 ? bits / 8 : 0 // stored bytes per sample; 0 marks 1-bit
  const chunkW = tile ? tile.width : w
  const chunkSpp = planar ? 1 : spp
  const chunkRowBytes = sb ? chunkW * chunkSpp * sb : Math.ceil(chunkW / 8)
  const pageRowBytes = sb ? w * spp * sb : Math.ceil(w / 8)
  const storedBytes = pageRowBytes * h
  const outBytes = sb ? w * h * spp * (dtype === 'float32' || dtype === 'int32' || dtype === 'uint32' ? 4 : dtype === 'float64' ? 8 : sb) : w * h
  if (outBytes > maxBytes || storedBytes > maxBytes) {
    throw new CodedError('too-large', `Page ${layout.index} is ${w}×${h}×${spp} and needs ${outBytes} bytes, more than the limit of ${maxBytes} bytes per page.`)
  }
  const chunks = await listChunks(reader, layout, chunkRowBytes, offsetShift)
  const size = reader.source.size
  let stored = 0
  for (const c of chunks) {
    checkRange(size, c.offset, c.count, `chunk ${c.index} of ${where}`)
    stored += c.count
  }
  const needed = chunks.reduce((s, c) => s + c.bytes, 0)
  // A tile may be far larger than its page (a 16384² tile on a 1×1 page): its decode buffer has the same cap.
  const biggest = chunks.reduce((m, c) => Math.max(m, c.bytes), 0)
  if (biggest > maxBytes) {
    throw new CodedError('too-large', `A ${tile ? 'tile' : 'strip'} of page ${layout.index} needs ${biggest} bytes when decoded, more than the limit of ${maxBytes} bytes.`)
  }
  // Chunks can point at the same bytes: what a page can decode to is bounded by the file's size, not by the sum of
  // its byte counts (else 1,000 strips sharing one 4 kB LZW run made a 12 kB file allocate a 900 MB page).
  const distinct = Math.min(stored, size)
  if (distinct * MAX_RATIO[layout.compression] < needed) {
    throw new CodedError('truncated', `Page ${layout.index} claims ${needed} bytes of pixels but stores only ${distinct} bytes (${layout.compression}): the header is wrong or the file truncated.`)
  }
  const direct = layout.compression === 'none' && !tile && !planar
  // Uncompressed strips cover every row and are read straight into the page (or the read throws), so that buffer
  // skips zero-filling; every other layout starts from zeros.
  const page = direct ? new Uint8Array(Buffer.allocUnsafeSlow(storedBytes).buffer, 0, storedBytes) : new Uint8Array(storedBytes)
  const ctx = { layout, sb, chunkW, chunkSpp, chunkRowBytes, pageRowBytes, page, planar, littleEndian: reader.littleEndian, where }
  for (const run of planRuns(chunks)) {
    const first = run[0]
    const last = run[run.length - 1]
    if (direct && run.every((c, i) => i === run.length - 1 || c.count === c.bytes) && last.count >= last.bytes) {
      const start = first.y0 * pageRowBytes
      const length = run.reduce((s, c) => s + c.bytes, 0)
      await reader.source.read(first.offset, length, page.subarray(start, start + length))
      for (const c of run) postprocess(ctx, page.subarray(c.y0 * pageRowBytes, c.y0 * pageRowBytes + c.bytes), c.rows)
      continue
    }
    const raw = await reader.source.read(first.offset, last.offset + last.count - first.offset)
    for (const c of run) placeChunk(ctx, c, raw.subarray(c.offset - first.offset, c.offset - first.offset + c.count))
  }
  const data = !sb ? unpackBits(page, w, h) : bits === 16 && dtype === 'float32' ? halfToFloat(new Uint16Array(page.buffer)) : typedView(page, dtype)
  return { width: w, height: h, samples: spp, dtype, data }
}

async function listChunks(reader: IfdReader, layout: PageLayout, chunkRowBytes: number, shift: number): Promise<Chunk[]> {
  const offsets = await reader.numbers(layout.offsetsEntry)
  const counts = layout.byteCountsEntry ? await reader.numbers(layout.byteCountsEntry) : undefined
  const { tile, chunksAcross, chunksDown, height, rowsPerStrip } = layout
  const planes = layout.planarConfig === 2 ? layout.samples : 1
  const chunks: Chunk[] = []
  for (let s = 0; s < planes; s++) {
    for (let j = 0; j < chunksDown; j++) {
      for (let i = 0; i < chunksAcross; i++) {
        const index = (s * chunksDown + j) * chunksAcross + i
        const y0 = j * rowsPerStrip
        const rows = tile ? tile.height : Math.min(rowsPerStrip, height - y0)
        const bytes = chunkRowBytes * rows
        chunks.push({ index, offset: offsets[index] + shift, count: counts ? counts[index] : bytes, x0: tile ? i * tile.width : 0, y0, sample: s, rows, bytes })
      }
    }
  }
  return chunks
}

/** Groups chunks that follow each other in the file so that each group costs one read. */
function planRuns(chunks: Chunk[]): Chunk[][] {
  const runs: Chunk[][] = []
  let run: Chunk[] = []
  let end = -1
  let start = 0
  for (const c of chunks) {
    if (run.length > 0 && c.offset === end && end - start + c.count <= MAX_RUN_BYTES) run.push(c)
    else {
      if (run.length) runs.push(run)
      run = [c]
      start = c.offset
    }
    end = c.offset + c.count
  }
  if (run.length) runs.push(run)
  return runs
}

interface Context {
  layout: PageLayout
  sb: number
  chunkW: number
  chunkSpp: number
  chunkRowBytes: number
  pageRowBytes: number
  page: Uint8Array
  planar: boolean
  littleEndian: boolean
  where: string
  /** Decode buffer reused across the page's tiles / planar strips. */
  scratch?: Uint8Array
}

/** Byte order and predictor, in place on a decoded chunk of `rows` full rows. */
function postprocess(ctx: Context, buf: Uint8Array, rows: number): void {
  const { sb, layout, chunkW, chunkSpp } = ctx
  const rowSamples = chunkW * chunkSpp
  if (layout.predictor === 3) return undoFloat(buf, sb, rowSamples, rows, chunkSpp)
  if (!ctx.littleEndian && sb > 1) swapBytes(buf, sb)
  if (layout.predictor === 2) undoHorizontal(buf, sb, rowSamples, rows, chunkSpp)
}

function placeChunk(ctx: Context, c: Chunk, raw: Uint8Array): void {
  const { layout, page, pageRowBytes, chunkRowBytes, sb, planar } = ctx
  const what = `${layout.tile ? 'tile' : 'strip'} ${c.index} of ${ctx.where}`
  const direct = !layout.tile && !planar
  if (!direct && (!ctx.scratch || ctx.scratch.length < c.bytes)) ctx.scratch = new Uint8Array(c.bytes)
  const target = direct ? page.subarray(c.y0 * pageRowBytes, c.y0 * pageRowBytes + c.bytes) : ctx.scratch!.subarray(0, c.bytes)
  decompressInto(raw, layout.compression, target, what)
  postprocess(ctx, target, c.rows)
  if (direct) return
  const spp = layout.samples
  const rows = Math.min(c.rows, layout.height - c.y0)
  const cols = Math.min(ctx.chunkW, layout.width - c.x0)
  if (!planar) {
    const rowBytes = sb ? cols * spp * sb : Math.ceil(cols / 8)
    const x0Bytes = sb ? c.x0 * spp * sb : c.x0 >>> 3
    for (let y = 0; y < rows; y++) {
      const src = y * chunkRowBytes
      page.set(target.subarray(src, src + rowBytes), (c.y0 + y) * pageRowBytes + x0Bytes)
    }
    return
  }
  // Planar: scatter one sample plane into the interleaved page, one sample (k words of ≤ 4 bytes) at a time.
  const word = Math.min(sb, 4)
  const k = sb / word
  const to = words(page, word)
  const from = words(target, word)
  const pageW = layout.width * spp * k
  for (let y = 0; y < rows; y++) {
    const src = (y * chunkRowBytes) / word
    const dst = (c.y0 + y) * pageW + (c.x0 * spp + c.sample) * k
    for (let x = 0; x < cols; x++) for (let j = 0; j < k; j++) to[dst + x * spp * k + j] = from[src + x * k + j]
  }
}

function words(bytes: Uint8Array, size: number): Uint8Array | Uint16Array | Uint32Array {
  if (size === 1) return bytes
  if (size === 2) return new Uint16Array(bytes.buffer, bytes.byteOffset, bytes.length / 2)
  return new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4)
}
