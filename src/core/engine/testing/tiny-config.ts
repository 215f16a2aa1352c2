import type { ModelConfig } from '../config/model-config'

/** A tiny custom CVDM (denoiser [8, 16], schedule net [4, 8]) for fast engine tests: builds and trains in milliseconds at 16–32². */
export const TINY_TEST_CONFIG: Partial<ModelConfig> = {
  preset: 'custom',
  denoiser: { widths: [8, 16], downBlocks: 1, upBlocks: 2, groups: 4, embedKernel: 3, attention: 'none' },
  scheduleNet: { widths: [4, 8], wideStem: false },
  timeHidden: 16
}
