/**
 * Fixed (not learned) schedules for the ablation baselines (CVDM.md §9.5), written in the CVDM form
 * γ(t) = exp(−Γ(t)) with λ ≡ 1 and τ = Γ′ (so β = Γ′ and the β-mode sampler is consistent by construction).
 * Named and frozen once released (STYLE.md rule 26): add names, never change these formulas.
 *  - cosine (Nichol & Dhariwal; s = 0.008): γ(t) = cos²(φ(t)) / cos²(φ(0)), φ(t) = π/2·(t+s)/(1+s)
 *  - linear-beta (continuous DDPM; β₀ = 0.1, β₁ = 20): Γ(t) = β₀t + ½(β₁ − β₀)t²
 */
import type { ScheduleKind } from '../config/model-config'
import { T_MAX } from '../model/time-net'
import { tf } from '../tf'
import type { TimeProfile } from './gamma'

/** The fixed schedules (every {@link ScheduleKind} except `learned`). */
export type FixedScheduleKind = Exclude<ScheduleKind, 'learned'>

const COSINE_S = 0.008
const LINEAR_BETA0 = 0.1
const LINEAR_BETA1 = 20

/** Γ, Γ′, Γ″ of a fixed schedule at one time, in float64 (for tables and tests). */
export function fixedProfileScalar(kind: FixedScheduleKind, tIn: number): { Gamma: number; dGamma: number; d2Gamma: number } {
  const t = Math.min(Math.max(tIn, 0), T_MAX)
  switch (kind) {
    case 'cosine': {
      const k = Math.PI / 2 / (1 + COSINE_S)
      const phi = k * (t + COSINE_S)
      const phi0 = k * COSINE_S
      const tan = Math.tan(phi)
      return {
        Gamma: -2 * Math.log(Math.cos(phi)) + 2 * Math.log(Math.cos(phi0)),
        dGamma: 2 * k * tan,
        d2Gamma: 2 * k * k * (1 + tan * tan)
      }
    }
    case 'linear-beta':
      return {
        Gamma: LINEAR_BETA0 * t + 0.5 * (LINEAR_BETA1 - LINEAR_BETA0) * t * t,
        dGamma: LINEAR_BETA0 + (LINEAR_BETA1 - LINEAR_BETA0) * t,
        d2Gamma: LINEAR_BETA1 - LINEAR_BETA0
      }
    default: {
      const never: never = kind
      throw new Error(`Unknown fixed schedule "${String(never)}"`)
    }
  }
}

/**
 * The time profile of a fixed schedule at per-sample times (computed in float64, cast once to float32).
 * @param t - per-sample times in [0, 1]
 * @returns {@link TimeProfile}, tensors [B,1,1,1]; caller owns them
 */
export function fixedProfile(kind: FixedScheduleKind, t: ArrayLike<number>): TimeProfile {
  const n = t.length
  const G = new Float32Array(n)
  const G1 = new Float32Array(n)
  const G2 = new Float32Array(n)
  for (let i = 0; i < n; i++) {
    const p = fixedProfileScalar(kind, t[i])
    G[i] = p.Gamma
    G1[i] = p.dGamma
    G2[i] = p.d2Gamma
  }
  const shape: [number, number, number, number] = [n, 1, 1, 1]
  return {
    Gamma: tf.tensor4d(G, shape),
    dGamma: tf.tensor4d(G1, shape),
    d2Gamma: tf.tensor4d(G2, shape),
    tau: tf.tensor4d(G1, shape)
  }
}
