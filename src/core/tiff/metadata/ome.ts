/**
 * OME-XML (OME-TIFF) parsing and writing, limited to what the metadata model needs: the first Image's Pixels
 * (DimensionOrder, Size*, PhysicalSize* + units, TimeIncrement), its Channels and TiffData plane mapping.
 * Schema: https://www.openmicroscopy.org/Schemas/OME/2016-06 (attribute names as in the spec).
 */
import { CodedError } from '../../../shared/errors'

/** What we read from an OME-XML document. */
export interface OmeImage {
  dimensionOrder: string
  sizeX: number
  sizeY: number
  sizeZ: number
  sizeC: number
  sizeT: number
  type?: string
  physicalSize: { x?: number; y?: number; z?: number; xUnit?: string; yUnit?: string; zUnit?: string }
  timeIncrement?: number
  timeIncrementUnit?: string
  channels: { name?: string; samplesPerPixel?: number }[]
  /** TiffData elements; `fileName` is set when a plane lives in another file (UUID FileName). */
  tiffData: { ifd: number; ifdGiven: boolean; firstZ: number; firstC: number; firstT: number; planeCount?: number; fileName?: string }[]
  /** Number of Image elements (series) in the document. */
  imageCount: number
}

/** Whether `description` looks like OME-XML. */
export function isOmeXml(description: string | undefined): boolean {
  return !!description && /<OME[\s>]/.test(description.slice(0, 4096))
}

function attrs(tag: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const m of tag.matchAll(/([A-Za-z_:][\w:.-]*)\s*=\s*("([^"]*)"|'([^']*)')/g)) out[m[1]] = unescapeXml(m[3] ?? m[4] ?? '')
  return out
}

function unescapeXml(s: string): string {
  return s.replace(/&(lt|gt|quot|apos|amp|#\d+|#x[0-9a-f]+);/gi, (_, e: string) => {
    const map: Record<string, string> = { lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' }
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10))
    return map[e.toLowerCase()] ?? ''
  })
}

const num = (v: string | undefined): number | undefined => (v === undefined || v === '' || !Number.isFinite(Number(v)) ? undefined : Number(v))

/**
 * Parses the first Image of an OME-XML document.
 * @throws CodedError `bad-metadata` when there is no Image/Pixels element or sizes are invalid
 */
export function parseOmeXml(xml: string): OmeImage {
  const imageCount = (xml.match(/<(?:\w+:)?Image[\s>]/g) ?? []).length
  const pixelsMatch = /<(?:\w+:)?Pixels\b[^>]*>/.exec(xml)
  if (!pixelsMatch) throw new CodedError('bad-metadata', 'The OME-XML has no Pixels element.')
  const p = attrs(pixelsMatch[0])
  const end = xml.indexOf('Pixels>', pixelsMatch.index + pixelsMatch[0].length)
  const body = pixelsMatch[0].endsWith('/>') ? '' : xml.slice(pixelsMatch.index + pixelsMatch[0].length, end < 0 ? undefined : end)
  const size = (k: string): number => {
    const v = num(p[k]) ?? 1
    if (!(Number.isSafeInteger(v) && v >= 1)) throw new CodedError('bad-metadata', `The OME-XML has an invalid ${k} (${p[k]}).`)
    return v
  }
  const channels = [...body.matchAll(/<(?:\w+:)?Channel\b[^>]*>/g)].map((m) => {
    const a = attrs(m[0])
    return { name: a.Name, samplesPerPixel: num(a.SamplesPerPixel) }
  })
  const tiffData = [...body.matchAll(/<(?:\w+:)?TiffData\b[^>]*?(\/>|>([\s\S]*?)<\/(?:\w+:)?TiffData>)/g)].map((m) => {
    const a = attrs(m[0].slice(0, m[0].indexOf('>') + 1))
    const uuid = m[2] ? /<(?:\w+:)?UUID\b[^>]*>/.exec(m[2]) : null
    return {
      ifd: num(a.IFD) ?? 0, ifdGiven: a.IFD !== undefined, firstZ: num(a.FirstZ) ?? 0, firstC: num(a.FirstC) ?? 0, firstT: num(a.FirstT) ?? 0,
      planeCount: num(a.PlaneCount), fileName: uuid ? attrs(uuid[0]).FileName : undefined
    }
  })
  return {
    dimensionOrder: p.DimensionOrder ?? 'XYZCT', sizeX: size('SizeX'), sizeY: size('SizeY'), sizeZ: size('SizeZ'), sizeC: size('SizeC'), sizeT: size('SizeT'),
    type: p.Type,
    physicalSize: { x: num(p.PhysicalSizeX), y: num(p.PhysicalSizeY), z: num(p.PhysicalSizeZ), xUnit: p.PhysicalSizeXUnit, yUnit: p.PhysicalSizeYUnit, zUnit: p.PhysicalSizeZUnit },
    timeIncrement: num(p.TimeIncrement), timeIncrementUnit: p.TimeIncrementUnit, channels, tiffData, imageCount
  }
}

/**
 * Maps each plane, in TZC order (c fastest), to its IFD index (-1 when missing or in another file).
 * Follows the spec: without TiffData, planes are IFDs 0.. in DimensionOrder; each TiffData maps
 * PlaneCount planes (default: 1 when IFD is given, else all remaining) starting at FirstZ/C/T.
 * @param effectiveC - channels as planes (SizeC divided by samples per pixel for RGB)
 */
export function omePlaneMap(ome: OmeImage, effectiveC: number, ifdCount: number, fileName?: string): Int32Array {
  const { sizeZ: Z, sizeT: T } = ome
  const C = effectiveC
  const total = Z * C * T
  const map = new Int32Array(total).fill(-1)
  const order = ome.dimensionOrder.slice(2).toUpperCase() // e.g. 'ZCT': fastest first
  const sizes: Record<string, number> = { Z, C, T }
  const coordOf = (seq: number): { z: number; c: number; t: number } => {
    const co: Record<string, number> = {}
    for (const d of order) {
      co[d] = seq % sizes[d]
      seq = Math.floor(seq / sizes[d])
    }
    return { z: co.Z ?? 0, c: co.C ?? 0, t: co.T ?? 0 }
  }
  const seqOf = (z: number, c: number, t: number): number => {
    const co: Record<string, number> = { Z: z, C: c, T: t }
    let seq = 0
    for (let i = order.length - 1; i >= 0; i--) seq = seq * sizes[order[i]] + co[order[i]]
    return seq
  }
  const put = (seq: number, ifd: number): void => {
    if (seq >= total || ifd >= ifdCount) return
    const { z, c, t } = coordOf(seq)
    map[(t * Z + z) * C + c] = ifd
  }
  if (ome.tiffData.length === 0) for (let s = 0; s < total; s++) put(s, s)
  for (const td of ome.tiffData) {
    if (td.fileName && fileName && td.fileName !== fileName) continue
    const start = seqOf(Math.min(td.firstZ, Z - 1), Math.min(td.firstC, C - 1), Math.min(td.firstT, T - 1))
    // PlaneCount comes from the file: never loop past the planes or IFDs that exist (a lying count hung here).
    const count = Math.min(td.planeCount ?? (td.ifdGiven ? 1 : total - start), total - start, ifdCount - td.ifd)
    for (let k = 0; k < count; k++) put(start + k, td.ifd + k)
  }
  return map
}
