import { describe, expect, it } from 'vitest'
import { decodeImageJRoi, encodeImageJRoi } from './imagej-roi'
import { readImageJRois, writeImageJRoiZip } from './imagej-roi-zip'

/** A polygon .roi laid out by hand the way ImageJ's RoiEncoder writes it (version 227, no header 2). */
function handMadePolygon(): Uint8Array {
  const bytes = new Uint8Array(64 + 3 * 4)
  const v = new DataView(bytes.buffer)
  bytes.set([0x49, 0x6f, 0x75, 0x74]) // Iout
  v.setInt16(4, 227)
  bytes[6] = 0 // polygon
  v.setInt16(8, 20) // top
  v.setInt16(10, 10) // left
  v.setInt16(12, 45) // bottom
  v.setInt16(14, 40) // right
  v.setUint16(16, 3)
  // x relative to left, then y relative to top
  ;[0, 30, 5].forEach((x, i) => v.setInt16(64 + i * 2, x))
  ;[0, 10, 25].forEach((y, i) => v.setInt16(70 + i * 2, y))
  return bytes
}

describe('ImageJ .roi', () => {
  it('decodes a hand-made polygon in ImageJ layout (coordinates relative to left/top)', () => {
    expect(decodeImageJRoi(handMadePolygon())).toEqual({ kind: 'polygon', polygon: [[10, 20], [40, 30], [15, 45]] })
  })

  it('writes the header fields where ImageJ reads them', () => {
    const bytes = encodeImageJRoi({ kind: 'rect', rect: { x: 5, y: 7, width: 30, height: 20 }, name: 'cell' })
    const v = new DataView(bytes.buffer)
    expect(String.fromCharCode(...bytes.subarray(0, 4))).toBe('Iout')
    expect([v.getInt16(4), bytes[6], v.getInt16(8), v.getInt16(10), v.getInt16(12), v.getInt16(14), v.getUint16(16)]).toEqual([228, 1, 7, 5, 27, 35, 0])
    // header 2 right after the 64-byte header (no vertices), the name after header 2 as UTF-16
    expect(v.getInt32(60)).toBe(64)
    expect([v.getInt32(64 + 16), v.getInt32(64 + 20)]).toEqual([128, 4])
    expect(bytes.length).toBe(128 + 8)
  })

  it('round-trips a rectangle and a polygon, with names and sub-pixel vertices', () => {
    const rect = { kind: 'rect' as const, rect: { x: 3, y: 4, width: 50, height: 60 }, name: 'box' }
    expect(decodeImageJRoi(encodeImageJRoi(rect))).toEqual(rect)
    const polygon = { kind: 'polygon' as const, polygon: [[12, 8], [64, 10], [40, 55], [5, 30]] as Array<[number, number]>, name: 'nucleus 1' }
    expect(decodeImageJRoi(encodeImageJRoi(polygon))).toEqual(polygon)
    const fine = { kind: 'polygon' as const, polygon: [[12.5, 8.25], [64, 10], [40.75, 55.5]] as Array<[number, number]> }
    const bytes = encodeImageJRoi(fine)
    expect(new DataView(bytes.buffer).getUint16(50) & 128).toBe(128)
    expect(decodeImageJRoi(bytes)).toEqual(fine)
  })

  it('refuses garbage, truncated files and shapes it cannot use, with readable messages', () => {
    expect(() => decodeImageJRoi(new TextEncoder().encode('hello, this is not a ROI at all, just some text to fill 64 bytes…'), 'notes.roi')).toThrow(/notes\.roi is not an ImageJ ROI/)
    expect(() => decodeImageJRoi(handMadePolygon().subarray(0, 70))).toThrow(/truncated/)
    const oval = encodeImageJRoi({ kind: 'rect', rect: { x: 0, y: 0, width: 5, height: 5 } })
    oval[6] = 2
    expect(() => decodeImageJRoi(oval)).toThrow(/oval ROI; only rectangles and polygons/)
    expect(() => encodeImageJRoi({ kind: 'rect', rect: { x: 0, y: 0, width: 40_000, height: 5 } })).toThrow(/0 to 32767/)
  })
})

describe('ImageJ ROI sets (.zip)', () => {
  it('round-trips several ROIs and keeps their names; a plain .roi reads as one', () => {
    const rois = [
      { kind: 'rect' as const, rect: { x: 1, y: 2, width: 3, height: 4 }, name: 'a' },
      { kind: 'polygon' as const, polygon: [[0, 0], [9, 0], [0, 9]] as Array<[number, number]>, name: 'a' }
    ]
    const zip = writeImageJRoiZip(rois)
    expect(readImageJRois(zip, 'set.zip')).toEqual(rois)
    expect(readImageJRois(handMadePolygon(), 'one.roi')).toHaveLength(1)
  })

  it('names unnamed entries after the zip entry and refuses a zip without ROIs', () => {
    const zip = writeImageJRoiZip([{ kind: 'rect', rect: { x: 1, y: 2, width: 3, height: 4 } }])
    expect(readImageJRois(zip, 'set.zip')[0].name).toBe('roi-1')
    expect(() => readImageJRois(writeImageJRoiZip([]), 'empty.zip')).toThrow(/holds no \.roi files/)
  })
})
