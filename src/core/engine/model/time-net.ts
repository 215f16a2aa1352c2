/**
 * Monotone scalar time networks τ(t) and Γ(t) with closed-form derivatives (CVDM.md §2.2, §9.2).
 * Official `time_model` @6b0fd42/HEAD, ported as a scalar MLP 1 → H → 1 (the official 3×3 conv on a constant t-map
 * equals this in the image interior):
 *   a = w1·t + b1,  s_k = sigmoid(c_k·a + d_k),  g = Σ_k w3_k s_k + b3 + a,  f(t) = t·g(t)
 *   g′ = w1·(1 + Σ w3_k c_k s_k(1−s_k)),  g″ = w1²·Σ w3_k c_k² s_k(1−s_k)(1−2s_k),  f′ = g + t·g′,  f″ = 2g′ + t·g″.
 * Non-negativity of w1, c, w3 by softplus reparametrisation (CVDM.md §10.1 item 11) instead of Keras NonNeg.
 */
import type { ParamStore } from '../ops/param-store'
import { tf } from '../tf'

/** softplus⁻¹(1): raw value whose softplus is 1. */
export const SOFTPLUS_INV_ONE = Math.log(Math.E - 1)

/** softplus⁻¹(v) for v > 0. */
export function softplusInv(v: number): number {
  return v > 30 ? v : Math.log(Math.expm1(v))
}

/**
 * Initial shape of a time net: f(t) ≈ t·(slope·t + offset) (the sigmoid units start almost switched off).
 * Own choice (CVDM.md §9.2 "Initialisation"): Γ(t) ≈ 9t² and τ(t) ≈ 18t, so γ(1) ≈ e⁻⁹ and τ = Γ′ from step 0
 * (with f = t·g, τ(0) = 0 forces Γ′(0) → 0 anyway; starting there avoids a large initial L_β).
 */
export interface TimeNetInit {
  slope: number
  offset: number
}

/** f, f′, f″ at per-sample times: each [B, 1, 1, 1] float32. */
export interface TimeNetOutput {
  f: tf.Tensor4D
  df: tf.Tensor4D
  d2f: tf.Tensor4D
}

/** Time clamp of the official code: t ∈ [0, 0.99999] (CVDM.md §2.1). */
export const T_MAX = 0.99999

/**
 * Evaluates one time net.
 * @param name - weight prefix (`tau` or `Gamma`)
 * @param t - [B] float32 in [0, 1]; clipped to [0, 0.99999]
 * @param hidden - H, number of sigmoid units
 * @param init - initial shape (used only when the weights are created)
 * @returns f(t), f′(t), f″(t) as [B,1,1,1]; caller owns them
 */
export function timeNet(store: ParamStore, name: string, t: tf.Tensor1D, hidden: number, init: TimeNetInit): TimeNetOutput {
  return tf.tidy(() => {
    const w1 = tf.softplus(store.get(`${name}/w1`, [1], { kind: 'constant', value: softplusInv(Math.max(init.slope, 1e-3)) }))
    const b1 = store.get(`${name}/b1`, [1], { kind: 'zeros' })
    const c = tf.softplus(store.get(`${name}/c`, [hidden], { kind: 'normal', mean: 0, std: 1 }))
    const d = store.get(`${name}/d`, [hidden], { kind: 'uniform', lo: -3, hi: 3 })
    const w3 = tf.softplus(store.get(`${name}/w3`, [hidden], { kind: 'constant', value: -8 }))
    const b3 = store.get(`${name}/b3`, [1], { kind: 'constant', value: init.offset })
    const tc = tf.reshape(tf.clipByValue(t, 0, T_MAX), [-1, 1]) // [B,1]
    const a = tf.add(tf.mul(tc, w1), b1) // [B,1]
    const s = tf.sigmoid(tf.add(tf.mul(a, c), d)) // [B,H]
    const ds = tf.mul(s, tf.sub(1, s)) // s(1−s)
    const g = tf.add(tf.add(tf.sum(tf.mul(s, w3), 1, true), b3), a)
    const g1 = tf.mul(w1, tf.add(1, tf.sum(tf.mul(tf.mul(w3, c), ds), 1, true)))
    const g2 = tf.mul(tf.square(w1), tf.sum(tf.mul(tf.mul(w3, tf.square(c)), tf.mul(ds, tf.sub(1, tf.mul(2, s)))), 1, true))
    const f = tf.mul(tc, g)
    const df = tf.add(g, tf.mul(tc, g1))
    const d2f = tf.add(tf.mul(2, g1), tf.mul(tc, g2))
    const as4 = (v: tf.Tensor): tf.Tensor4D => tf.reshape(v, [-1, 1, 1, 1])
    return { f: as4(f), df: as4(df), d2f: as4(d2f) }
  })
}
