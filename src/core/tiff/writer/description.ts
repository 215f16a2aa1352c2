/** The ImageJ hyperstack ImageDescription and the OME-XML document our writer puts in page 0. */
import type { ChannelInfo, DType, PhysicalSize } from '../types'
import { imagejUnit } from '../metadata/units'

/** What the descriptions say about the stack. */
export interface StackDescription {
  width: number
  height: number
  dtype: DType
  t: number
  z: number
  c: number
  physicalSize?: PhysicalSize
  /** Seconds between frames. */
  timeInterval?: number
  channels?: ChannelInfo[]
}

/**
 * ImageJ hyperstack description, keys in the order ImageJ writes them (ij.io.FileSaver.getDescriptionString).
 * Planes are stored C fastest, then Z, then T.
 */
export function imagejDescription(s: StackDescription): string {
  const lines = ['ImageJ=1.11a', `images=${s.t * s.z * s.c}`]
  if (s.c > 1) lines.push(`channels=${s.c}`)
  if (s.z > 1) lines.push(`slices=${s.z}`)
  if (s.t > 1) lines.push(`frames=${s.t}`)
  if ([s.c, s.z, s.t].filter((n) => n > 1).length > 1 || s.c > 1) lines.push('hyperstack=true')
  if (s.c > 1) lines.push('mode=composite')
  const unit = s.physicalSize?.unit
  if (unit && (s.physicalSize?.x !== undefined || s.physicalSize?.z !== undefined)) lines.push(`unit=${imagejUnit(unit)}`)
  if (s.timeInterval !== undefined && s.t > 1) lines.push(`finterval=${s.timeInterval}`)
  if (s.physicalSize?.z !== undefined) lines.push(`spacing=${s.physicalSize.z}`)
  lines.push('loop=false')
  const range = s.channels?.[0]?.displayRange
  if (range) lines.push(`min=${range[0]}`, `max=${range[1]}`)
  return lines.join('\n') + '\n'
}

const OME_TYPE: Record<DType, string> = {
  uint8: 'uint8', uint16: 'uint16', uint32: 'uint32', int8: 'int8', int16: 'int16', int32: 'int32', float32: 'float', float64: 'double'
}

function esc(s: string): string {
  return s.replace(/[<>&"']/g, (ch) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[ch]!)
}

/** OME-XML (2016-06 schema) for one image stored as IFDs 0..n-1 in XYCZT order. */
export function omeXml(s: StackDescription, name: string): string {
  const ps = s.physicalSize ?? {}
  const unit = ps.unit ? ` PhysicalSizeXUnit="${esc(ps.unit)}" PhysicalSizeYUnit="${esc(ps.unit)}"` : ''
  const xy = ps.x !== undefined ? ` PhysicalSizeX="${ps.x}" PhysicalSizeY="${ps.y ?? ps.x}"${unit}` : ''
  const z = ps.z !== undefined ? ` PhysicalSizeZ="${ps.z}"${ps.unit ? ` PhysicalSizeZUnit="${esc(ps.unit)}"` : ''}` : ''
  const t = s.timeInterval !== undefined ? ` TimeIncrement="${s.timeInterval}" TimeIncrementUnit="s"` : ''
  const channels = Array.from({ length: s.c }, (_, i) => {
    const n = s.channels?.[i]?.name
    return `<Channel ID="Channel:0:${i}" SamplesPerPixel="1"${n ? ` Name="${esc(n)}"` : ''} />`
  }).join('')
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    '<OME xmlns="http://www.openmicroscopy.org/Schemas/OME/2016-06" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ' +
    'xsi:schemaLocation="http://www.openmicroscopy.org/Schemas/OME/2016-06 http://www.openmicroscopy.org/Schemas/OME/2016-06/ome.xsd" Creator="CVDM Studio">' +
    `<Image ID="Image:0" Name="${esc(name)}"><Pixels ID="Pixels:0" DimensionOrder="XYCZT" Type="${OME_TYPE[s.dtype]}" ` +
    `SizeX="${s.width}" SizeY="${s.height}" SizeC="${s.c}" SizeZ="${s.z}" SizeT="${s.t}" BigEndian="false" Interleaved="false"${xy}${z}${t}>` +
    `${channels}<TiffData IFD="0" PlaneCount="${s.t * s.z * s.c}" /></Pixels></Image></OME>`
  )
}
