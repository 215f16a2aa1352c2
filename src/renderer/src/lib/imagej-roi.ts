/**
 * ImageJ's binary `.roi` format (ij/io/RoiDecoder.java, RoiEncoder.java), for the two shapes the app draws:
 * rectangle (type 1) and polygon (type 0; freehand 7 and traced 8 read as polygons). Layout, all big-endian:
 * 0–3 "Iout", 4–5 version, 6 type (one byte), 8/10/12/14 top/left/bottom/right (int16), 16–17 vertex count (uint16),
 * 18–33 x/y/width/height as float32 for sub-pixel rectangles, 50–51 options (128 = sub-pixel resolution),
 * 56–59 position, 60–63 offset of header 2; from 64: n int16 x then n int16 y relative to left/top, then (sub-pixel)
 * n float32 x then n float32 y in absolute pixels; then header 2 (64 bytes: c/z/t position at +4/+8/+12, name
 * offset/length at +16/+20, the name as UTF-16 code units).
 * We write version 228 like current ImageJ, integer coordinates plus (for polygons with fractional vertices) the
 * sub-pixel arrays, and the ROI's name in header 2.
 */
import { CodedError } from '../../../shared/errors'
import type { Roi } from '../../../shared/jobs'
import type { Polygon } from '../../../shared/roi-polygon'

/** A decoded ROI: a rectangle or a polygon (input pixels), with the name ImageJ shows in the ROI Manager. */
export type ImageJRoi = { kind: 'rect'; rect: Roi; name?: string } | { kind: 'polygon'; polygon: Polygon; name?: string }

const HEADER = 64
const HEADER2 = 64
const VERSION = 228
const SUB_PIXEL = 128
const TYPE_POLYGON = 0
const TYPE_RECT = 1
const POLYGON_TYPES = new Set([0, 7, 8])
const TYPE_NAMES = ['polygon', 'rectangle', 'oval', 'line', 'freeline', 'polyline', 'no ROI', 'freehand', 'traced', 'angle', 'point']
const INT16 = 32767

function bad(message: string): CodedError {
  return new CodedError('bad-request', message)
}

