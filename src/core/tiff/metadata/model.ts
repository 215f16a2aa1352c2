/**
 * Builds the {@link ImageMetadata} model of a file from what its first page says: OME-XML first, else the
 * ImageJ description (+ 50838/50839), else plain TIFF tags. Also returns the plane map (TZC → page).
 */
import type { ChannelInfo, DType, ImageMetadata, PageInfo, PhysicalSize } from '../types'
import { parseImageJDescription, type ImageJTags } from './imagej'
import { omePlaneMap, parseOmeXml } from './ome'
import { convertLength, normalizeLengthUnit, toSeconds } from './units'

/** Tag values of the first page that feed the model. */
export interface MetadataInput {
  page0: PageInfo
  /** How many pages the file has and which of them look like page 0 (same size, samples and dtype). */
  pageCount: number
  similarPages: number[]
  /** Most planes the file can hold (from its length): caps counts announced by the metadata before allocating. */
  maxPlanes: number
  description?: string
  kind: 'imagej' | 'ome' | 'tiff'
  software?: string
  xResolution?: number
  yResolution?: number
  /** TIFF ResolutionUnit: 1 none, 2 inch, 3 centimeter. */
  resolutionUnit?: number
  imagejTags?: ImageJTags
  fileName?: string
}

/** The model plus the page of each plane, TZC order with C fastest (-1 = plane not in this file). */
export interface MetadataResult {
  metadata: ImageMetadata
  planeMap: Int32Array
  /** For ImageJ files: the `images=` count (may exceed the IFDs in the >4 GB single-IFD layout). */
  imagejImages?: number
}

function assemble(page0: PageInfo, dtype: DType, t: number, z: number, c: number, rest: Omit<ImageMetadata, 'axes' | 'sizes' | 'dtype' | 'planeCount'>): ImageMetadata {
  const sizes: ImageMetadata['sizes'] = {}
  if (t > 1) sizes.T = t
  if (z > 1) sizes.Z = z
  if (c > 1) sizes.C = c
  sizes.Y = page0.height
  sizes.X = page0.width
  if (page0.samples > 1) sizes.S = page0.samples
  const axes = Object.keys(sizes).join('')
  return { axes, sizes, dtype, planeCount: t * z * c, ...rest }
}

function resolutionSize(input: MetadataInput, unit: string | undefined): PhysicalSize {
  const out: PhysicalSize = {}
  const { xResolution: xr, yResolution: yr, resolutionUnit: ru } = input
  const tiffUnit = ru === 2 ? 'inch' : ru === 3 ? 'cm' : undefined
  const target = unit ?? (tiffUnit ? 'µm' : undefined)
  if (!target) return out
  const from = unit ?? tiffUnit
  if (xr && xr > 0 && Number.isFinite(xr)) out.x = convertLength(1 / xr, from, target)
  if (yr && yr > 0 && Number.isFinite(yr)) out.y = convertLength(1 / yr, from, target)
  if (out.x !== undefined || out.y !== undefined) out.unit = target
  return out
}

/** Builds the metadata model; never throws for odd metadata, it notes a warning and falls back instead. */
export function buildMetadata(input: MetadataInput): MetadataResult {
  const { description } = input
  const warnings: string[] = []
  const base = { software: input.software, warnings }
  if (input.kind === 'ome' && description) {
    try {
      return fromOme(input, description, base)
    } catch (error) {
      warnings.push(`OME-XML ignored: ${(error as Error).message}`)
    }
  }
  if (input.kind === 'imagej' && description) return fromImageJ(input, description, base)
  return fromPlain(input, base)
}

function fromPlain(input: MetadataInput, base: { software?: string; warnings: string[] }): MetadataResult {
  const z = input.similarPages.length
  const metadata = assemble(input.page0, input.page0.dtype, 1, z, 1, { ...base, physicalSize: resolutionSize(input, undefined), channels: [{}], source: 'tiff' })
  return { metadata, planeMap: Int32Array.from(input.similarPages) }
}

