/**
 * TiffReader: opens a TIFF/BigTIFF lazily (header + IFD chain + first-page metadata only) and decodes any
 * page on demand, so memory depends on the page size, not the file size.
 */
import { basename } from 'node:path'
import { CodedError } from '../../shared/errors'
import { bufferSource, openFileSource, type ByteSource } from './byte-source'
import { TAG } from './constants'
import { decodePage, DEFAULT_MAX_PAGE_BYTES } from './decode-page'
import { IfdReader, type Ifd } from './ifd'
import { detectContiguousStack, type ContiguousStack } from './imagej-layout'
import { isImageJDescription, parseImageJTags, type ImageJTags } from './metadata/imagej'
import { buildMetadata, type MetadataResult } from './metadata/model'
import { isOmeXml } from './metadata/ome'
import { readPageLayout, type PageLayout } from './page'
import type { ImageMetadata, PageInfo, PlaneCoord, Raster } from './types'

/** Options for {@link TiffReader.open}. */
export interface OpenOptions {
  /** Refuse pages whose decoded size exceeds this many bytes (`too-large`). Default 2 GiB − 1. */
  maxPageBytes?: number
}

/** A TIFF file opened for random-access page reads. Call {@link TiffReader.close} when done. */
export class TiffReader {
  private constructor(
    private readonly ifdReader: IfdReader,
    private readonly layouts: (PageLayout | CodedError)[],
    private readonly result: MetadataResult,
    private readonly contiguous: ContiguousStack | undefined,
    private readonly maxPageBytes: number
  ) {}

  /**
   * Opens `path`: reads the header, the IFD chain and the first page's metadata; decodes no pixels.
   * @throws CodedError `not-found`, `io-error`, `not-tiff`, `truncated`, `ifd-loop`, `bad-offset`, or the
   * first page's `unsupported-*` / `bad-metadata` error
   */
  static async open(path: string, options: OpenOptions = {}): Promise<TiffReader> {
    const source = await openFileSource(path)
    try {
      return await TiffReader.fromSource(source, options, basename(path))
    } catch (error) {
      await source.close()
      throw error
    }
  }

  /** Opens a TIFF held in memory (same checks as {@link TiffReader.open}). */
  static async fromBytes(bytes: Uint8Array, options: OpenOptions = {}): Promise<TiffReader> {
    return TiffReader.fromSource(bufferSource(bytes), options)
  }

  /** Opens a TIFF from any {@link ByteSource}; the reader owns the source and closes it. */
  static async fromSource(source: ByteSource, options: OpenOptions = {}, fileName?: string): Promise<TiffReader> {
    const reader = new IfdReader(source)
    const ifds = await reader.readChain(await reader.readHeader())
    const layouts: (PageLayout | CodedError)[] = []
    for (let i = 0; i < ifds.length; i++) {
      try {
        layouts.push(await readPageLayout(reader, ifds[i], i))
      } catch (error) {
        if (i === 0 || !(error instanceof CodedError)) throw error
        layouts.push(error)
      }
    }
    const page0 = layouts[0] as PageLayout
    const tags = await firstPageTags(reader, ifds[0])
    const similarPages = layouts.flatMap((l, i) =>
      l instanceof CodedError || (l.subfileType & 1) || l.width !== page0.width || l.height !== page0.height || l.samples !== page0.samples || l.dtype !== page0.dtype ? [] : [i]
    )
    const kind = isOmeXml(tags.description) ? 'ome' : isImageJDescription(tags.description) ? 'imagej' : 'tiff'
    const planeBytes = Math.max(1, Math.floor((page0.width * page0.height * page0.samples * page0.bitsPerSample) / 8))
    const maxPlanes = Math.max(ifds.length, Math.floor(source.size / planeBytes))
    const result = buildMetadata({ ...tags, page0, pageCount: ifds.length, similarPages, kind, fileName, maxPlanes })
    let contiguous: ContiguousStack | undefined
    const images = result.imagejImages ?? 0
    if (images > ifds.length && ifds.length === 1) {
      contiguous = await detectContiguousStack(reader, page0, images)
      if (contiguous && contiguous.count < images) result.metadata.warnings.push(`The file holds ${contiguous.count} of the ${images} planes ImageJ announced (truncated).`)
    }
    const pages = contiguous ? contiguous.count : ifds.length
    let missing = 0
    result.planeMap.forEach((p, i) => {
      if (p < pages) return
      result.planeMap[i] = -1
      missing++
    })
    if (missing && !contiguous) result.metadata.warnings.push(`${missing} planes announced in the metadata are missing from the file.`)
    return new TiffReader(reader, layouts, result, contiguous, options.maxPageBytes ?? DEFAULT_MAX_PAGE_BYTES)
  }

