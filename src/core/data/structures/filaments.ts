/**
 * Microtubules and F-actin as worm-like chains: the tangent angle diffuses with variance ds/Lp per step
 * (2-D worm-like chain, ⟨cos Δθ(s)⟩ = exp(−s/2Lp); Kratky & Porod 1949), sampled at half a pixel and drawn as
 * sub-resolution lines (MT ≈ 25 nm, actin ≈ 7 nm wide, both far below the PSF).
 */
import type { Rng } from '../random'
import { type Canvas, drawPolyline } from './canvas'

/** Parameters of one filament population. Lengths in µm, density in filaments per 100 µm² of canvas. */
export interface FilamentPopulation {
  /** Range of filaments per 100 µm²; each image draws its density log-uniformly from it. */
  density: [number, number]
  /** Range of contour lengths (µm). */
  length: [number, number]
  /** Apparent persistence length (µm): larger is straighter. */
  persistence: number
  /** Range of line intensities (relative units). */
  intensity: [number, number]
}

/** Microtubules: long, smooth, crossing, sparse to dense. */
export const MICROTUBULES: FilamentPopulation = { density: [6, 30], length: [6, 25], persistence: 12, intensity: [0.6, 1.2] }
/** F-actin meshwork: short, bendy, dense. */
export const ACTIN_MESH: FilamentPopulation = { density: [40, 160], length: [1, 5], persistence: 2.5, intensity: [0.3, 0.8] }
/** Stress fibres: long straight bundles, brighter. */
export const STRESS_FIBRES: FilamentPopulation = { density: [1, 6], length: [8, 30], persistence: 60, intensity: [1.2, 2.5] }

/** Renders one worm-like chain population into `canvas` (units: intensity per pixel of length). */
export function drawFilaments(canvas: Canvas, rng: Rng, population: FilamentPopulation): void {
  const areaUm2 = canvas.width * canvas.height * canvas.pixelSize ** 2
  const density = Math.exp(rng.range(Math.log(population.density[0]), Math.log(population.density[1])))
  const count = Math.max(1, Math.round((density * areaUm2) / 100))
  const ds = 0.5 // px
  const sigma = Math.sqrt((ds * canvas.pixelSize) / population.persistence)
  for (let f = 0; f < count; f++) {
    const length = rng.range(population.length[0], population.length[1]) / canvas.pixelSize
    const steps = Math.ceil(length / ds)
    const points = new Float64Array(2 * (steps + 1))
    let x = rng.range(0, canvas.width)
    let y = rng.range(0, canvas.height)
    let theta = rng.range(0, 2 * Math.PI)
    points[0] = x
    points[1] = y
    for (let i = 1; i <= steps; i++) {
      theta += sigma * rng.normal()
      x += ds * Math.cos(theta)
      y += ds * Math.sin(theta)
      points[2 * i] = x
      points[2 * i + 1] = y
    }
    const base = rng.range(population.intensity[0], population.intensity[1])
    const phase = rng.range(0, 2 * Math.PI)
    const wobble = rng.range(0.5, 3) // labelling varies slowly along the filament
    drawPolyline(canvas, points, (s) => base * (1 + 0.2 * Math.sin(2 * Math.PI * wobble * s + phase)))
  }
}
