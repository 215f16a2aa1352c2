import { CodedError } from '../../../shared/errors'
import { tf } from '../tf'
import { Rng } from './rng'

/** How a new parameter is initialised. `glorot` = Keras default (Glorot-uniform, fan-in/out from the shape). */
export type ParamInit =
  | { kind: 'glorot' }
  | { kind: 'zeros' }
  | { kind: 'constant'; value: number }
  | { kind: 'normal'; mean: number; std: number }
  | { kind: 'uniform'; lo: number; hi: number }

/** Named float32 arrays: the serializable content of a {@link ParamStore}. */
export type NamedArrays = Map<string, { shape: number[]; data: Float32Array }>

/**
 * The weights of a functional network, by name. Networks are written as plain functions that ask the store for
 * `get(name, shape, init)`: while the store is open the first call creates the variable (seeded init, in call
 * order, so a fixed seed gives fixed weights); once {@link ParamStore.seal}ed every name must exist with that shape.
 * Stores created from saved arrays check each requested shape against the file.
 */
export class ParamStore {
  private readonly vars = new Map<string, tf.Variable>()
  private pending: NamedArrays | undefined
  private sealed = false

  /**
   * @param rng - generator for new weights (ignored for names supplied in `initial`)
   * @param initial - saved weights to use instead of fresh init (e.g. from a model file)
   * @param zeros - initialise every new weight to zero (no random draws; for counting parameters)
   */
  constructor(
    private readonly rng: Rng,
    initial?: NamedArrays,
    private readonly zeros = false
  ) {
    this.pending = initial ? new Map(initial) : undefined
  }

  /**
   * The variable called `name`; creates it on first use while the store is open.
   * @throws CodedError `bad-model` when a saved weight has another shape, or the store is sealed and `name` is unknown
   */
  get(name: string, shape: number[], init: ParamInit): tf.Variable {
    const found = this.vars.get(name)
    if (found) {
      if (!sameShape(found.shape, shape)) throw shapeError(name, found.shape, shape)
      return found
    }
    if (this.sealed) throw new CodedError('bad-model', `Model weight "${name}" is missing.`)
    const saved = this.pending?.get(name)
    let data: Float32Array
    if (this.pending) {
      if (!saved) throw new CodedError('bad-model', `Model file lacks weight "${name}" ${JSON.stringify(shape)}.`)
      if (!sameShape(saved.shape, shape)) throw shapeError(name, saved.shape, shape)
      data = saved.data
      this.pending.delete(name)
    } else {
      data = initialValues(this.rng, shape, this.zeros ? { kind: 'zeros' } : init)
    }
    const v = tf.tidy(() => tf.variable(tf.tensor(data, shape, 'float32'), true))
    this.vars.set(name, v)
    return v
  }

  /**
   * Closes the store: no more variables may be created.
   * @throws CodedError `bad-model` when saved weights were never used (the file has weights this architecture lacks)
   */
  seal(): void {
    this.sealed = true
    if (this.pending && this.pending.size > 0) {
      const extra = [...this.pending.keys()].slice(0, 5).join(', ')
      throw new CodedError('bad-model', `Model file has ${this.pending.size} weights this architecture lacks (${extra}).`)
    }
    this.pending = undefined
  }

  /** Parameter names in creation order. */
  names(): string[] {
    return [...this.vars.keys()]
  }

  /** Variables in creation order (for gradients and the optimizer). */
  variables(): tf.Variable[] {
    return [...this.vars.values()]
  }

  /** Variables whose name starts with `prefix`. */
  variablesUnder(prefix: string): tf.Variable[] {
    return [...this.vars].filter(([n]) => n.startsWith(prefix)).map(([, v]) => v)
  }

  /** Total number of scalar parameters. */
  count(): number {
    let n = 0
    for (const v of this.vars.values()) n += v.size
    return n
  }

  /** Copies all weights out to plain arrays (async read-back). */
  async toArrays(): Promise<NamedArrays> {
    const out: NamedArrays = new Map()
    for (const [name, v] of this.vars) out.set(name, { shape: [...v.shape], data: (await v.data()) as Float32Array })
    return out
  }

  /** Overwrites every weight from `arrays` (same names and shapes). @throws CodedError `bad-model` on mismatch */
  assignFrom(arrays: NamedArrays): void {
    for (const [name, v] of this.vars) {
      const a = arrays.get(name)
      if (!a) throw new CodedError('bad-model', `Weights lack "${name}".`)
      if (!sameShape(a.shape, v.shape)) throw shapeError(name, a.shape, v.shape)
      tf.tidy(() => v.assign(tf.tensor(a.data, a.shape, 'float32')))
    }
  }

  /** Frees all variables. */
  dispose(): void {
    for (const v of this.vars.values()) v.dispose()
    this.vars.clear()
  }
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i])
}

function shapeError(name: string, file: readonly number[], want: readonly number[]): CodedError {
  return new CodedError('bad-model', `Weight "${name}" has shape ${JSON.stringify(file)}, expected ${JSON.stringify(want)}.`)
}

function initialValues(rng: Rng, shape: number[], init: ParamInit): Float32Array {
  const size = shape.reduce((a, b) => a * b, 1)
  const out = new Float32Array(size)
  switch (init.kind) {
    case 'zeros':
      return out
    case 'constant':
      return out.fill(init.value)
    case 'normal':
      rng.fillNormal(out, init.std)
      for (let i = 0; i < size; i++) out[i] += init.mean
      return out
    case 'uniform':
      return rng.fillUniform(out, init.lo, init.hi)
    case 'glorot': {
      // Keras: fan_in = receptive * in, fan_out = receptive * out for conv kernels [kh, kw, in, out].
      const receptive = shape.slice(0, -2).reduce((a, b) => a * b, 1)
      const fanIn = (shape.length >= 2 ? shape[shape.length - 2] : shape[0]) * receptive
      const fanOut = shape[shape.length - 1] * receptive
      const limit = Math.sqrt(6 / (fanIn + fanOut))
      return rng.fillUniform(out, -limit, limit)
    }
    default: {
      const never: never = init
      throw new Error(`unknown init ${JSON.stringify(never)}`)
    }
  }
}
