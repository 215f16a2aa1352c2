/** Ground-truth structure renderers (BioSR-like classes) on a fine-grid {@link Canvas}. */
import type { Rng } from '../random'
import { type Canvas } from './canvas'
import { drawCcps } from './ccp'
import { drawEr } from './er'
import { ACTIN_MESH, drawFilaments, MICROTUBULES, STRESS_FIBRES } from './filaments'

export { type Canvas, createCanvas } from './canvas'

/** Structure classes: microtubules, F-actin, clathrin-coated pits, endoplasmic reticulum. */
export const STRUCTURE_KINDS = ['mt', 'actin', 'ccp', 'er'] as const

/** One of {@link STRUCTURE_KINDS}. */
export type StructureKind = (typeof STRUCTURE_KINDS)[number]

/**
 * Renders one structure class into `canvas` (adds to it) and clamps the density at ≥ 0.
 * Units: relative fluorophore density per pixel (lines ≈ 1 per pixel of length).
 */
export function renderStructure(kind: StructureKind, canvas: Canvas, rng: Rng): void {
  switch (kind) {
    case 'mt':
      drawFilaments(canvas, rng, MICROTUBULES)
      break
    case 'actin':
      drawFilaments(canvas, rng, ACTIN_MESH)
      if (rng.uniform() < 0.7) drawFilaments(canvas, rng, STRESS_FIBRES)
      break
    case 'ccp':
      drawCcps(canvas, rng)
      break
    case 'er':
      drawEr(canvas, rng)
      break
    default: {
      const never: never = kind
      throw new RangeError(`unknown structure kind: ${String(never)}`)
    }
  }
  const d = canvas.data
  for (let i = 0; i < d.length; i++) if (d[i] < 0) d[i] = 0
}
