/**
 * Endoplasmic reticulum: a polygonal network of tubules (nodes on a jittered grid joined to their nearest
 * neighbours by gently curved tubules, three-way junctions dominating; cf. Nixon-Abell et al., Science 354 (2016))
 * plus a few flat sheets with fenestrations (holes), rendered with a soft edge.
 */
import type { Rng } from '../random'
import { type Canvas, drawPolyline, fillStarShape } from './canvas'

/** Renders an ER network with 0–3 sheets into `canvas`. */
export function drawEr(canvas: Canvas, rng: Rng): void {
  const px = canvas.pixelSize
  const spacing = rng.range(0.6, 1.2) / px // mesh size (px)
  const cols = Math.ceil(canvas.width / spacing) + 2
  const rows = Math.ceil(canvas.height / spacing) + 2
  const nodes = new Float64Array(2 * cols * rows)
  for (let gy = 0; gy < rows; gy++) {
    for (let gx = 0; gx < cols; gx++) {
      const i = gy * cols + gx
      nodes[2 * i] = (gx - 0.5 + rng.range(-0.4, 0.4)) * spacing
      nodes[2 * i + 1] = (gy - 0.5 + rng.range(-0.4, 0.4)) * spacing
    }
  }
  const n = cols * rows
  // Junctions are mostly three-way with wide angles: an edge is kept only if it leaves both of its nodes at
  // ≥ 50° from their existing edges (this avoids the thin triangles of a plain nearest-neighbour graph).
  const angles: number[][] = Array.from({ length: n }, () => [])
  const wide = (node: number, a: number): boolean =>
    angles[node].every((b) => Math.abs(((a - b + 3 * Math.PI) % (2 * Math.PI)) - Math.PI) >= (50 * Math.PI) / 180)
  for (let i = 0; i < n; i++) {
    for (const j of nearest(nodes, cols, rows, i, 4)) {
      if (angles[i].length >= 3 || angles[j].length >= 3 || rng.uniform() < 0.15) continue
      const a = Math.atan2(nodes[2 * j + 1] - nodes[2 * i + 1], nodes[2 * j] - nodes[2 * i])
      const back = a + Math.PI
      if (!wide(i, a) || !wide(j, back)) continue // also rejects an edge already drawn from j
      angles[i].push(a)
      angles[j].push(back)
      drawTubule(canvas, rng, nodes[2 * i], nodes[2 * i + 1], nodes[2 * j], nodes[2 * j + 1])
    }
  }
  const sheets = rng.int(4)
  for (let s = 0; s < sheets; s++) drawSheet(canvas, rng)
}

/** Indices of the k nodes nearest to node i; jitter < 0.4 cell, so they lie within two grid cells. */
function nearest(nodes: Float64Array, cols: number, rows: number, i: number, k: number): number[] {
  const gx = i % cols
  const gy = Math.floor(i / cols)
  const best: [number, number][] = []
  for (let y = Math.max(0, gy - 2); y <= Math.min(rows - 1, gy + 2); y++) {
    for (let x = Math.max(0, gx - 2); x <= Math.min(cols - 1, gx + 2); x++) {
      const j = y * cols + x
      if (j !== i) best.push([Math.hypot(nodes[2 * j] - nodes[2 * i], nodes[2 * j + 1] - nodes[2 * i + 1]), j])
    }
  }
  best.sort((a, b) => a[0] - b[0])
  return best.slice(0, k).map(([, j]) => j)
}

/** A tubule as a quadratic Bézier between two nodes, bowed sideways by up to 20 % of its length. */
function drawTubule(canvas: Canvas, rng: Rng, ax: number, ay: number, bx: number, by: number): void {
  const len = Math.hypot(bx - ax, by - ay)
  const bow = rng.range(-0.2, 0.2) * len
  const cx = (ax + bx) / 2 + (-(by - ay) / len) * bow
  const cy = (ay + by) / 2 + ((bx - ax) / len) * bow
  const steps = Math.max(4, Math.ceil(len / 2))
  const pts = new Float64Array(2 * (steps + 1))
  for (let k = 0; k <= steps; k++) {
    const t = k / steps
    pts[2 * k] = (1 - t) * (1 - t) * ax + 2 * t * (1 - t) * cx + t * t * bx
    pts[2 * k + 1] = (1 - t) * (1 - t) * ay + 2 * t * (1 - t) * cy + t * t * by
  }
  drawPolyline(canvas, pts, rng.range(0.7, 1.1))
}

/** A sheet: a smooth star-shaped patch 0.6–2 µm across at 40 % of a tubule's density, with small holes. */
function drawSheet(canvas: Canvas, rng: Rng): void {
  const px = canvas.pixelSize
  const cx = rng.range(0, canvas.width)
  const cy = rng.range(0, canvas.height)
  const r0 = rng.range(0.3, 1) / px
  const harmonics = [2, 3, 4].map((k) => ({ k, a: rng.range(0, 0.15), phi: rng.range(0, 2 * Math.PI) }))
  const radius = (theta: number): number => r0 * (1 + harmonics.reduce((acc, h) => acc + h.a * Math.cos(h.k * theta + h.phi), 0))
  const density = 0.4 * rng.range(0.7, 1.1)
  fillStarShape(canvas, cx, cy, radius, r0 * 1.5, density)
  const holes = Math.round(((r0 * px) ** 2 / 0.05) * rng.uniform())
  for (let h = 0; h < holes; h++) {
    const a = rng.range(0, 2 * Math.PI)
    const d = Math.sqrt(rng.uniform()) * r0 * 0.8
    const hr = rng.range(0.03, 0.08) / px
    fillStarShape(canvas, cx + d * Math.cos(a), cy + d * Math.sin(a), () => hr, hr, -density)
  }
}
