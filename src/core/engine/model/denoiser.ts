/**
 * The denoiser ε_θ(z_t, x, γ map): the official "sr3" U-Net (cvdm/architectures/sr3.py @HEAD = sr3_model
 * @6b0fd42), CVDM.md §3.2, sized by the config (§9.2). No time embedding: the noise level enters only as the
 * per-pixel γ map, embedded by e₀ = softplus(Conv_k(G)) and re-projected by a fresh Conv1×1 before every res-block
 * (a linear chain), pooled/upsampled together with the features. AvgPool2 down, nearest ×2 up; up-blocks take
 * concat[h, skip/√2].
 */
import type { ModelConfig } from '../config/model-config'
import { avgPool2, conv, norm, rowAttention, swish, upsample2 } from '../ops/layers'
import type { ParamStore } from '../ops/param-store'
import { tf } from '../tf'

interface Ctx {
  store: ParamStore
  groups: number
  eps: number
}

/**
 * Res-block(h, e, n) = Conv1×1(n)(h) + Conv3×3(n)(swish(Conv3×3(n)(swish(GN(h))) + e′)), e′ = Conv1×1(n)(e):
 * the official single-GN form (CVDM.md §3.2). Returns [out, e′] (e′ continues the embedding chain).
 */
function resBlock(c: Ctx, name: string, h: tf.Tensor4D, e: tf.Tensor4D, n: number): [tf.Tensor4D, tf.Tensor4D] {
  const e2 = conv(c.store, `${name}/emb`, e, n, 1)
  let a = conv(c.store, `${name}/c1`, swish(norm(c.store, `${name}/gn`, h, c.groups, c.eps)), n, 3)
  a = conv(c.store, `${name}/c2`, swish(tf.add(a, e2)), n, 3)
  return [tf.add(conv(c.store, `${name}/skip`, h, n, 1), a), e2]
}

/**
 * ε̂ = ε_θ(concat[z, x], G).
 * @param z - [B, H, W, C] noisy sample z_t
 * @param x - [B, H, W, Cx] condition in [−1, 1]
 * @param gammaMap - [B, H, W, C] per-pixel γ(t, x) (or the discretised ḡ at inference)
 * @returns [B, H, W, C] predicted noise; caller owns it
 */
export function denoiser(
  store: ParamStore,
  config: ModelConfig,
  z: tf.Tensor4D,
  x: tf.Tensor4D,
  gammaMap: tf.Tensor4D
): tf.Tensor4D {
  const d = config.denoiser
  const c: Ctx = { store, groups: d.groups, eps: config.normEpsilon }
  const attend = (name: string, h: tf.Tensor4D): tf.Tensor4D =>
    d.attention === 'row' ? rowAttention(store, name, h, d.groups, c.eps) : h
  return tf.tidy(() => {
    let e = tf.softplus(conv(store, 'den/embed', gammaMap, d.widths[0], d.embedKernel))
    let h = conv(store, 'den/stem', tf.concat([z, x], 3), d.widths[0], 3)
    const skips: tf.Tensor4D[] = [h]
    for (let level = 0; level < d.widths.length; level++) {
      for (let i = 0; i < d.downBlocks; i++) {
        ;[h, e] = resBlock(c, `den/down${level}.${i}`, h, e, d.widths[level])
        skips.push(h)
      }
      if (level < d.widths.length - 1) {
        h = avgPool2(h)
        e = avgPool2(e)
        skips.push(h)
      }
    }
    const top = d.widths[d.widths.length - 1]
    ;[h, e] = resBlock(c, 'den/mid0', h, e, top)
    h = attend('den/mid/attn', h)
    ;[h, e] = resBlock(c, 'den/mid1', h, e, top)
    for (let level = d.widths.length - 1; level >= 0; level--) {
      for (let i = 0; i < d.upBlocks; i++) {
        const skip = skips.pop() as tf.Tensor4D
        h = tf.concat([h, tf.mul(skip, Math.SQRT1_2) as tf.Tensor4D], 3)
        ;[h, e] = resBlock(c, `den/up${level}.${i}`, h, e, d.widths[level])
      }
      if (level > 0) {
        h = upsample2(h)
        e = upsample2(e)
      }
    }
    const out = swish(norm(store, 'den/head/gn', h, d.groups, c.eps))
    return conv(store, 'den/head', out, config.channels, 3)
  })
}
