/**
 * The schedule U-Net: rate map λ(x) = softplus(U_sched(x)) ≥ 0, per pixel and channel (CVDM.md §2.3, §9.2).
 * Official `UNet(base_filters=32)` (cvdm/architectures/unet.py @HEAD): softplus activations, InstanceNorm after every
 * conv, MaxPool2 down. Port (CVDM.md §9.2): widths from the config, nearest ×2 + Conv3×3 up instead of
 * Conv2DTranspose, InstanceNorm = GroupNorm with G = C. The head is zero-initialised with bias softplus⁻¹(1) so
 * λ ≡ 1 at init (CVDM.md §9.2 "Initialisation").
 */
import type { ModelConfig } from '../config/model-config'
import { conv, maxPool2, norm, upsample2 } from '../ops/layers'
import type { ParamStore } from '../ops/param-store'
import { tf } from '../tf'
import { SOFTPLUS_INV_ONE } from './time-net'

/** Conv → softplus → InstanceNorm, the official U-Net unit. */
function unit(store: ParamStore, name: string, x: tf.Tensor4D, width: number, eps: number, k = 3): tf.Tensor4D {
  const h = tf.softplus(conv(store, name, x, width, k))
  return norm(store, `${name}/in`, h, width, eps)
}

/**
 * λ(x).
 * @param x - [B, H, W, Cx] condition in [−1, 1]; H, W multiples of 2^(levels−1)
 * @returns [B, H, W, C] float32 ≥ 0; caller owns it
 */
export function scheduleNet(store: ParamStore, config: ModelConfig, x: tf.Tensor4D): tf.Tensor4D {
  const { widths, wideStem } = config.scheduleNet
  const eps = config.normEpsilon
  return tf.tidy(() => {
    let stem = conv(store, 'sched/stem3', x, widths[0], 3)
    if (wideStem) stem = tf.add(stem, conv(store, 'sched/stem7', x, widths[0], 7))
    let h = norm(store, 'sched/stem/in', tf.softplus(stem), widths[0], eps)
    h = unit(store, 'sched/stem/c2', h, widths[0], eps)
    const skips: tf.Tensor4D[] = [h]
    for (let level = 1; level < widths.length; level++) {
      h = maxPool2(h)
      h = unit(store, `sched/down${level}/c1`, h, widths[level], eps)
      h = unit(store, `sched/down${level}/c2`, h, widths[level], eps)
      if (level < widths.length - 1) skips.push(h)
    }
    for (let level = widths.length - 2; level >= 0; level--) {
      h = tf.softplus(conv(store, `sched/up${level}/c0`, upsample2(h), widths[level], 3))
      h = tf.concat([h, skips[level]], 3)
      h = unit(store, `sched/up${level}/c1`, h, widths[level], eps)
      h = unit(store, `sched/up${level}/c2`, h, widths[level], eps)
    }
    const head = conv(store, 'sched/head', h, config.channels, 1, {
      kernel: { kind: 'zeros' },
      bias: { kind: 'constant', value: SOFTPLUS_INV_ONE }
    })
    return tf.softplus(head)
  })
}