function fromImageJ(input: MetadataInput, description: string, base: { software?: string; warnings: string[] }): MetadataResult {
  const ij = parseImageJDescription(description)
  const n = (k: string): number | undefined => (typeof ij[k] === 'number' ? (ij[k] as number) : undefined)
  // Counts must be whole and positive ("slices=1.5" from a damaged file once became a fractional Z size).
  const count = (k: string): number | undefined => {
    const v = n(k)
    if (v === undefined || (Number.isSafeInteger(v) && v >= 1)) return v
    base.warnings.push(`ImageJ's ${k}=${v} is not a positive whole number; ignored.`)
    return undefined
  }
  let images = count('images') ?? input.pageCount
  let c = count('channels') ?? 1
  let z = count('slices') ?? 1
  let t = count('frames') ?? 1
  if (!(images >= 1 && images <= input.maxPlanes)) {
    base.warnings.push(`ImageJ announces ${images} images but the file can hold at most ${input.maxPlanes}.`)
    images = input.maxPlanes
  }
  if (c * z * t === 1 && images > 1) z = images
  if (c * z * t !== images) {
    base.warnings.push(`ImageJ says channels=${c} slices=${z} frames=${t} but images=${images}; read as a plain stack.`)
    ;[c, z, t] = [1, images, 1]
  }
  const unit = normalizeLengthUnit(typeof ij.unit === 'string' ? ij.unit : undefined)
  const physicalSize = resolutionSize(input, unit)
  const spacing = n('spacing')
  if (spacing !== undefined && z > 1) physicalSize.z = spacing
  if (spacing !== undefined && physicalSize.unit === undefined && unit) physicalSize.unit = unit
  const finterval = n('finterval')
  const timeInterval = finterval !== undefined ? toSeconds(finterval, typeof ij.tunit === 'string' ? ij.tunit : undefined) : undefined
  const tags = input.imagejTags ?? {}
  const channels: ChannelInfo[] = []
  const min = n('min')
  const max = n('max')
  for (let i = 0; i < c; i++) {
    const ch: ChannelInfo = {}
    const range = tags.ranges?.[i]
    if (range) ch.displayRange = range
    else if (min !== undefined && max !== undefined) ch.displayRange = [min, max]
    if (tags.luts?.[i]?.length === 768) ch.lut = tags.luts[i]
    channels.push(ch)
  }
  const metadata = assemble(input.page0, input.page0.dtype, t, z, c, { ...base, physicalSize, timeInterval, channels, source: 'imagej' })
  const planeMap = new Int32Array(images).map((_, i) => i)
  return { metadata, planeMap, imagejImages: images }
}

function fromOme(input: MetadataInput, xml: string, base: { software?: string; warnings: string[] }): MetadataResult {
  const ome = parseOmeXml(xml)
  if (ome.imageCount > 1) base.warnings.push(`The OME-XML describes ${ome.imageCount} images; only the first is read.`)
  if (ome.sizeX !== input.page0.width || ome.sizeY !== input.page0.height) {
    throw new Error(`its size ${ome.sizeX}×${ome.sizeY} differs from the first page (${input.page0.width}×${input.page0.height})`)
  }
  if (ome.sizeZ * ome.sizeC * ome.sizeT > Math.max(input.maxPlanes, 2 ** 20)) {
    throw new Error(`it announces ${ome.sizeZ * ome.sizeC * ome.sizeT} planes, more than the file can hold`)
  }
  const spp = input.page0.samples
  const c = spp > 1 && ome.sizeC % spp === 0 ? ome.sizeC / spp : ome.sizeC
  const ps = ome.physicalSize
  const unit = normalizeLengthUnit(ps.xUnit ?? 'µm')
  const physicalSize: PhysicalSize = {}
  if (ps.x !== undefined) physicalSize.x = ps.x
  if (ps.y !== undefined) physicalSize.y = convertLength(ps.y, normalizeLengthUnit(ps.yUnit ?? 'µm'), unit)
  if (ps.z !== undefined) physicalSize.z = convertLength(ps.z, normalizeLengthUnit(ps.zUnit ?? 'µm'), unit)
  if (Object.keys(physicalSize).length) physicalSize.unit = unit
  const timeInterval = ome.timeIncrement !== undefined ? toSeconds(ome.timeIncrement, ome.timeIncrementUnit) : undefined
  const channels: ChannelInfo[] = Array.from({ length: c }, (_, i) => (ome.channels[i]?.name ? { name: ome.channels[i].name } : {}))
  const planeMap = omePlaneMap(ome, c, input.pageCount, input.fileName)
  const missing = planeMap.filter((p) => p < 0).length
  if (missing) base.warnings.push(`${missing} of ${planeMap.length} planes are not in this file (multi-file OME-TIFF or short file).`)
  const metadata = assemble(input.page0, input.page0.dtype, ome.sizeT, ome.sizeZ, c, { ...base, physicalSize, timeInterval, channels, source: 'ome' })
  return { metadata, planeMap }
}
