/**
 * ImageJ's ">4 GB stack with a single IFD" layout: ImageJ writes one IFD, `images=N` in the description and
 * the N uncompressed planes back to back (classic TIFF can't point past 4 GiB). Plane k then starts at the
 * first plane's offset + k × plane size. Detection follows tifffile (`TiffFile._series_imagej`).
 */
import type { IfdReader } from './ifd'
import type { PageLayout } from './page'

/** Where the virtual planes are. */
export interface ContiguousStack {
  /** Bytes from one plane to the next. */
  stride: number
  /** Planes that fit in the file (≤ the `images=` count). */
  count: number
}

/**
 * Returns the contiguous layout when page 0 is uncompressed, chunky or single-sample, and its strips are
 * back to back; else undefined (the file is then read page by page as usual).
 */
export async function detectContiguousStack(reader: IfdReader, page0: PageLayout, images: number): Promise<ContiguousStack | undefined> {
  if (page0.compression !== 'none' || page0.tile || page0.predictor !== 1 || page0.bitsPerSample < 8) return undefined
  const offsets = await reader.numbers(page0.offsetsEntry)
  const stride = page0.width * page0.height * page0.samples * (page0.bitsPerSample / 8)
  const chunks = page0.chunksDown * (page0.planarConfig === 2 ? page0.samples : 1)
  const counts = page0.byteCountsEntry ? await reader.numbers(page0.byteCountsEntry) : [stride]
  for (let i = 1; i < chunks; i++) if (offsets[i] !== offsets[i - 1] + counts[i - 1]) return undefined
  const start = offsets[0]
  const fit = Math.floor((reader.source.size - start) / stride)
  return { stride, count: Math.max(1, Math.min(images, fit)) }
}
