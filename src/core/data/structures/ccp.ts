/**
 * Clathrin-coated pits: hollow rings 80–200 nm across (resolved as rings only by SIM) and smaller filled dots,
 * scattered at 0.5–3 per µm² with log-normal brightness (as in BioSR's CCP class).
 */
import type { Rng } from '../random'
import { type Canvas, drawRing, splat } from './canvas'

/** Renders CCPs into `canvas`; density is drawn per image from 0.5–3 pits per µm². */
export function drawCcps(canvas: Canvas, rng: Rng): void {
  const px = canvas.pixelSize
  const areaUm2 = canvas.width * canvas.height * px * px
  const count = Math.round(areaUm2 * Math.exp(rng.range(Math.log(0.5), Math.log(3))))
  for (let i = 0; i < count; i++) {
    const cx = rng.range(0, canvas.width)
    const cy = rng.range(0, canvas.height)
    const brightness = Math.exp(0.4 * rng.normal()) // log-normal, median 1
    const diameter = rng.range(0.05, 0.2) // µm
    const radius = diameter / 2 / px
    const amount = brightness * 20 * diameter // total signal grows with the coat's circumference
    if (diameter >= 0.08 && radius >= 1) {
      drawRing(canvas, cx, cy, radius, amount / (2 * Math.PI * radius))
    } else {
      splat(canvas, cx, cy, amount)
    }
  }
}
