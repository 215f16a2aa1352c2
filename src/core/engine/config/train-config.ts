/**
 * Training configuration (CVDM.md §7, §9.3). {@link validateTrainConfig} is called once at the API edge.
 */
import type { LossTerms } from '../diffusion/loss'
import type { TimestepSamplerKind } from '../timesteps/timesteps'

/** Random augmentations of each crop: none, horizontal/vertical flips, or all 8 flips × rot90 (dihedral group). */
export type AugmentKind = 'none' | 'flips' | 'dihedral'

/** Training settings. */
export interface TrainConfig {
  /** Adam learning rate (official constant 1e-4). */
  learningRate: number
  /** Adam β₁, β₂, ε (Keras defaults 0.9, 0.999, 1e-7 as the official code). */
  beta1: number
  beta2: number
  epsilon: number
  batchSize: number
  /** Side of the random aligned square crops (a multiple of the model's size multiple). */
  cropSize: number
  augment: AugmentKind
  /** EMA decay of all weights (e.g. 0.999; not in the official code); null = off. */
  emaDecay: number | null
  /** Clip gradients to this global L2 norm; null = off (official: off). */
  clipGradNorm: number | null
  /** Loss weights [L_ε, L_β, L_KL, L_γ] (official 1/2/2/2, CVDM.md §4.2). */
  lossWeights: Record<keyof LossTerms, number>
  /** α inside L_γ (official 1e-3). */
  alpha: number
  /** Endpoint T of L_β (t₀ = 1/T, t₁ = 1 − 1/T; 200 as HEAD). */
  endpointSteps: number
  timesteps: TimestepSamplerKind
  /** Seed of the run's generator (crops, augmentations, t, ε). */
  seed: number
}

/** Official hyper-parameters where they exist (CVDM.md §7); batch and crop sized for CPUs (§9.3). */
export const DEFAULT_TRAIN_CONFIG: Readonly<TrainConfig> = Object.freeze({
  learningRate: 1e-4,
  beta1: 0.9,
  beta2: 0.999,
  epsilon: 1e-7,
  batchSize: 4,
  cropSize: 64,
  augment: 'dihedral',
  emaDecay: null,
  clipGradNorm: null,
  lossWeights: { eps: 1, beta: 2, kl: 2, gamma: 2 },
  alpha: 1e-3,
  endpointSteps: 200,
  timesteps: 'uniform',
  seed: 0
} satisfies TrainConfig)

/**
 * Copies `input` over the defaults and checks it.
 * @throws Error naming the offending field
 */
export function validateTrainConfig(input: Partial<TrainConfig> = {}): TrainConfig {
  const c: TrainConfig = {
    ...DEFAULT_TRAIN_CONFIG,
    ...input,
    lossWeights: { ...DEFAULT_TRAIN_CONFIG.lossWeights, ...(input.lossWeights ?? {}) }
  }
  const fail = (msg: string): never => {
    throw new Error(`Invalid training config: ${msg}`)
  }
  if (!(c.learningRate > 0)) fail('learningRate must be > 0')
  if (!(c.beta1 >= 0 && c.beta1 < 1) || !(c.beta2 >= 0 && c.beta2 < 1)) fail('beta1 and beta2 must be in [0, 1)')
  if (!(c.epsilon > 0)) fail('epsilon must be > 0')
  if (!Number.isInteger(c.batchSize) || c.batchSize < 1) fail('batchSize must be a positive integer')
  if (!Number.isInteger(c.cropSize) || c.cropSize < 4) fail('cropSize must be an integer >= 4')
  if (!['none', 'flips', 'dihedral'].includes(c.augment)) fail(`augment must be none|flips|dihedral (got "${c.augment}")`)
  if (c.emaDecay !== null && !(c.emaDecay > 0 && c.emaDecay < 1)) fail('emaDecay must be in (0, 1) or null')
  if (c.clipGradNorm !== null && !(c.clipGradNorm > 0)) fail('clipGradNorm must be > 0 or null')
  for (const [k, v] of Object.entries(c.lossWeights)) if (!(v >= 0)) fail(`lossWeights.${k} must be >= 0`)
  if (!(c.alpha >= 0)) fail('alpha must be >= 0')
  if (!Number.isInteger(c.endpointSteps) || c.endpointSteps < 2) fail('endpointSteps must be an integer >= 2')
  if (!['uniform', 'stratified', 'quadratic'].includes(c.timesteps)) fail(`timesteps must be uniform|stratified|quadratic`)
  if (!Number.isInteger(c.seed) || c.seed < 0) fail('seed must be a non-negative integer')
  return c
}
