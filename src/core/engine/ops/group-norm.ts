import { tf } from '../tf'

/**
 * Group normalisation from core ops (tfjs-layers 4.22 has none; CVDM.md §9.2, §10.1 item 10):
 * reshape [B,H,W,C] → [B,H,W,G,C/G], mean/variance over (H, W, C/G) per sample and group, normalise, reshape back.
 * InstanceNorm is the special case G = C. No affine transform here (see {@link groupNormAffine}).
 * @param x - [B, H, W, C] float32 (NHWC)
 * @param groups - number of groups G; must divide C
 * @param epsilon - added to the variance (official tfa default 1e-3)
 * @returns [B, H, W, C] float32, zero mean and unit variance per (sample, group); caller owns it
 * @throws Error when G does not divide C
 */
export function groupNorm(x: tf.Tensor4D, groups: number, epsilon: number): tf.Tensor4D {
  const [b, h, w, c] = x.shape
  if (!Number.isInteger(groups) || groups < 1 || c % groups !== 0) {
    throw new Error(`groupNorm: ${groups} groups do not divide ${c} channels`)
  }
  return tf.tidy(() => {
    const grouped = tf.reshape(x, [b, h, w, groups, c / groups])
    const { mean, variance } = tf.moments(grouped, [1, 2, 4], true)
    const normed = tf.mul(tf.sub(grouped, mean), tf.rsqrt(tf.add(variance, epsilon)))
    return tf.reshape(normed, [b, h, w, c]) as tf.Tensor4D
  })
}

/**
 * Group normalisation followed by a per-channel scale and offset (learned γ/β of tfa GroupNormalization).
 * @param x - [B, H, W, C] float32
 * @param scale - [C] float32
 * @param offset - [C] float32
 * @returns [B, H, W, C] float32; caller owns it
 */
export function groupNormAffine(
  x: tf.Tensor4D,
  groups: number,
  epsilon: number,
  scale: tf.Tensor1D,
  offset: tf.Tensor1D
): tf.Tensor4D {
  return tf.tidy(() => tf.add(tf.mul(groupNorm(x, groups, epsilon), scale), offset) as tf.Tensor4D)
}
