/** Options of the TIFF writer and their validation (called once, at `TiffWriter.create`). */
import { CodedError } from '../../../shared/errors'
import type { ChannelInfo, PhysicalSize } from '../types'

/** Sample types the writer stores. */
export type WritableDType = 'uint8' | 'uint16' | 'int16' | 'float32'

/** What to write. Planes are passed in ImageJ order: C fastest, then Z, then T. */
export interface WriteOptions {
  width: number
  height: number
  dtype: WritableDType
  /** Stack sizes (default 1 each); the writer expects t × z × c planes. */
  sizes?: { t?: number; z?: number; c?: number }
  /** Pixel size (x, y) and slice spacing (z) in `unit` (e.g. 'µm'). */
  physicalSize?: PhysicalSize
  /** Seconds between time points. */
  timeInterval?: number
  /** Per-channel name (OME), display range and LUT (ImageJ). */
  channels?: ChannelInfo[]
  /** 'none' (default) or 'deflate' (zlib, with predictor 2 for integers, 3 for float32). */
  compression?: 'none' | 'deflate'
  /** Deflate level 1–9 (default 6). */
  deflateLevel?: number
  /** Set false to store Deflate data without a predictor. */
  predictor?: boolean
  /** 'imagej' (default): ImageJ hyperstack description; 'ome': OME-XML description. */
  format?: 'imagej' | 'ome'
  /** Software tag (default 'CVDM Studio'). */
  software?: string
  /** Provenance (model, parameters, source file...), stored as JSON in private tag 65000. */
  provenance?: Record<string, unknown>
  /** Force BigTIFF on or off; default: BigTIFF only when the file could exceed 4 GiB. */
  bigTiff?: boolean
  /** Replace an existing file at the target path (default false: refuse). */
  overwrite?: boolean
}

/**
 * Copies and validates writer options.
 * @throws CodedError `bad-request` describing the first invalid option
 */
export function checkWriteOptions(options: WriteOptions): WriteOptions {
  const bad = (why: string): CodedError => new CodedError('bad-request', `Invalid TIFF writer options: ${why}.`)
  const o = { ...options, sizes: { ...options.sizes } }
  const int = (n: unknown, min: number): boolean => Number.isSafeInteger(n) && (n as number) >= min
  if (!int(o.width, 1) || !int(o.height, 1) || o.width > 2 ** 31 || o.height > 2 ** 31) throw bad(`size ${o.width}×${o.height}`)
  if (!['uint8', 'uint16', 'int16', 'float32'].includes(o.dtype)) throw bad(`dtype ${o.dtype} (use uint8, uint16, int16 or float32)`)
  for (const k of ['t', 'z', 'c'] as const) if (o.sizes[k] !== undefined && !int(o.sizes[k], 1)) throw bad(`sizes.${k} = ${o.sizes[k]}`)
  if (o.compression && o.compression !== 'none' && o.compression !== 'deflate') throw bad(`compression ${o.compression}`)
  if (o.deflateLevel !== undefined && !(int(o.deflateLevel, 0) && o.deflateLevel <= 9)) throw bad(`deflateLevel ${o.deflateLevel}`)
  if (o.format && o.format !== 'imagej' && o.format !== 'ome') throw bad(`format ${o.format}`)
  const ps = o.physicalSize
  for (const k of ['x', 'y', 'z'] as const) {
    if (ps?.[k] !== undefined && !(ps[k]! > 0 && Number.isFinite(ps[k]))) throw bad(`physicalSize.${k} = ${ps[k]}`)
  }
  if (o.timeInterval !== undefined && !(o.timeInterval > 0 && Number.isFinite(o.timeInterval))) throw bad(`timeInterval ${o.timeInterval}`)
  for (const ch of o.channels ?? []) if (ch.lut && ch.lut.length !== 768) throw bad('a channel LUT must have 768 entries')
  return o
}
