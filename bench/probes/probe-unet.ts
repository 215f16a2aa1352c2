/**
 * A small U-Net written with core ops only (conv3x3, conv1x1, GroupNorm from mean/variance/rsqrt, SiLU,
 * avgPool 2×2, resizeNearestNeighbor ×2, concat, softplus/exp/log in the loss): the op mix of the CVDM denoiser,
 * used by the probes and the bench until the real model exists.
 */
import { tf } from '../../src/core/engine/tf'

/** A probe U-Net: variables plus a forward function and a scalar loss. */
export interface ProbeUnet {
  /** @param x - [B, H, W, cIn] NHWC, H and W divisible by 2^(levels-1); returns [B, H, W, cIn]. */
  forward(x: tf.Tensor4D): tf.Tensor4D
  /** Mean of softplus/exp/log terms over forward(x): a scalar touching the loss ops. */
  loss(x: tf.Tensor4D): tf.Scalar
  /** Multiply-add FLOPs (2 per MAC) of the convolutions in one forward pass at [B, H, W]. */
  flops(b: number, h: number, w: number): number
  variables: tf.Variable[]
}

/**
 * Builds the probe U-Net: per level two (GroupNorm → SiLU → conv3x3) blocks with a 1×1 skip, avgPool down,
 * nearest ×2 up, concat skips.
 * @param widths - channels per level, e.g. [32, 64, 128] (CVDM-S)
 * @param cIn - input/output channels
 * @param seed - weights seed
 */
export function buildProbeUnet(widths: number[], cIn: number, seed: number): ProbeUnet {
  const variables: tf.Variable[] = []
  let s = seed
  const convs: { k: number; ci: number; co: number; hw: number }[] = []
  const conv = (k: number, ci: number, co: number, level: number): ((x: tf.Tensor4D) => tf.Tensor4D) => {
    const w = tf.variable(tf.randomNormal([k, k, ci, co], 0, Math.sqrt(2 / (k * k * ci)), 'float32', s++))
    const b = tf.variable(tf.zeros([co]))
    variables.push(w, b)
    convs.push({ k, ci, co, hw: level })
    return (x) => tf.add(tf.conv2d(x, w as tf.Tensor4D, 1, 'same'), b)
  }
  const groupNorm = (c: number, groups: number): ((x: tf.Tensor4D) => tf.Tensor4D) => {
    const g = tf.variable(tf.ones([c]))
    const be = tf.variable(tf.zeros([c]))
    variables.push(g, be)
    return (x) => {
      const [B, H, W] = x.shape
      const xg = tf.reshape(x, [B, H, W, groups, c / groups])
      const { mean, variance } = tf.moments(xg, [1, 2, 4], true)
      const xn = tf.mul(tf.sub(xg, mean), tf.rsqrt(tf.add(variance, 1e-5)))
      return tf.add(tf.mul(tf.reshape(xn, [B, H, W, c]), g), be)
    }
  }
  const silu = (x: tf.Tensor4D): tf.Tensor4D => tf.mul(x, tf.sigmoid(x))
  const block = (ci: number, co: number, level: number): ((x: tf.Tensor4D) => tf.Tensor4D) => {
    const n1 = groupNorm(ci, Math.min(8, ci))
    const c1 = conv(3, ci, co, level)
    const n2 = groupNorm(co, Math.min(8, co))
    const c2 = conv(3, co, co, level)
    const skip = ci === co ? (x: tf.Tensor4D) => x : conv(1, ci, co, level)
    return (x) => tf.add(c2(silu(n2(c1(silu(n1(x)))))), skip(x))
  }
  const stem = conv(3, cIn, widths[0], 0)
  const downs = widths.map((w, i) => block(i === 0 ? widths[0] : widths[i - 1], w, i))
  const ups = widths.slice(0, -1).map((w, i) => block(widths[i + 1] + w, w, i)).reverse()
  const head = conv(3, widths[0], cIn, 0)
  const forward = (x: tf.Tensor4D): tf.Tensor4D => {
    let h = stem(x)
    const skips: tf.Tensor4D[] = []
    downs.forEach((d, i) => {
      if (i > 0) h = tf.avgPool(h, 2, 2, 'valid')
      h = d(h)
      skips.push(h)
    })
    skips.pop()
    ups.forEach((u) => {
      const sk = skips.pop() as tf.Tensor4D
      h = tf.image.resizeNearestNeighbor(h, [sk.shape[1], sk.shape[2]])
      h = u(tf.concat([h, sk], 3))
    })
    return head(h)
  }
  const loss = (x: tf.Tensor4D): tf.Scalar => {
    const y = forward(x)
    const sp = tf.softplus(y)
    return tf.add(tf.mean(tf.log(tf.add(sp, 1e-3))), tf.mean(tf.mul(tf.exp(tf.neg(sp)), tf.square(tf.sub(y, x)))))
  }
  const flops = (b: number, h: number, w: number): number =>
    convs.reduce((sum, c) => sum + 2 * b * (h >> c.hw) * (w >> c.hw) * c.k * c.k * c.ci * c.co, 0)
  return { forward, loss, flops, variables }
}
