/**
 * Model architecture configs and the named presets (CVDM.md §9, §3.2, §2.3). Design choices are enums, not flags
 * (STYLE.md rule 29). {@link validateModelConfig} is the one place that checks and fills a config (rule 20).
 */

/** Named presets. `cvdm-paper` = the official sizes (GPU machines; here only built and run at 64² in a test). */
export const PRESET_NAMES = ['cvdm-xs', 'cvdm-s', 'cvdm-paper'] as const
/** One of {@link PRESET_NAMES}. */
export type PresetName = (typeof PRESET_NAMES)[number]

/**
 * Noise schedule: `learned` = CVDM (λ(x) U-Net + monotone τ, Γ time nets, four-term loss);
 * `cosine` / `linear-beta` = fixed-schedule ablation baselines (CVDM.md §9.5; same denoiser, ε-loss only).
 */
export type ScheduleKind = 'learned' | 'cosine' | 'linear-beta'
/**
 * How the network restores: `diffusion` (a conditional diffusion model: CVDM or a fixed-schedule baseline, sampled)
 * or `regression` (CARE-like baseline: the same denoiser backbone predicts the residual y − x in one pass, trained
 * with MSE; no schedule, no sampling).
 */
export type ModelMethod = 'diffusion' | 'regression'
/** What is diffused: `residual` r = y − x (SR, CVDM.md §1.1 BioSR config) or `direct` r = y. */
export type DiffusionTarget = 'residual' | 'direct'
/** Attention in the denoiser's middle block: none, or the official row-wise unscaled block. */
export type AttentionKind = 'none' | 'row'

/** The sr3-style denoiser ε_θ(concat[z_t, x], γ map) (CVDM.md §3.2, §9.2). */
export interface DenoiserConfig {
  /** Channel width per resolution level; one AvgPool2 between consecutive levels. */
  widths: number[]
  /** Res-blocks per level going down. */
  downBlocks: number
  /** Res-blocks per level going up (official: downBlocks + 1, one per skip). */
  upBlocks: number
  /** GroupNorm groups (min(groups, C) is used). */
  groups: number
  /** Kernel of the γ-map embedding conv (official 7, CVDM-S 3). */
  embedKernel: number
  /**
   * Middle-block attention. The official "attention at side 8" never triggers at its 256² training size, so only the
   * middle block has attention (CVDM.md §3.2); side-dependent attention would make weights depend on input size.
   */
  attention: AttentionKind
}

/** The schedule U-Net that gives the rate map λ(x) (CVDM.md §2.3, §9.2). */
export interface ScheduleNetConfig {
  /** Widths per level; one MaxPool2 between levels. */
  widths: number[]
  /** Add the official 7×7 stem branch next to the 3×3 stem. */
  wideStem: boolean
}

/** Complete architecture: everything needed to rebuild the weights' shapes. */
export interface ModelConfig {
  preset: PresetName | 'custom'
  /** Channels of y (and of z_t, λ, γ, ε). */
  channels: number
  /** Channels of the condition x. */
  condChannels: number
  method: ModelMethod
  target: DiffusionTarget
  /** Noise schedule of `diffusion` models (ignored by `regression`, which has none). */
  schedule: ScheduleKind
  /**
   * The network works on r/targetScale (r = y − x or y) and outputs are multiplied back (1 = official). A scale
   * below 1 raises the signal-to-noise ratio at every γ, i.e. shifts the schedule towards less noise (as ZMD's
   * division by 0.5, CVDM.md §3.4).
   */
  targetScale: number
  denoiser: DenoiserConfig
  scheduleNet: ScheduleNetConfig
  /** Hidden units of each scalar time net τ, Γ (official 1024, CVDM-S 128). */
  timeHidden: number
  /** GroupNorm / InstanceNorm epsilon (official tfa 1e-3). */
  normEpsilon: number
}

/** Defaults = CVDM-S (CVDM.md §9.2). */
export const DEFAULT_MODEL_CONFIG: Readonly<ModelConfig> = Object.freeze({
  preset: 'cvdm-s',
  channels: 1,
  condChannels: 1,
  method: 'diffusion',
  target: 'residual',
  schedule: 'learned',
  targetScale: 1,
  denoiser: { widths: [32, 64, 128], downBlocks: 1, upBlocks: 2, groups: 8, embedKernel: 3, attention: 'none' },
  scheduleNet: { widths: [16, 32, 64], wideStem: false },
  timeHidden: 128,
  normEpsilon: 1e-3
} satisfies ModelConfig)

/**
 * The architecture of a named preset.
 * @param schedule - `learned` (CVDM) or a fixed-schedule ablation baseline with the same denoiser
 */
