/** Options of the synthetic pair generator, their defaults and validation. */
import { CodedError } from '../../shared/errors'
import { type CameraOptions, DEFAULT_CAMERA } from './camera'
import { STRUCTURE_KINDS, type StructureKind } from './structures'

/** `sr2x`: widefield input at 2× the target's pixel size → SIM-like target; `denoise`: same grid and optics. */
export const SYNTH_TASKS = ['sr2x', 'denoise'] as const
/** One of {@link SYNTH_TASKS}. */
export type SynthTask = (typeof SYNTH_TASKS)[number]
/** A structure class, or `mix` (each pair draws one class uniformly from its seed). */
export type SynthStructure = StructureKind | 'mix'

/** Photon levels (expected signal photoelectrons at the brightest input pixel) used by tests and benchmarks. */
export const PHOTON_LEVELS = [10, 20, 50, 100, 200, 500, 1000] as const

/** Everything that determines a pair. */
export interface SynthOptions {
  task: SynthTask
  structure: SynthStructure
  /** Target width and height (px); for sr2x even (the input is half). Default 256. */
  width: number
  height: number
  /**
   * Expected signal photoelectrons at the brightest pixel of the noise-free input (> 0), default 100; the stated
   * SNR there is photons/√(photons + background + σ_read² + 1/12g²). An empty field (possible for tiny CCP images)
   * has no signal. Values past 65535 ADU are clipped.
   */
  photons: number
  /** Background photoelectrons per input pixel as a fraction of `photons` (out-of-focus light). Default 0.05. */
  backgroundFraction: number
  /** Emission wavelength (µm). Default 0.52 (GFP). */
  wavelength: number
  /** Numerical aperture of the objective. Default 1.3. */
  na: number
  /** Resolution gain of the SIM-like target (effective NA = na·simGain). Default 2 (linear SIM). */
  simGain: number
  /** Input (camera) pixel size in the sample (µm). Default 0.0626 (BioSR widefield). */
  inputPixelSize: number
  camera: CameraOptions
  /** Seed; equal options give byte-identical pairs. */
  seed: number | string
}

/** Defaults (BioSR-like: 1.3 NA, 520 nm emission, 62.6 nm camera pixels). */
export const DEFAULT_SYNTH_OPTIONS: Readonly<SynthOptions> = Object.freeze({
  task: 'sr2x',
  structure: 'mix',
  width: 256,
  height: 256,
  photons: 100,
  backgroundFraction: 0.05,
  wavelength: 0.52,
  na: 1.3,
  simGain: 2,
  inputPixelSize: 0.0626,
  camera: DEFAULT_CAMERA,
  seed: 0
})

function fail(message: string): never {
  throw new CodedError('bad-request', message)
}

/**
 * Copies `options` over the defaults and checks them.
 * @throws CodedError `bad-request` naming the offending option
 */
export function validateSynthOptions(options: Partial<SynthOptions>): SynthOptions {
  const o: SynthOptions = { ...DEFAULT_SYNTH_OPTIONS, ...options, camera: { ...DEFAULT_CAMERA, ...options.camera } }
  if (!(SYNTH_TASKS as readonly string[]).includes(o.task)) fail(`task must be one of ${SYNTH_TASKS.join(', ')}, got ${o.task}`)
  if (o.structure !== 'mix' && !(STRUCTURE_KINDS as readonly string[]).includes(o.structure)) {
    fail(`structure must be one of ${[...STRUCTURE_KINDS, 'mix'].join(', ')}, got ${o.structure}`)
  }
  const step = o.task === 'sr2x' ? 2 : 1
  for (const key of ['width', 'height'] as const) {
    const v = o[key]
    if (!Number.isInteger(v) || v < 16 || v > 4096 || v % step !== 0) {
      fail(`${key} must be an integer in [16, 4096]${step === 2 ? ' and even for sr2x' : ''}, got ${v}`)
    }
  }
  const positive: (keyof SynthOptions)[] = ['photons', 'wavelength', 'na', 'simGain', 'inputPixelSize']
  for (const key of positive) {
    const v = o[key] as number
    if (!(typeof v === 'number' && Number.isFinite(v) && v > 0)) fail(`${key} must be a positive number, got ${String(v)}`)
  }
  if (!(o.backgroundFraction >= 0 && Number.isFinite(o.backgroundFraction))) fail(`backgroundFraction must be ≥ 0`)
  const c = o.camera
  if (!(c.gain > 0 && c.readNoise >= 0 && c.offset >= 0 && c.offset < 65535)) fail('camera: gain > 0, readNoise ≥ 0, 0 ≤ offset < 65535')
  if (typeof o.seed === 'number' && !Number.isFinite(o.seed)) fail(`seed must be finite`)
  return o
}
