/**
 * Public API of the CVDM engine (STYLE.md rule 5: nobody deep-imports engine internals).
 * Backend selection, configs and presets, the model, loss, samplers, trainer, checkpoints and the model format.
 * All tensors are NHWC float32; images are in [−1, 1]. Functions that return tensors document that the caller owns them.
 */
export { initBackend, getBackendInfo, resolveBackendRequest, selectBackend, TFJS_VERSION, tf } from './tf'
export type { BackendLoader, BackendRequest } from './tf'

// configs and presets
export {
  DEFAULT_MODEL_CONFIG,
  PRESET_NAMES,
  hasLearnedSchedule,
  presetConfig,
  sizeMultiple,
  validateModelConfig
} from './config/model-config'
export type {
  AttentionKind,
  DenoiserConfig,
  DiffusionTarget,
  ModelConfig,
  ModelMethod,
  PresetName,
  ScheduleKind,
  ScheduleNetConfig
} from './config/model-config'
export { DEFAULT_SAMPLER_CONFIG, FAITHFUL_STEPS, validateSamplerConfig } from './config/sampler-config'
export type { ClipMode, SamplerConfig, SamplerKind, TimeSpacing } from './config/sampler-config'
export { DEFAULT_TRAIN_CONFIG, validateTrainConfig } from './config/train-config'
export type { AugmentKind, TrainConfig } from './config/train-config'

// model
export { buildModel, cloneModel, createModel, parameterCounts, presetParameterCounts } from './model/cvdm-model'
export type { BuildOptions, CvdmModel, ParameterCounts } from './model/cvdm-model'

// schedule, diffusion loss, timesteps
export { fixedProfileScalar } from './schedule/fixed'
export type { FixedScheduleKind } from './schedule/fixed'
export { gammaOf, gammaTerms, U_MAX, U_MIN } from './schedule/gamma'
export type { GammaTerms, TimeProfile } from './schedule/gamma'
export { cvdmLossTerms, DEFAULT_LOSS_WEIGHTS, LOSS_TERM_NAMES, lossTerms, regressionLossTerms, weightedTotal } from './diffusion/loss'
export { regressTarget } from './model/regression'
export type { LossBatch, LossOptions, LossTerms } from './diffusion/loss'
export { diffusionTarget, qSample } from './diffusion/q-sample'
export { sampleTimesteps } from './timesteps/timesteps'
export type { TimestepSamplerKind } from './timesteps/timesteps'

// samplers
export { predict, sample } from './sampler/sample-loop'
export type { SampleOptions, SampleProgress, SampleResult } from './sampler/sample-loop'
export { faithfulStep, fastStep, gBarOf, logAlpha, predictX0 } from './sampler/steps'
export type { FaithfulStepInput, FastStepInput, X0Bounds } from './sampler/steps'

// training
export { Trainer } from './train/trainer'
export type { LoopOptions, StepLog } from './train/trainer'
export type { TrainingPair } from './train/batch'
export { emaModel, resumeFromCheckpoint, saveCheckpoint } from './train/checkpoint'
export { gammaCurves } from './train/diagnostics'
export type { GammaCurves } from './train/diagnostics'

// model format
export {
  DEFAULT_MODEL_META,
  deserializeModel,
  loadModel,
  MODEL_FILES,
  MODEL_FORMAT,
  MODEL_FORMAT_VERSION,
  saveModel,
  serializeModel
} from './io/model-io'
export type { ModelFileJson, ModelMeta, NormalizationSpec } from './io/model-io'

// speed measurements (cvdm bench engine, bench/engine.bench.ts)
export { benchCases, benchEngine, countFlops, measureCase, prepareCase } from './bench/measure'
export type { BenchCase, BenchEngineOptions, BenchOp, BenchRow, KernelProfile } from './bench/measure'

// inference on onnxruntime-node (optional) and the async network seam the restore path uses
export { createInferenceNets, describeInference, engineLabel, inferenceNetsOf, inferenceRequest, inferenceStatus, inferenceThreads, loadOrt, OnnxNets, TfjsNets, withInference } from './onnx'
export type { InferenceModel, InferenceNets, InferenceRequest, InferenceStatus } from './onnx'

// small helpers
export { Rng } from './ops/rng'
export type { RngState } from './ops/rng'
export { groupNorm } from './ops/group-norm'
export { x0Bounds } from './sampler/chains'
