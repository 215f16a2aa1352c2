/**
 * ImageJ ROI sets: the ROI Manager saves several ROIs as a `.zip` of `.roi` files (one per ROI, named after it).
 * Reading accepts a single `.roi` or such a zip (told apart by their first bytes, not by the file name).
 */
import { unzipSync, zipSync } from 'fflate'
import { CodedError } from '../../../shared/errors'
import { decodeImageJRoi, encodeImageJRoi, type ImageJRoi } from './imagej-roi'

// "PK\x03\x04" (a local file header) or "PK\x05\x06" (the end record of an empty zip).
const isZip = (bytes: Uint8Array): boolean => bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && ((bytes[2] === 3 && bytes[3] === 4) || (bytes[2] === 5 && bytes[3] === 6))

/**
 * The ROIs of a `.roi` file or an ImageJ `.zip` ROI set, in the zip's order; entries without a name get the entry's.
 * @throws CodedError `bad-request` (not a ROI file, a broken zip, a zip without `.roi` entries, an unusable shape)
 */
export function readImageJRois(bytes: Uint8Array, fileName: string): ImageJRoi[] {
  if (!isZip(bytes)) return [decodeImageJRoi(bytes, fileName)]
  let entries: Record<string, Uint8Array>
  try {
    entries = unzipSync(bytes, { filter: (f) => f.name.toLowerCase().endsWith('.roi') })
  } catch (error) {
    throw new CodedError('bad-request', `${fileName} is not a readable zip file (${(error as Error).message}).`, { cause: error })
  }
  const names = Object.keys(entries)
  if (!names.length) throw new CodedError('bad-request', `${fileName} holds no .roi files; save ROI sets from ImageJ's ROI Manager (More » Save).`)
  return names.map((name) => {
    const roi = decodeImageJRoi(entries[name], `${fileName} » ${name}`)
    return roi.name ? roi : { ...roi, name: name.replace(/^.*\//, '').replace(/\.roi$/i, '') }
  })
}

/** Writes ROIs as an ImageJ ROI set (`.zip`, entries `<name>.roi`; unnamed ones `roi-<n>`, duplicates get `-<k>`). */
export function writeImageJRoiZip(rois: readonly ImageJRoi[]): Uint8Array {
  const files: Record<string, Uint8Array> = {}
  rois.forEach((roi, i) => {
    const base = (roi.name ?? `roi-${i + 1}`).replace(/[\\/:*?"<>|]/g, '_')
    let name = `${base}.roi`
    for (let k = 2; name in files; k++) name = `${base}-${k}.roi`
    files[name] = encodeImageJRoi(roi)
  })
  return zipSync(files)
}
