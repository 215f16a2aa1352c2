/**
 * A fine-grid density canvas for rendering ground-truth structures. Lines and points are deposited with bilinear
 * weights (area-preserving anti-aliasing), so a line of intensity I adds I per pixel of length whatever its angle.
 */

/** Row-major float64 density map; coordinates are in pixels with pixel centres at integers. */
export interface Canvas {
  data: Float64Array
  width: number
  height: number
  /** Pixel size (µm). */
  pixelSize: number
}

/** Creates an empty canvas of width×height pixels of `pixelSize` µm. */
export function createCanvas(width: number, height: number, pixelSize: number): Canvas {
  return { data: new Float64Array(width * height), width, height, pixelSize }
}

/** Adds `weight` at the sub-pixel position (x, y) with bilinear weights; points off the canvas are dropped. */
export function splat(canvas: Canvas, x: number, y: number, weight: number): void {
  const x0 = Math.floor(x)
  const y0 = Math.floor(y)
  const fx = x - x0
  const fy = y - y0
  const { width, height, data } = canvas
  if (x0 < -1 || y0 < -1 || x0 >= width || y0 >= height) return
  const add = (xx: number, yy: number, w: number): void => {
    if (xx >= 0 && yy >= 0 && xx < width && yy < height) data[yy * width + xx] += w
  }
  add(x0, y0, weight * (1 - fx) * (1 - fy))
  add(x0 + 1, y0, weight * fx * (1 - fy))
  add(x0, y0 + 1, weight * (1 - fx) * fy)
  add(x0 + 1, y0 + 1, weight * fx * fy)
}

/**
 * Draws a polyline with line density `intensity` per pixel of length, sampled every ≤ 0.5 px.
 * @param points - flat [x0, y0, x1, y1, ...] in pixels
 * @param intensity - density per pixel of length, or a function of the arc-length fraction s ∈ [0, 1]
 */
export function drawPolyline(canvas: Canvas, points: ArrayLike<number>, intensity: number | ((s: number) => number)): void {
  const n = points.length / 2
  let total = 0
  for (let i = 1; i < n; i++) total += Math.hypot(points[2 * i] - points[2 * i - 2], points[2 * i + 1] - points[2 * i - 1])
  if (total === 0) return
  let walked = 0
  for (let i = 1; i < n; i++) {
    const ax = points[2 * i - 2]
    const ay = points[2 * i - 1]
    const dx = points[2 * i] - ax
    const dy = points[2 * i + 1] - ay
    const len = Math.hypot(dx, dy)
    const steps = Math.max(1, Math.ceil(len / 0.5))
    const ds = len / steps
    for (let k = 0; k < steps; k++) {
      const t = (k + 0.5) / steps
      const s = (walked + t * len) / total
      const w = typeof intensity === 'number' ? intensity : intensity(s)
      splat(canvas, ax + t * dx, ay + t * dy, w * ds)
    }
    walked += len
  }
}

/**
 * Fills a star-shaped region r < R(θ) around (cx, cy) with `density` per pixel and a one-pixel soft edge.
 * @param radius - R(θ) in pixels; @param maxRadius - an upper bound of R (pixels) limiting the scan
 */
export function fillStarShape(
  canvas: Canvas,
  cx: number,
  cy: number,
  radius: (theta: number) => number,
  maxRadius: number,
  density: number
): void {
  const x0 = Math.max(0, Math.floor(cx - maxRadius - 1))
  const x1 = Math.min(canvas.width - 1, Math.ceil(cx + maxRadius + 1))
  const y0 = Math.max(0, Math.floor(cy - maxRadius - 1))
  const y1 = Math.min(canvas.height - 1, Math.ceil(cy + maxRadius + 1))
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      const dx = x - cx
      const dy = y - cy
      const cover = Math.min(1, Math.max(0, radius(Math.atan2(dy, dx)) - Math.hypot(dx, dy) + 0.5))
      if (cover > 0) canvas.data[y * canvas.width + x] += density * cover
    }
  }
}

/** Draws a circle outline of `radius` pixels with line density `intensity` (a CCP ring, an ER fenestration edge). */
export function drawRing(canvas: Canvas, cx: number, cy: number, radius: number, intensity: number): void {
  const steps = Math.max(8, Math.ceil((2 * Math.PI * radius) / 0.5))
  const ds = (2 * Math.PI * radius) / steps
  for (let k = 0; k < steps; k++) {
    const a = (2 * Math.PI * k) / steps
    splat(canvas, cx + radius * Math.cos(a), cy + radius * Math.sin(a), intensity * ds)
  }
}
