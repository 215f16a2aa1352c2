/**
 * Bicubic upsampling by an integer factor (Keys cubic convolution, a = −0.5; pixel centres aligned as in PIL/OpenCV:
 * source coordinate = (dst + 0.5)/s − 0.5; taps outside the image are dropped and the rest renormalized, as PIL does). This is how a widefield input is brought onto the model's
 * output grid before super-resolution (CVDM.md §1.1, §9.1), and the bicubic baseline of the quality tables.
 */

/** Keys' cubic convolution kernel with a = −0.5. */
function keys(t: number): number {
  const x = Math.abs(t)
  if (x <= 1) return (1.5 * x - 2.5) * x * x + 1
  if (x < 2) return ((-0.5 * x + 2.5) * x - 4) * x + 2
  return 0
}

/** Per output index along one axis: the 4 source indices (clamped) and their weights. */
function axisTaps(srcLength: number, scale: number): { index: Int32Array; weight: Float32Array } {
  const n = srcLength * scale
  const index = new Int32Array(n * 4)
  const weight = new Float32Array(n * 4)
  for (let d = 0; d < n; d++) {
    const s = (d + 0.5) / scale - 0.5
    const base = Math.floor(s)
    let total = 0
    for (let k = 0; k < 4; k++) {
      const i = base - 1 + k
      const inside = i >= 0 && i < srcLength
      index[d * 4 + k] = Math.min(srcLength - 1, Math.max(0, i))
      weight[d * 4 + k] = inside ? keys(s - i) : 0
      total += weight[d * 4 + k]
    }
    for (let k = 0; k < 4; k++) weight[d * 4 + k] /= total
  }
  return { index, weight }
}

/**
 * Upsamples a plane by an integer `scale` (1 returns a copy).
 * @param plane - Float32Array [height · width], row-major
 * @returns Float32Array [(height·scale) · (width·scale)]
 */
export function upsampleBicubic(plane: Float32Array, width: number, height: number, scale: number): Float32Array {
  if (!Number.isInteger(scale) || scale < 1) throw new Error(`upsampleBicubic: scale must be a positive integer, got ${scale}`)
  if (scale === 1) return plane.slice()
  const W = width * scale
  const H = height * scale
  const tx = axisTaps(width, scale)
  const ty = axisTaps(height, scale)
  const rows = new Float32Array(height * W)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < W; x++) {
      let v = 0
      for (let k = 0; k < 4; k++) v += tx.weight[x * 4 + k] * plane[y * width + tx.index[x * 4 + k]]
      rows[y * W + x] = v
    }
  }
  const out = new Float32Array(H * W)
  for (let y = 0; y < H; y++) {
    for (let k = 0; k < 4; k++) {
      const w = ty.weight[y * 4 + k]
      const src = ty.index[y * 4 + k] * W
      for (let x = 0; x < W; x++) out[y * W + x] += w * rows[src + x]
    }
  }
  return out
}

/**
 * Rows [y0, y1) of the ×`scale` bicubic upsampling of a plane (the same values {@link upsampleBicubic} gives there),
 * with `map` applied to each input value first (e.g. normalization), touching only the input rows those rows need.
 * @param plane - any numeric array [height · width]
 * @returns Float32Array [(y1 − y0) · (width·scale)]
 */
export function upsampleBicubicRows(
  plane: ArrayLike<number>,
  width: number,
  height: number,
  scale: number,
  y0: number,
  y1: number,
  map: (v: number) => number = (v) => v
): Float32Array {
  if (!Number.isInteger(scale) || scale < 1) throw new Error(`upsampleBicubicRows: scale must be a positive integer, got ${scale}`)
  const W = width * scale
  const out = new Float32Array((y1 - y0) * W)
  const tx = axisTaps(width, scale)
  const ty = axisTaps(height, scale)
  const row = new Float32Array(W)
  const cached = new Map<number, Float32Array>()
  const inputRow = (y: number): Float32Array => {
    let r = cached.get(y)
    if (!r) {
      r = new Float32Array(W)
      for (let x = 0; x < W; x++) {
        let v = 0
        for (let k = 0; k < 4; k++) v += tx.weight[x * 4 + k] * map(plane[y * width + tx.index[x * 4 + k]])
        r[x] = v
      }
      cached.set(y, r)
      if (cached.size > 8) cached.delete(cached.keys().next().value as number)
    }
    return r
  }
  for (let y = y0; y < y1; y++) {
    row.fill(0)
    for (let k = 0; k < 4; k++) {
      const w = ty.weight[y * 4 + k]
      if (w === 0) continue
      const src = inputRow(ty.index[y * 4 + k])
      for (let x = 0; x < W; x++) row[x] += w * src[x]
    }
    out.set(row, (y - y0) * W)
  }
  return out
}
