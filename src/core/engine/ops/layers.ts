/**
 * Functional building blocks over a {@link ParamStore}: convolutions with bias, group norm with affine, swish,
 * 2× resampling. All tensors are NHWC float32. Functions return new tensors the caller owns; call them inside a
 * tf.tidy (the networks do).
 */
import { tf } from '../tf'
import { groupNormAffine } from './group-norm'
import type { ParamInit, ParamStore } from './param-store'

const GLOROT: ParamInit = { kind: 'glorot' }
const ZEROS: ParamInit = { kind: 'zeros' }

/**
 * 'same'-padded stride-1 convolution with bias (Keras Conv2D defaults: Glorot-uniform kernel, zero bias).
 * @param x - [B, H, W, Cin]
 * @param name - weight prefix; creates `${name}/w` [k, k, Cin, Cout] and `${name}/b` [Cout]
 * @returns [B, H, W, Cout]
 */
export function conv(
  store: ParamStore,
  name: string,
  x: tf.Tensor4D,
  cout: number,
  k: number,
  init: { kernel?: ParamInit; bias?: ParamInit } = {}
): tf.Tensor4D {
  const w = store.get(`${name}/w`, [k, k, x.shape[3], cout], init.kernel ?? GLOROT) as tf.Variable<tf.Rank.R4>
  const b = store.get(`${name}/b`, [cout], init.bias ?? ZEROS) as tf.Variable<tf.Rank.R1>
  return tf.add(tf.conv2d(x, w, 1, 'same'), b)
}

/**
 * GroupNorm with learned per-channel scale (init 1) and offset (init 0), CVDM.md §3.2 / §9.2.
 * @param groups - requested groups; uses min(groups, C), which must divide C
 */
export function norm(store: ParamStore, name: string, x: tf.Tensor4D, groups: number, epsilon: number): tf.Tensor4D {
  const c = x.shape[3]
  const g = Math.min(groups, c)
  const scale = store.get(`${name}/scale`, [c], { kind: 'constant', value: 1 }) as tf.Variable<tf.Rank.R1>
  const offset = store.get(`${name}/offset`, [c], ZEROS) as tf.Variable<tf.Rank.R1>
  return groupNormAffine(x, g, epsilon, scale, offset)
}

/** swish(v) = v·sigmoid(v). */
export function swish(x: tf.Tensor4D): tf.Tensor4D {
  return tf.mul(x, tf.sigmoid(x))
}

/** 2×2 average pooling, stride 2 (official sr3 `resample_with_conv=False`). [B,H,W,C] → [B,H/2,W/2,C]. */
export function avgPool2(x: tf.Tensor4D): tf.Tensor4D {
  return tf.avgPool(x, 2, 2, 'valid')
}

/** 2×2 max pooling, stride 2 (schedule U-Net, CVDM.md §2.3). */
export function maxPool2(x: tf.Tensor4D): tf.Tensor4D {
  return tf.maxPool(x, 2, 2, 'valid')
}

/** Nearest-neighbour ×2 upsampling. [B,H,W,C] → [B,2H,2W,C]. */
export function upsample2(x: tf.Tensor4D): tf.Tensor4D {
  const [, h, w] = x.shape
  return tf.image.resizeNearestNeighbor(x, [2 * h, 2 * w])
}

/**
 * The official sr3 attention block (CVDM.md §3.2): hn = GN(h); q, k, v = per-pixel linear maps; Keras Attention on
 * 4-D tensors attends along the width axis only (row-wise) and without 1/√d scaling; output = hn + attention.
 * Kept faithful on purpose (CVDM.md §10.1 item 12).
 * @param h - [B, H, W, C]
 * @returns [B, H, W, C]
 */
export function rowAttention(store: ParamStore, name: string, h: tf.Tensor4D, groups: number, eps: number): tf.Tensor4D {
  const c = h.shape[3]
  const hn = norm(store, `${name}/norm`, h, groups, eps)
  const q = conv(store, `${name}/q`, hn, c, 1)
  const k = conv(store, `${name}/k`, hn, c, 1)
  const v = conv(store, `${name}/v`, hn, c, 1)
  const scores = tf.matMul(q, k, false, true) // [B, H, W, W]
  const out = tf.matMul(tf.softmax(scores), v) // [B, H, W, C]
  return tf.add(hn, out)
}
