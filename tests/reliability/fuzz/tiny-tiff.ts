/** Builds minimal classic little-endian TIFFs by hand, for regression tests holding minimized fuzz inputs. */

/** One IFD entry: tag, field type (2 ASCII, 3 SHORT, 4 LONG) and values (a string for ASCII). */
export interface TinyEntry {
  tag: number
  type: 2 | 3 | 4
  value: number[] | string
}

/**
 * A one-page TIFF: `entries` (sorted by tag here) plus, unless `entries` has its own StripOffsets,
 * StripOffsets/StripByteCounts pointing at `pixels` (which start at byte 8).
 * Layout: header, pixels, out-of-line values, IFD.
 */
export function tinyTiff(entries: TinyEntry[], pixels: Uint8Array): Uint8Array {
  const strips: TinyEntry[] = entries.some((e) => e.tag === 273) ? [] : [{ tag: 273, type: 4, value: [8] }, { tag: 279, type: 4, value: [pixels.length] }]
  const all = [...entries, ...strips].sort((a, b) => a.tag - b.tag)
  const encoded = all.map((e) => {
    if (typeof e.value === 'string') return { e, count: e.value.length + 1, bytes: new TextEncoder().encode(`${e.value}\0`) }
    const size = e.type === 3 ? 2 : 4
    const bytes = new Uint8Array(e.value.length * size)
    const v = new DataView(bytes.buffer)
    e.value.forEach((x, i) => (size === 2 ? v.setUint16(i * size, x, true) : v.setUint32(i * size, x, true)))
    return { e, count: e.value.length, bytes }
  })
  let at = 8 + pixels.length
  const extra = encoded.filter((x) => x.bytes.length > 4)
  const placed = new Map<TinyEntry, number>()
  for (const x of extra) {
    placed.set(x.e, at)
    at += x.bytes.length + (x.bytes.length & 1)
  }
  const ifd = at
  const out = new Uint8Array(ifd + 2 + encoded.length * 12 + 4)
  const v = new DataView(out.buffer)
  out.set([0x49, 0x49, 42, 0])
  v.setUint32(4, ifd, true)
  out.set(pixels, 8)
  for (const x of extra) out.set(x.bytes, placed.get(x.e)!)
  v.setUint16(ifd, encoded.length, true)
  encoded.forEach((x, i) => {
    const p = ifd + 2 + i * 12
    v.setUint16(p, x.e.tag, true)
    v.setUint16(p + 2, x.e.type, true)
    v.setUint32(p + 4, x.count, true)
    if (x.bytes.length > 4) v.setUint32(p + 8, placed.get(x.e)!, true)
    else out.set(x.bytes, p + 8)
  })
  return out
}
