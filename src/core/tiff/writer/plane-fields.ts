/** The tags of one written plane's IFD. Page 0 also carries the description, Software and provenance. */
import { FIELD, TAG } from '../constants'
import type { Field } from './ifd-encoder'
import { toRational } from './ifd-encoder'
import type { WriteOptions } from './options'

/** Inputs for {@link planeFields}. */
export interface PlaneFieldInput extends WriteOptions {
  page: number
  offsets: number[]
  counts: number[]
  rows: number
  predictorCode: number
  bigTiff: boolean
  description: string
  ijTags?: { counts: number[]; data: Uint8Array }
}

const SAMPLE_FORMAT = { uint8: 1, uint16: 1, int16: 2, float32: 3 } as const
const BITS = { uint8: 8, uint16: 16, int16: 16, float32: 32 } as const

/** Builds the IFD fields of plane `page`. */
export function planeFields(p: PlaneFieldInput): Field[] {
  const offsetType = p.bigTiff ? FIELD.LONG8 : FIELD.LONG
  const fields: Field[] = [
    { tag: TAG.NewSubfileType, type: FIELD.LONG, values: [0] },
    { tag: TAG.ImageWidth, type: FIELD.LONG, values: [p.width] },
    { tag: TAG.ImageLength, type: FIELD.LONG, values: [p.height] },
    { tag: TAG.BitsPerSample, type: FIELD.SHORT, values: [BITS[p.dtype]] },
    { tag: TAG.Compression, type: FIELD.SHORT, values: [p.compression === 'deflate' ? 8 : 1] },
    { tag: TAG.Photometric, type: FIELD.SHORT, values: [1] },
    { tag: TAG.StripOffsets, type: offsetType, values: p.offsets },
    { tag: TAG.SamplesPerPixel, type: FIELD.SHORT, values: [1] },
    { tag: TAG.RowsPerStrip, type: FIELD.LONG, values: [p.rows] },
    { tag: TAG.StripByteCounts, type: offsetType, values: p.counts },
    { tag: TAG.SampleFormat, type: FIELD.SHORT, values: [SAMPLE_FORMAT[p.dtype]] }
  ]
  if (p.predictorCode !== 1) fields.push({ tag: TAG.Predictor, type: FIELD.SHORT, values: [p.predictorCode] })
  const ps = p.physicalSize
  if (ps?.x !== undefined) {
    // Pixels per unit; the unit itself is in the ImageJ description / OME-XML (ResolutionUnit = none), as ImageJ does.
    fields.push({ tag: TAG.XResolution, type: FIELD.RATIONAL, values: toRational(1 / ps.x) })
    fields.push({ tag: TAG.YResolution, type: FIELD.RATIONAL, values: toRational(1 / (ps.y ?? ps.x)) })
    fields.push({ tag: TAG.ResolutionUnit, type: FIELD.SHORT, values: [ps.unit === 'cm' ? 3 : ps.unit === 'inch' ? 2 : 1] })
  }
  if (p.page === 0) {
    fields.push({ tag: TAG.ImageDescription, type: FIELD.ASCII, values: p.description })
    fields.push({ tag: TAG.Software, type: FIELD.ASCII, values: p.software ?? 'CVDM Studio' })
    if (p.ijTags) {
      fields.push({ tag: TAG.ImageJMetaDataByteCounts, type: FIELD.LONG, values: p.ijTags.counts })
      fields.push({ tag: TAG.ImageJMetaData, type: FIELD.BYTE, values: p.ijTags.data })
    }
    if (p.provenance) fields.push({ tag: TAG.CvdmProvenance, type: FIELD.ASCII, values: JSON.stringify(p.provenance) })
  }
  return fields
}
