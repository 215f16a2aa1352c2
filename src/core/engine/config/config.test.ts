import { describe, expect, it } from 'vitest'
import { DEFAULT_MODEL_CONFIG, PRESET_NAMES, presetConfig, sizeMultiple, validateModelConfig } from './model-config'
import { DEFAULT_SAMPLER_CONFIG, validateSamplerConfig } from './sampler-config'
import { DEFAULT_TRAIN_CONFIG, validateTrainConfig } from './train-config'

describe('model config', () => {
  it('fills defaults (CVDM-S) and keeps presets valid', () => {
    expect(validateModelConfig()).toEqual(DEFAULT_MODEL_CONFIG)
    for (const p of PRESET_NAMES) expect(validateModelConfig(presetConfig(p))).toEqual(presetConfig(p))
    expect(presetConfig('cvdm-s', 'cosine').schedule).toBe('cosine')
    expect(sizeMultiple(presetConfig('cvdm-s'))).toBe(4)
    expect(sizeMultiple(presetConfig('cvdm-paper'))).toBe(16)
  })

  it('does not alias the defaults', () => {
    const c = validateModelConfig()
    c.denoiser.widths.push(1)
    expect(DEFAULT_MODEL_CONFIG.denoiser.widths).toEqual([32, 64, 128])
  })

  it('rejects residual diffusion with mismatched channels', () => {
    expect(() => validateModelConfig({ channels: 1, condChannels: 2 })).toThrow(/residual/)
    expect(validateModelConfig({ channels: 1, condChannels: 2, target: 'direct' }).condChannels).toBe(2)
  })
})

describe('sampler config', () => {
  it('defaults: fast DDIM 20 steps; faithful mode: N = 200 and no x̂₀ clipping (official)', () => {
    expect(validateSamplerConfig()).toEqual(DEFAULT_SAMPLER_CONFIG)
    expect(validateSamplerConfig({ kind: 'faithful-beta' })).toMatchObject({ steps: 200, clipX0: 'none' })
    expect(() => validateSamplerConfig({ samples: 0 })).toThrow(/samples/)
    expect(() => validateSamplerConfig({ clipX0: 2 as never })).toThrow(/clipX0/)
    expect(() => validateSamplerConfig({ spacing: 'cosine' as never })).toThrow(/spacing/)
  })
})

describe('train config', () => {
  it('defaults follow the official code (Adam 1e-4, weights 1/2/2/2, α = 1e-3, T = 200)', () => {
    const c = validateTrainConfig()
    expect(c).toEqual(DEFAULT_TRAIN_CONFIG)
    expect(c).toMatchObject({ learningRate: 1e-4, alpha: 1e-3, endpointSteps: 200, lossWeights: { eps: 1, beta: 2, kl: 2, gamma: 2 } })
    expect(validateTrainConfig({ lossWeights: { gamma: 0 } as never }).lossWeights).toEqual({ eps: 1, beta: 2, kl: 2, gamma: 0 })
    expect(() => validateTrainConfig({ emaDecay: 1 })).toThrow(/emaDecay/)
    expect(() => validateTrainConfig({ augment: 'mixup' as never })).toThrow(/augment/)
  })
})
