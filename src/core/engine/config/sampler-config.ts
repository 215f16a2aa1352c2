/**
 * Sampler configuration (CVDM.md §5, §6, §9.4). {@link validateSamplerConfig} is called once at the API edge.
 */

/**
 * `ddim` / `ancestral`: fast γ-head sampler on a respaced uniform t grid (CVDM.md §5.3; η = 0 / η = 1).
 * `faithful-beta`: the official packaged β-mode sampler (CVDM.md §5.2), N = 200 by default.
 */
export type SamplerKind = 'ddim' | 'ancestral' | 'faithful-beta'

/**
 * Time grid of the fast samplers: `uniform` t_n = n/N (CVDM.md §5.3), or `quadratic` t_n = (n/N)² (DDIM paper's
 * quadratic skip), which spends more steps at low noise where the restoration's detail is decided.
 */
export type TimeSpacing = 'uniform' | 'quadratic'

/**
 * Clipping of x̂₀ at every step (CVDM.md §5.3, §10.1 item 5): `none` (official) or `residual-range` = [−2, 2], the
 * range of y − x. (Clipping to the per-pixel output range [−1 − x, 1 − x] was tried and rejected: its asymmetric
 * bounds bias the early, noise-dominated x̂₀ and cost ≈6 dB on the synthetic-filament check.)
 */
export type ClipMode = 'none' | 'residual-range'

/** Sampler settings. */
export interface SamplerConfig {
  kind: SamplerKind
  /** Time grid of `ddim` / `ancestral` (ignored by `faithful-beta`, whose grid is the official uniform one). */
  spacing: TimeSpacing
  /** Number of network evaluations N (faithful: the discretisation N; fast: 10–50 recommended). */
  steps: number
  /** K independent samples per input → per-pixel mean (restoration) and std (uncertainty) (CVDM.md §6). */
  samples: number
  /** Seed of the noise; the same seed gives the same output on the same backend. */
  seed: number
  /** x̂₀ clipping; defaults: `residual-range` for the fast samplers, `none` (as official) for `faithful-beta`. */
  clipX0: ClipMode
  /** Most images (samples × inputs) run through the network at once; larger K runs in chunks. */
  maxBatch: number
}

/** Fast preview defaults (CVDM.md §9.4): 20 DDIM steps, one sample. */
export const DEFAULT_SAMPLER_CONFIG: Readonly<SamplerConfig> = Object.freeze({
  kind: 'ddim',
  spacing: 'uniform',
  steps: 20,
  samples: 1,
  seed: 0,
  clipX0: 'residual-range',
  maxBatch: 8
} satisfies SamplerConfig)

/** The official sampler step count (CVDM.md §5, `generation_timesteps`). */
export const FAITHFUL_STEPS = 200

/**
 * Copies `input` over the defaults (faithful mode defaults to N = 200 and no x̂₀ clipping) and checks it.
 * @throws Error naming the offending field
 */
export function validateSamplerConfig(input: Partial<SamplerConfig> = {}): SamplerConfig {
  const kind = input.kind ?? DEFAULT_SAMPLER_CONFIG.kind
  const c: SamplerConfig = {
    ...DEFAULT_SAMPLER_CONFIG,
    steps: kind === 'faithful-beta' ? FAITHFUL_STEPS : DEFAULT_SAMPLER_CONFIG.steps,
    clipX0: kind === 'faithful-beta' ? 'none' : DEFAULT_SAMPLER_CONFIG.clipX0,
    ...input,
    kind
  }
  const fail = (msg: string): never => {
    throw new Error(`Invalid sampler config: ${msg}`)
  }
  if (!['ddim', 'ancestral', 'faithful-beta'].includes(c.kind)) fail(`unknown kind "${c.kind}"`)
  if (!['uniform', 'quadratic'].includes(c.spacing)) fail(`unknown spacing "${c.spacing}"`)
  const minSteps = c.kind === 'faithful-beta' ? 2 : 1
  if (!Number.isInteger(c.steps) || c.steps < minSteps || c.steps > 10000) fail(`steps must be an integer in [${minSteps}, 10000]`)
  if (!Number.isInteger(c.samples) || c.samples < 1) fail('samples must be a positive integer')
  if (!Number.isInteger(c.seed) || c.seed < 0) fail('seed must be a non-negative integer')
  if (!['none', 'residual-range'].includes(c.clipX0)) fail(`unknown clipX0 "${c.clipX0}"`)
  if (!Number.isInteger(c.maxBatch) || c.maxBatch < 1) fail('maxBatch must be a positive integer')
  return c
}