  /** Number of pages (IFDs, or planes of an ImageJ single-IFD stack). */
  get pageCount(): number {
    return this.contiguous ? this.contiguous.count : this.layouts.length
  }

  /** Whether the file is little-endian (II). */
  get littleEndian(): boolean {
    return this.ifdReader.littleEndian
  }

  /** Whether the file is a BigTIFF. */
  get bigTiff(): boolean {
    return this.ifdReader.bigTiff
  }

  /** The metadata model (axes, sizes, calibration, channels). */
  get metadata(): ImageMetadata {
    return this.result.metadata
  }

  /**
   * What page `k` holds, without decoding it.
   * @throws CodedError `bad-request` for an index out of range, or the page's own layout error
   */
  pageInfo(k: number): PageInfo {
    const { index: _i, offsetsEntry: _o, byteCountsEntry: _b, chunksAcross: _a, chunksDown: _d, ifd: _f, ...info } = this.layout(k)
    return { ...info, index: k }
  }

  /**
   * Decodes page `k` only (no other page is read).
   * @throws CodedError `bad-request`, `too-large`, `truncated`, `bad-offset`, or the page's layout error
   */
  async readPage(k: number): Promise<Raster> {
    const layout = this.layout(k)
    const shift = this.contiguous ? k * this.contiguous.stride : 0
    return decodePage(this.ifdReader, layout, this.maxPageBytes, shift)
  }

  /**
   * Page index of plane (t, z, c) of the metadata model.
   * @throws CodedError `bad-request` out of range, `truncated` when the plane is not in the file
   */
  planeIndex(coord: PlaneCoord): number {
    const { sizes } = this.metadata
    const [T, Z, C] = [sizes.T ?? 1, sizes.Z ?? 1, sizes.C ?? 1]
    const { t = 0, z = 0, c = 0 } = coord
    if (![t < T, z < Z, c < C, t >= 0, z >= 0, c >= 0].every(Boolean)) throw new CodedError('bad-request', `Plane t=${t} z=${z} c=${c} is outside ${T}×${Z}×${C}.`)
    const page = this.result.planeMap[(t * Z + z) * C + c]
    if (page === undefined || page < 0) throw new CodedError('truncated', `Plane t=${t} z=${z} c=${c} is missing from the file.`)
    return page
  }

  /** Decodes plane (t, z, c) of the metadata model. */
  async readPlane(coord: PlaneCoord): Promise<Raster> {
    return this.readPage(this.planeIndex(coord))
  }

  /** Closes the file. */
  async close(): Promise<void> {
    await this.ifdReader.source.close()
  }

  private layout(k: number): PageLayout {
    if (!(Number.isInteger(k) && k >= 0 && k < this.pageCount)) throw new CodedError('bad-request', `Page ${k} does not exist (the file has ${this.pageCount}).`)
    const layout = this.layouts[this.contiguous ? 0 : k]
    if (layout instanceof CodedError) throw layout
    return layout
  }
}

async function firstPageTags(reader: IfdReader, ifd: Ifd): Promise<{ description?: string; software?: string; xResolution?: number; yResolution?: number; resolutionUnit?: number; imagejTags?: ImageJTags }> {
  const get = (tag: number) => ifd.entries.get(tag)
  const str = async (tag: number) => (get(tag) ? await reader.string(get(tag)!) : undefined)
  const first = async (tag: number) => (get(tag) ? (await reader.numbers(get(tag)!))[0] : undefined)
  let imagejTags: ImageJTags | undefined
  const counts = get(TAG.ImageJMetaDataByteCounts)
  const data = get(TAG.ImageJMetaData)
  if (counts && data) {
    try {
      imagejTags = parseImageJTags(await reader.numbers(counts), await reader.bytes(data), reader.littleEndian)
    } catch {
      imagejTags = undefined // display settings are optional: a corrupt block must not make the pixels unreadable
    }
  }
  return {
    description: await str(TAG.ImageDescription), software: await str(TAG.Software), xResolution: await first(TAG.XResolution),
    yResolution: await first(TAG.YResolution), resolutionUnit: await first(TAG.ResolutionUnit), imagejTags
  }
}
