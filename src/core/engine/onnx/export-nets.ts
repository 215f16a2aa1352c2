/**
 * ONNX exports of the two image networks, line for line the tfjs code of model/denoiser.ts and
 * model/schedule-net.ts (same weight names, same op order), so onnxruntime can run inference on them. The scalar
 * time nets stay in tfjs (a few hundred FLOPs per step).
 */
import { hasLearnedSchedule, type ModelConfig } from '../config/model-config'
import type { NamedArrays } from '../ops/param-store'
import { GraphBuilder, type Value } from './graph-builder'

/** Input / output names of the exported graphs (NHWC float32, dynamic batch, height and width). */
export const ONNX_NAMES = {
  denoiser: { z: 'z', x: 'x', gamma: 'gamma', out: 'eps' },
  scheduleNet: { x: 'x', out: 'lambda' }
} as const

/**
 * The denoiser ε_θ(z, x, γ map) as ONNX (mirrors model/denoiser.ts).
 * Inputs z [B, H, W, C], x [B, H, W, Cx], gamma [B, H, W, C]; output eps [B, H, W, C]; H, W multiples of
 * 2^(levels−1).
 * @param weights - the model's weights by name (ParamStore.toArrays())
 * @returns the bytes of an ONNX model
 * @throws CodedError `bad-model` when a weight is missing or has an unexpected shape
 */
export function exportDenoiser(config: ModelConfig, weights: NamedArrays): Uint8Array {
  const d = config.denoiser
  const g = new GraphBuilder(weights)
  const names = ONNX_NAMES.denoiser
  const z = g.input(names.z, config.channels)
  const x = g.input(names.x, config.condChannels)
  const gamma = g.input(names.gamma, config.channels)
  const eps = config.normEpsilon
  const resBlock = (name: string, h: Value, e: Value): [Value, Value] => {
    const e2 = g.conv(`${name}/emb`, e)
    let a = g.conv(`${name}/c1`, g.swish(g.norm(`${name}/gn`, h, d.groups, eps)))
    a = g.conv(`${name}/c2`, g.swish(g.add(a, e2)))
    return [g.add(g.conv(`${name}/skip`, h), a), e2]
  }
  let e = g.softplus(g.conv('den/embed', gamma))
  let h = g.conv('den/stem', g.concat([z, x]))
  const skips: Value[] = [h]
  for (let level = 0; level < d.widths.length; level++) {
    for (let i = 0; i < d.downBlocks; i++) {
      ;[h, e] = resBlock(`den/down${level}.${i}`, h, e)
      skips.push(h)
    }
    if (level < d.widths.length - 1) {
      h = g.avgPool2(h)
      e = g.avgPool2(e)
      skips.push(h)
    }
  }
  ;[h, e] = resBlock('den/mid0', h, e)
  if (d.attention === 'row') h = g.rowAttention('den/mid/attn', h, d.groups, eps)
  ;[h, e] = resBlock('den/mid1', h, e)
  for (let level = d.widths.length - 1; level >= 0; level--) {
    for (let i = 0; i < d.upBlocks; i++) {
      const skip = skips.pop() as Value
      h = g.concat([h, g.scale(skip, Math.SQRT1_2)])
      ;[h, e] = resBlock(`den/up${level}.${i}`, h, e)
    }
    if (level > 0) {
      h = g.upsample2(h)
      e = g.upsample2(e)
    }
  }
  g.output(names.out, g.conv('den/head', g.swish(g.norm('den/head/gn', h, d.groups, eps))))
  return g.encode('cvdm-denoiser')
}

/**
 * The schedule U-Net λ(x) as ONNX (mirrors model/schedule-net.ts). Input x [B, H, W, Cx]; output lambda
 * [B, H, W, C] ≥ 0.
 * @returns the bytes of an ONNX model
 * @throws Error for a model without a learned schedule; CodedError `bad-model` for missing weights
 */
export function exportScheduleNet(config: ModelConfig, weights: NamedArrays): Uint8Array {
  if (!hasLearnedSchedule(config)) throw new Error('exportScheduleNet: this model has no schedule network (λ ≡ 1).')
  const { widths, wideStem } = config.scheduleNet
  const eps = config.normEpsilon
  const g = new GraphBuilder(weights)
  const x = g.input(ONNX_NAMES.scheduleNet.x, config.condChannels)
  // unit(): Conv → softplus → InstanceNorm (GroupNorm with G = C).
  const unit = (name: string, v: Value): Value => {
    const h = g.softplus(g.conv(name, v))
    return g.norm(`${name}/in`, h, h.channels, eps)
  }
  let stem = g.conv('sched/stem3', x)
  if (wideStem) stem = g.add(stem, g.conv('sched/stem7', x))
  const s = g.softplus(stem)
  let h = unit('sched/stem/c2', g.norm('sched/stem/in', s, s.channels, eps))
  const skips: Value[] = [h]
  for (let level = 1; level < widths.length; level++) {
    h = g.maxPool2(h)
    h = unit(`sched/down${level}/c1`, h)
    h = unit(`sched/down${level}/c2`, h)
    if (level < widths.length - 1) skips.push(h)
  }
  for (let level = widths.length - 2; level >= 0; level--) {
    h = g.softplus(g.conv(`sched/up${level}/c0`, g.upsample2(h)))
    h = g.concat([h, skips[level]])
    h = unit(`sched/up${level}/c1`, h)
    h = unit(`sched/up${level}/c2`, h)
  }
  g.output(ONNX_NAMES.scheduleNet.out, g.softplus(g.conv('sched/head', h)))
  return g.encode('cvdm-schedule-net')
}
