/** Interprets an IFD as a page: size, sample type, compression and chunk (strip/tile) layout, all validated. */
import { CodedError } from '../../shared/errors'
import { COMPRESSION_NAMES, TAG } from './constants'
import type { Ifd, IfdReader, TagEntry } from './ifd'
import type { CompressionName, DType, PageInfo } from './types'

/** A page plus what is needed to find its chunks. */
export interface PageLayout extends PageInfo {
  /** Entries of the chunk offsets and byte counts (strips or tiles), read on demand. */
  offsetsEntry: TagEntry
  byteCountsEntry?: TagEntry
  /** Chunks per sample plane: strips down, or tiles across × down. */
  chunksAcross: number
  chunksDown: number
  ifd: Ifd
}

const COMPRESSION: Record<number, CompressionName> = { 1: 'none', 5: 'lzw', 8: 'deflate', 32946: 'deflate', 32773: 'packbits' }

async function scalar(reader: IfdReader, ifd: Ifd, tag: number, fallback?: number): Promise<number> {
  const entry = ifd.entries.get(tag)
  if (!entry || entry.count === 0) {
    if (fallback === undefined) throw new CodedError('bad-metadata', `Page is missing the required tag ${tag}.`)
    return fallback
  }
  return (await reader.numbers({ ...entry, count: 1 }))[0]
}

/** Maps BitsPerSample + SampleFormat to a dtype; float16 maps to float32 (widened on decode). */
export function dtypeOf(bits: number, format: number): DType | undefined {
  if (format === 1 || format === 4) return ({ 1: 'uint8', 8: 'uint8', 16: 'uint16', 32: 'uint32' } as const)[bits]
  if (format === 2) return ({ 8: 'int8', 16: 'int16', 32: 'int32' } as const)[bits]
  if (format === 3) return ({ 16: 'float32', 32: 'float32', 64: 'float64' } as const)[bits]
  return undefined
}

/**
 * Reads and validates the layout of page `index` from its IFD.
 * @throws CodedError `unsupported-compression`, `unsupported-sample-format`, `unsupported-layout`, `bad-metadata`
 */