export function presetConfig(name: PresetName, schedule: ScheduleKind = 'learned'): ModelConfig {
  const base = structuredClone(DEFAULT_MODEL_CONFIG) as ModelConfig
  switch (name) {
    case 'cvdm-s':
      return { ...base, preset: name, schedule }
    case 'cvdm-xs':
      return {
        ...base,
        preset: name,
        schedule,
        denoiser: { ...base.denoiser, widths: [16, 32, 64] },
        scheduleNet: { widths: [8, 16, 32], wideStem: false }
      }
    case 'cvdm-paper':
      return {
        ...base,
        preset: name,
        schedule,
        denoiser: {
          widths: [64, 128, 256, 512, 512],
          downBlocks: 3,
          upBlocks: 4,
          groups: 32,
          embedKernel: 7,
          attention: 'row'
        },
        scheduleNet: { widths: [32, 64, 128, 256, 512], wideStem: true },
        timeHidden: 1024
      }
    default: {
      const never: never = name
      throw new Error(`Unknown preset "${String(never)}"; use one of ${PRESET_NAMES.join(', ')}.`)
    }
  }
}

/** Whether the model has the schedule U-Net and time nets (learned-schedule diffusion = CVDM). */
export function hasLearnedSchedule(config: Pick<ModelConfig, 'method' | 'schedule'>): boolean {
  return (config.method ?? 'diffusion') === 'diffusion' && config.schedule === 'learned'
}

/** The input side must be a multiple of this (2^(levels−1) of both U-Nets). */
export function sizeMultiple(config: ModelConfig): number {
  const levels = Math.max(config.denoiser.widths.length, hasLearnedSchedule(config) ? config.scheduleNet.widths.length : 1)
  return 2 ** (levels - 1)
}

/**
 * Copies `input` over the defaults and checks it.
 * @throws Error naming the offending field
 */
export function validateModelConfig(input: Partial<ModelConfig> = {}): ModelConfig {
  const base = structuredClone(DEFAULT_MODEL_CONFIG) as ModelConfig
  const own = structuredClone(input)
  const c: ModelConfig = {
    ...base,
    ...own,
    denoiser: { ...base.denoiser, ...(own.denoiser ?? {}) },
    scheduleNet: { ...base.scheduleNet, ...(own.scheduleNet ?? {}) }
  }
  const fail = (msg: string): never => {
    throw new Error(`Invalid model config: ${msg}`)
  }
  const posInt = (v: unknown, f: string): void => {
    if (!Number.isInteger(v) || (v as number) < 1) fail(`${f} must be a positive integer (got ${String(v)})`)
  }
  if (c.preset !== 'custom' && !PRESET_NAMES.includes(c.preset)) fail(`unknown preset "${c.preset}"`)
  posInt(c.channels, 'channels')
  posInt(c.condChannels, 'condChannels')
  if (!['diffusion', 'regression'].includes(c.method)) fail(`method must be diffusion|regression (got "${c.method}")`)
  if (!(c.targetScale > 0 && Number.isFinite(c.targetScale))) fail(`targetScale must be a positive number (got ${String(c.targetScale)})`)
  if (!['residual', 'direct'].includes(c.target)) fail(`target must be residual|direct (got "${c.target}")`)
  if (!['learned', 'cosine', 'linear-beta'].includes(c.schedule)) fail(`unknown schedule "${c.schedule}"`)
  if (c.target === 'residual' && c.channels !== c.condChannels) fail('residual target needs channels === condChannels')
  const d = c.denoiser
  if (!Array.isArray(d.widths) || d.widths.length < 1) fail('denoiser.widths must be a non-empty array')
  d.widths.forEach((w, i) => posInt(w, `denoiser.widths[${i}]`))
  posInt(d.downBlocks, 'denoiser.downBlocks')
  posInt(d.upBlocks, 'denoiser.upBlocks')
  if (d.upBlocks !== d.downBlocks + 1) fail('denoiser.upBlocks must equal downBlocks + 1 (one per skip, as official sr3)')
  posInt(d.groups, 'denoiser.groups')
  for (const w of d.widths) if (w % Math.min(d.groups, w) !== 0) fail(`denoiser width ${w} not divisible by ${d.groups} groups`)
  if (![1, 3, 5, 7].includes(d.embedKernel)) fail('denoiser.embedKernel must be 1, 3, 5 or 7')
  if (!['none', 'row'].includes(d.attention)) fail(`denoiser.attention must be none|row (got "${d.attention}")`)
  if (!Array.isArray(c.scheduleNet.widths) || c.scheduleNet.widths.length < 1) fail('scheduleNet.widths must be non-empty')
  c.scheduleNet.widths.forEach((w, i) => posInt(w, `scheduleNet.widths[${i}]`))
  posInt(c.timeHidden, 'timeHidden')
  if (!(c.normEpsilon > 0)) fail('normEpsilon must be > 0')
  return c
}