/** Decodes one `.roi` file. @throws CodedError `bad-request` (not an ImageJ ROI, truncated, or a shape we don't take). */
export function decodeImageJRoi(bytes: Uint8Array, what = 'The file'): ImageJRoi {
  if (bytes.length < HEADER || String.fromCharCode(...bytes.subarray(0, 4)) !== 'Iout') {
    throw bad(`${what} is not an ImageJ ROI (.roi files start with "Iout").`)
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const version = view.getInt16(4)
  const type = bytes[6]
  const top = view.getInt16(8)
  const left = view.getInt16(10)
  const bottom = view.getInt16(12)
  const right = view.getInt16(14)
  const n = view.getUint16(16)
  const options = view.getUint16(50)
  const subPixel = version >= 222 && (options & SUB_PIXEL) !== 0
  if (view.getInt32(36) > 0) throw bad(`${what} is a composite (shape) ROI; only rectangles and polygons can be used here.`)
  const name = readName(view, bytes)
  if (type === TYPE_RECT) {
    if (subPixel) {
      const rect = { x: view.getFloat32(18), y: view.getFloat32(22), width: view.getFloat32(26), height: view.getFloat32(30) }
      return { kind: 'rect', rect: { x: Math.floor(rect.x), y: Math.floor(rect.y), width: Math.ceil(rect.x + rect.width) - Math.floor(rect.x), height: Math.ceil(rect.y + rect.height) - Math.floor(rect.y) }, ...(name ? { name } : {}) }
    }
    if (right <= left || bottom <= top) throw bad(`${what} holds an empty rectangle (${right - left}×${bottom - top} pixels).`)
    return { kind: 'rect', rect: { x: left, y: top, width: right - left, height: bottom - top }, ...(name ? { name } : {}) }
  }
  if (!POLYGON_TYPES.has(type)) {
    throw bad(`${what} holds a ${TYPE_NAMES[type] ?? `type ${type}`} ROI; only rectangles and polygons can be used here.`)
  }
  if (n < 3) throw bad(`${what} holds a polygon with ${n} vertices; at least 3 are needed.`)
  const need = HEADER + n * 4 + (subPixel ? n * 8 : 0)
  if (bytes.length < need) throw bad(`${what} is truncated: ${n} vertices need ${need} bytes, it has ${bytes.length}.`)
  const polygon: Polygon = []
  for (let i = 0; i < n; i++) {
    polygon.push(
      subPixel
        ? [view.getFloat32(HEADER + n * 4 + i * 4), view.getFloat32(HEADER + n * 8 + i * 4)]
        : [left + view.getInt16(HEADER + i * 2), top + view.getInt16(HEADER + n * 2 + i * 2)]
    )
  }
  return { kind: 'polygon', polygon, ...(name ? { name } : {}) }
}

function readName(view: DataView, bytes: Uint8Array): string | undefined {
  const header2 = view.getInt32(60)
  if (header2 < HEADER || header2 + HEADER2 > bytes.length) return undefined
  const offset = view.getInt32(header2 + 16)
  const length = view.getInt32(header2 + 20)
  if (length <= 0 || offset < 0 || offset + length * 2 > bytes.length) return undefined
  return String.fromCharCode(...Array.from({ length }, (_, i) => view.getUint16(offset + i * 2)))
}

/** Encodes a rectangle or polygon as a `.roi` file ImageJ opens (version 228, header 2 with the name). */
export function encodeImageJRoi(roi: ImageJRoi): Uint8Array {
  const polygon = roi.kind === 'polygon' ? roi.polygon : undefined
  const n = polygon?.length ?? 0
  const xs = polygon?.map((p) => p[0]) ?? []
  const ys = polygon?.map((p) => p[1]) ?? []
  const bounds =
    roi.kind === 'rect'
      ? { left: roi.rect.x, top: roi.rect.y, right: roi.rect.x + roi.rect.width, bottom: roi.rect.y + roi.rect.height }
      : { left: Math.floor(Math.min(...xs)), top: Math.floor(Math.min(...ys)), right: Math.ceil(Math.max(...xs)), bottom: Math.ceil(Math.max(...ys)) }
  if (roi.kind === 'polygon' && n < 3) throw bad(`A polygon ROI needs at least 3 vertices, this one has ${n}.`)
  if (Math.max(bounds.right, bounds.bottom) > INT16 || Math.min(bounds.left, bounds.top) < 0) {
    throw bad('ImageJ ROIs hold coordinates from 0 to 32767 pixels; this ROI lies outside that range.')
  }
  const subPixel = [...xs, ...ys].some((v) => !Number.isInteger(v))
  const name = roi.name ?? ''
  const header2 = HEADER + n * 4 + (subPixel ? n * 8 : 0)
  const bytes = new Uint8Array(header2 + HEADER2 + name.length * 2)
  const view = new DataView(bytes.buffer)
  bytes.set([73, 111, 117, 116]) // "Iout"
  view.setInt16(4, VERSION)
  bytes[6] = roi.kind === 'rect' ? TYPE_RECT : TYPE_POLYGON
  view.setInt16(8, bounds.top)
  view.setInt16(10, bounds.left)
  view.setInt16(12, bounds.bottom)
  view.setInt16(14, bounds.right)
  view.setUint16(16, n)
  if (subPixel) view.setUint16(50, SUB_PIXEL)
  for (let i = 0; i < n; i++) {
    // ImageJ's integer arrays hold the truncated (int) vertex, relative to the bounds.
    view.setInt16(HEADER + i * 2, Math.trunc(xs[i]) - bounds.left)
    view.setInt16(HEADER + n * 2 + i * 2, Math.trunc(ys[i]) - bounds.top)
    if (subPixel) {
      view.setFloat32(HEADER + n * 4 + i * 4, xs[i])
      view.setFloat32(HEADER + n * 8 + i * 4, ys[i])
    }
  }
  view.setInt32(60, header2)
  if (name) {
    view.setInt32(header2 + 16, header2 + HEADER2)
    view.setInt32(header2 + 20, name.length)
    for (let i = 0; i < name.length; i++) view.setUint16(header2 + HEADER2 + i * 2, name.charCodeAt(i))
  }
  return bytes
}