export async function readPageLayout(reader: IfdReader, ifd: Ifd, index: number): Promise<PageLayout> {
  const width = await scalar(reader, ifd, TAG.ImageWidth)
  const height = await scalar(reader, ifd, TAG.ImageLength)
  if (!(width > 0 && height > 0 && Number.isSafeInteger(width) && Number.isSafeInteger(height))) {
    throw new CodedError('bad-metadata', `Page ${index} has an invalid size ${width}×${height}.`)
  }
  const samples = await scalar(reader, ifd, TAG.SamplesPerPixel, 1)
  if (!(samples >= 1 && samples <= 16)) throw new CodedError('unsupported-layout', `Page ${index} has ${samples} samples per pixel.`)
  const bitsEntry = ifd.entries.get(TAG.BitsPerSample)
  const bitsAll = bitsEntry ? await reader.numbers(bitsEntry) : [1]
  const bitsPerSample = bitsAll[0]
  if (Array.from(bitsAll).some((b) => b !== bitsPerSample)) {
    throw new CodedError('unsupported-sample-format', `Page ${index} mixes bit depths (${Array.from(bitsAll).join(', ')}).`)
  }
  const format = await scalar(reader, ifd, TAG.SampleFormat, 1)
  const dtype = dtypeOf(bitsPerSample, format)
  if (!dtype) {
    const kind = ({ 1: 'unsigned integer', 2: 'signed integer', 3: 'floating point', 5: 'complex integer', 6: 'complex float' } as Record<number, string>)[format] ?? `format ${format}`
    throw new CodedError('unsupported-sample-format', `Page ${index} has ${bitsPerSample}-bit ${kind} samples, which are not supported.`)
  }
  if (bitsPerSample === 1 && samples !== 1) throw new CodedError('unsupported-sample-format', `Page ${index} has 1-bit samples with ${samples} channels.`)
  const code = await scalar(reader, ifd, TAG.Compression, 1)
  const compression = COMPRESSION[code]
  if (!compression) {
    const name = COMPRESSION_NAMES[code] ?? `code ${code}`
    throw new CodedError('unsupported-compression', `Page ${index} uses ${name} compression, which is not supported (supported: none, LZW, Deflate, PackBits).`)
  }
  const predictor = await scalar(reader, ifd, TAG.Predictor, 1)
  if (predictor !== 1 && predictor !== 2 && predictor !== 3) throw new CodedError('unsupported-layout', `Page ${index} uses unknown predictor ${predictor}.`)
  if (predictor === 3 && format !== 3) throw new CodedError('unsupported-layout', `Page ${index} uses the floating-point predictor on integer samples.`)
  if (predictor === 2 && format === 3) throw new CodedError('unsupported-layout', `Page ${index} uses the integer predictor on floating-point samples.`)
  if (predictor !== 1 && bitsPerSample === 1) throw new CodedError('unsupported-layout', `Page ${index} uses a predictor on 1-bit samples.`)
  const planarConfig = samples === 1 ? 1 : await scalar(reader, ifd, TAG.PlanarConfiguration, 1)
  if (planarConfig !== 1 && planarConfig !== 2) throw new CodedError('unsupported-layout', `Page ${index} has PlanarConfiguration ${planarConfig}.`)
  const photometric = await scalar(reader, ifd, TAG.Photometric, samples >= 3 ? 2 : 1)
  if (photometric === 6 || photometric === 5 || photometric === 8) {
    throw new CodedError('unsupported-layout', `Page ${index} uses photometric interpretation ${photometric} (YCbCr/CMYK/Lab), which is not supported.`)
  }
  const subfileType = await scalar(reader, ifd, TAG.NewSubfileType, 0)

  const tileWidthEntry = ifd.entries.get(TAG.TileWidth)
  let offsetsEntry: TagEntry | undefined
  let byteCountsEntry: TagEntry | undefined
  let tile: { width: number; height: number } | undefined
  let rowsPerStrip: number
  let chunksAcross = 1
  let chunksDown: number
  if (tileWidthEntry) {
    const tw = await scalar(reader, ifd, TAG.TileWidth)
    const th = await scalar(reader, ifd, TAG.TileLength)
    if (!(tw > 0 && th > 0 && tw * th <= 2 ** 28)) throw new CodedError('bad-metadata', `Page ${index} has an invalid tile size ${tw}×${th}.`)
    tile = { width: tw, height: th }
    rowsPerStrip = th
    chunksAcross = Math.ceil(width / tw)
    chunksDown = Math.ceil(height / th)
    offsetsEntry = ifd.entries.get(TAG.TileOffsets) ?? ifd.entries.get(TAG.StripOffsets)
    byteCountsEntry = ifd.entries.get(TAG.TileByteCounts) ?? ifd.entries.get(TAG.StripByteCounts)
  } else {
    const rps = await scalar(reader, ifd, TAG.RowsPerStrip, height)
    rowsPerStrip = rps >= 1 ? Math.min(rps, height) : height
    chunksDown = Math.ceil(height / rowsPerStrip)
    offsetsEntry = ifd.entries.get(TAG.StripOffsets)
    byteCountsEntry = ifd.entries.get(TAG.StripByteCounts)
  }
  if (!offsetsEntry) throw new CodedError('bad-metadata', `Page ${index} has no strip or tile offsets.`)
  const chunks = chunksAcross * chunksDown * (planarConfig === 2 ? samples : 1)
  if (offsetsEntry.count < chunks || (byteCountsEntry && byteCountsEntry.count < chunks)) {
    throw new CodedError('bad-metadata', `Page ${index} lists ${offsetsEntry.count} data chunks but its layout needs ${chunks}.`)
  }
  if (!byteCountsEntry && (compression !== 'none' || chunks > 1)) {
    throw new CodedError('bad-metadata', `Page ${index} has no StripByteCounts/TileByteCounts.`)
  }
  return {
    index, width, height, samples, dtype, bitsPerSample, compression, predictor, planarConfig, photometric,
    tile, rowsPerStrip, subfileType, offsetsEntry, byteCountsEntry, chunksAcross, chunksDown, ifd
  }
}

/** Bytes per sample after decoding (float16 widens to 4). */
export function bytesPerSample(dtype: DType): number {
  return dtype === 'uint8' || dtype === 'int8' ? 1 : dtype === 'uint16' || dtype === 'int16' ? 2 : dtype === 'float64' ? 8 : 4
}
