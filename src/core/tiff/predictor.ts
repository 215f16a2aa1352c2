/**
 * Byte-order swaps and TIFF predictors, decode and encode directions.
 * Predictor 2: TIFF 6.0 §14 horizontal differencing. Predictor 3: Adobe Photoshop TIFF Technical Note 3
 * (floating point; ported from libtiff `fpAcc`/`fpDiff`: byte-wise differencing over byte planes stored
 * most-significant plane first, whatever the file's byte order).
 */

/** Swaps the bytes of each `size`-byte sample of `buf` in place (Node's native Buffer swaps). */
export function swapBytes(buf: Uint8Array, size: number): void {
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.length - (buf.length % size))
  if (size === 2) b.swap16()
  else if (size === 4) b.swap32()
  else if (size === 8) b.swap64()
}

function unsignedView(buf: Uint8Array, size: number): Uint8Array | Uint16Array | Uint32Array {
  if (size === 1) return buf
  if (size === 2) return new Uint16Array(buf.buffer, buf.byteOffset, buf.length >> 1)
  return new Uint32Array(buf.buffer, buf.byteOffset, buf.length >> 2)
}

/**
 * Undoes predictor 2 in place on host-order samples.
 * @param rowSamples - samples per row (width × samples in the chunk)
 * @param stride - samples per pixel in the chunk (differences are taken per sample channel)
 */
export function undoHorizontal(buf: Uint8Array, size: number, rowSamples: number, rows: number, stride: number): void {
  const a = unsignedView(buf, size)
  const mask = size === 4 ? 0xffffffff : (1 << (8 * size)) - 1
  for (let r = 0; r < rows; r++) {
    const start = r * rowSamples
    const end = start + rowSamples
    if (stride === 1) {
      let acc = a[start]
      for (let i = start + 1; i < end; i++) a[i] = acc = (acc + a[i]) & mask
    } else for (let i = start + stride; i < end; i++) a[i] += a[i - stride]
  }
}

/** Applies predictor 2 in place (the writer's direction): each sample minus its left neighbour. */
export function applyHorizontal(buf: Uint8Array, size: number, rowSamples: number, rows: number, stride: number): void {
  const a = unsignedView(buf, size)
  for (let r = 0; r < rows; r++) {
    const start = r * rowSamples
    for (let i = start + rowSamples - 1; i >= start + stride; i--) a[i] -= a[i - stride]
  }
}

/**
 * Undoes predictor 3 in place: the result is in host (little-endian) byte order.
 * @param size - bytes per sample (2, 4 or 8)
 */
export function undoFloat(buf: Uint8Array, size: number, rowSamples: number, rows: number, stride: number): void {
  const rowBytes = rowSamples * size
  const tmp = new Uint8Array(rowBytes)
  const n = rowSamples
  for (let r = 0; r < rows; r++) {
    const o = r * rowBytes
    if (stride === 1) {
      let acc = buf[o]
      for (let i = o + 1; i < o + rowBytes; i++) buf[i] = acc = (acc + buf[i]) & 0xff
    } else for (let i = o + stride; i < o + rowBytes; i++) buf[i] = (buf[i] + buf[i - stride]) & 0xff
    tmp.set(buf.subarray(o, o + rowBytes))
    if (size === 4 && (buf.byteOffset + o) % 4 === 0) {
      const u32 = new Uint32Array(buf.buffer, buf.byteOffset + o, n)
      for (let i = 0; i < n; i++) u32[i] = (tmp[i] << 24) | (tmp[n + i] << 16) | (tmp[2 * n + i] << 8) | tmp[3 * n + i]
      continue
    }
    for (let b = 0; b < size; b++) {
      const plane = (size - 1 - b) * n // little-endian byte b comes from plane size-1-b
      for (let i = 0; i < n; i++) buf[o + i * size + b] = tmp[plane + i]
    }
  }
}

/** Applies predictor 3 in place to host-order samples (the writer's direction). */
export function applyFloat(buf: Uint8Array, size: number, rowSamples: number, rows: number, stride: number): void {
  const rowBytes = rowSamples * size
  const tmp = new Uint8Array(rowBytes)
  for (let r = 0; r < rows; r++) {
    const row = buf.subarray(r * rowBytes, (r + 1) * rowBytes)
    tmp.set(row)
    for (let b = 0; b < size; b++) {
      const plane = (size - 1 - b) * rowSamples
      for (let i = 0; i < rowSamples; i++) row[plane + i] = tmp[i * size + b]
    }
    for (let i = rowBytes - 1; i >= stride; i--) row[i] = (row[i] - row[i - stride]) & 0xff
  }
}
