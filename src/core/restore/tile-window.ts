/**
 * Tapered blending weights for overlapping tiles: a separable raised-cosine ramp over `overlap` pixels at each tile
 * edge that has a neighbour, flat 1 inside. Weights are > 0 everywhere, so normalizing by the weight sum is safe.
 * @param side - tile side in pixels
 * @param overlap - ramp length in pixels (0 gives a flat window)
 * @param edges - which edges are shared with a neighbour tile (image borders are not tapered)
 * @returns Float32Array [side * side], row-major, values in (0, 1]
 */
export function tileWindow(side: number, overlap: number, edges: { left: boolean; right: boolean; top: boolean; bottom: boolean }): Float32Array {
  const ramp = (i: number, tapered: boolean): number => (tapered && i < overlap ? 0.5 - 0.5 * Math.cos((Math.PI * (i + 0.5)) / overlap) : 1)
  const wx = new Float32Array(side)
  const wy = new Float32Array(side)
  for (let i = 0; i < side; i++) {
    wx[i] = Math.min(ramp(i, edges.left), ramp(side - 1 - i, edges.right))
    wy[i] = Math.min(ramp(i, edges.top), ramp(side - 1 - i, edges.bottom))
  }
  const out = new Float32Array(side * side)
  for (let y = 0; y < side; y++) for (let x = 0; x < side; x++) out[y * side + x] = wy[y] * wx[x]
  return out
}
