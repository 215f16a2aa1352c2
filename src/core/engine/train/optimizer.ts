/**
 * Adam (Kingma & Ba; Keras/tfjs form: lr_t = lr·√(1−β₂ᵗ)/(1−β₁ᵗ), w ← w − lr_t·m/(√v + ε)), global-norm gradient
 * clipping and an EMA of the weights. Our own small implementation so that every slot is a named array that goes
 * into the checkpoint for exact resume (tf.train.Adam hides its state behind async getWeights()).
 */
import type { NamedArrays } from '../ops/param-store'
import { tf } from '../tf'

/** A named parameter. */
export interface NamedVariable {
  name: string
  variable: tf.Variable
}

/** Adam with serializable moments. */
export class Adam {
  /** Number of updates applied. */
  iterations = 0
  private readonly m: tf.Variable[]
  private readonly v: tf.Variable[]

  constructor(
    private readonly params: NamedVariable[],
    private readonly beta1: number,
    private readonly beta2: number,
    private readonly epsilon: number
  ) {
    // tidy: the zeros are temporaries; the variables survive it
    this.m = params.map((p) => tf.tidy(() => tf.variable(tf.zerosLike(p.variable), false)))
    this.v = params.map((p) => tf.tidy(() => tf.variable(tf.zerosLike(p.variable), false)))
  }

  /**
   * One update. `grads[i]` belongs to `params[i]`; the caller still owns the gradients.
   * @param lr - learning rate of this step
   */
  apply(grads: tf.Tensor[], lr: number): void {
    this.iterations += 1
    const t = this.iterations
    const lrT = (lr * Math.sqrt(1 - this.beta2 ** t)) / (1 - this.beta1 ** t)
    tf.tidy(() => {
      this.params.forEach((p, i) => {
        const g = grads[i]
        const m = tf.add(tf.mul(this.m[i], this.beta1), tf.mul(g, 1 - this.beta1))
        const v = tf.add(tf.mul(this.v[i], this.beta2), tf.mul(tf.square(g), 1 - this.beta2))
        this.m[i].assign(m)
        this.v[i].assign(v)
        p.variable.assign(tf.sub(p.variable, tf.mul(lrT, tf.div(m, tf.add(tf.sqrt(v), this.epsilon)))))
      })
    })
  }

  /** Moments as named arrays (`m/<name>`, `v/<name>`). */
  async toArrays(): Promise<NamedArrays> {
    const out: NamedArrays = new Map()
    for (let i = 0; i < this.params.length; i++) {
      const shape = [...this.params[i].variable.shape]
      out.set(`m/${this.params[i].name}`, { shape, data: (await this.m[i].data()) as Float32Array })
      out.set(`v/${this.params[i].name}`, { shape, data: (await this.v[i].data()) as Float32Array })
    }
    return out
  }

  /** Restores moments and the iteration count. @throws Error when a slot is missing or mis-shaped */
  load(arrays: NamedArrays, iterations: number): void {
    this.params.forEach((p, i) => {
      for (const [slot, vars] of [['m', this.m], ['v', this.v]] as const) {
        const a = arrays.get(`${slot}/${p.name}`)
        if (!a || a.data.length !== p.variable.size) throw new Error(`optimizer state lacks ${slot}/${p.name}`)
        tf.tidy(() => vars[i].assign(tf.tensor(a.data, p.variable.shape)))
      }
    })
    this.iterations = iterations
  }

  /** Frees the moments. */
  dispose(): void {
    tf.dispose([...this.m, ...this.v])
  }
}

/**
 * Scales gradients so their global L2 norm is at most `maxNorm` (null: unchanged copies).
 * @returns the clipped gradients (caller owns them) and the norm before clipping
 */
export function clipByGlobalNorm(grads: tf.Tensor[], maxNorm: number | null): { grads: tf.Tensor[]; norm: number } {
  const normT = tf.tidy(() => tf.sqrt(tf.addN(grads.map((g) => tf.sum(tf.square(g))))))
  const norm = normT.dataSync()[0]
  normT.dispose()
  const scale = maxNorm !== null && norm > maxNorm ? maxNorm / (norm + 1e-6) : 1
  return { grads: grads.map((g) => (scale === 1 ? tf.clone(g) : tf.mul(g, scale))), norm }
}

/** Exponential moving average of weights: shadow ← d·shadow + (1 − d)·w (optional, CVDM.md §9.3). */
export class Ema {
  readonly shadow: tf.Variable[]

  constructor(
    private readonly params: NamedVariable[],
    readonly decay: number
  ) {
    this.shadow = params.map((p) => tf.tidy(() => tf.variable(p.variable.clone(), false)))
  }

  /** Moves the shadow weights towards the current weights. */
  update(): void {
    tf.tidy(() => {
      this.params.forEach((p, i) => {
        this.shadow[i].assign(tf.add(tf.mul(this.shadow[i], this.decay), tf.mul(p.variable, 1 - this.decay)))
      })
    })
  }

  /** Shadow weights by parameter name (the weights of an EMA model). */
  async toArrays(prefix = ''): Promise<NamedArrays> {
    const out: NamedArrays = new Map()
    for (let i = 0; i < this.params.length; i++) {
      out.set(prefix + this.params[i].name, { shape: [...this.shadow[i].shape], data: (await this.shadow[i].data()) as Float32Array })
    }
    return out
  }

  /** Restores the shadow from arrays written by {@link Ema.toArrays}. */
  load(arrays: NamedArrays, prefix = ''): void {
    this.params.forEach((p, i) => {
      const a = arrays.get(prefix + p.name)
      if (!a || a.data.length !== p.variable.size) throw new Error(`EMA state lacks ${p.name}`)
      tf.tidy(() => this.shadow[i].assign(tf.tensor(a.data, p.variable.shape)))
    })
  }

  /** Frees the shadow weights. */
  dispose(): void {
    tf.dispose(this.shadow)
  }
}
