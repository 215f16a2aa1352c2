/**
 * Builds ONNX graphs from the same building blocks as ops/layers.ts, reading weights by the same names from a
 * {@link NamedArrays} snapshot of a ParamStore. Values are NCHW inside the graph (onnxruntime's Conv layout); our
 * tfjs tensors are NHWC, so graph inputs/outputs are NHWC and transposed at the boundary. Each method mirrors one
 * tfjs function and names it.
 */
import { CodedError } from '../../../shared/errors'
import type { NamedArrays } from '../ops/param-store'
import { encodeModel, type AttributeValue, type OnnxGraph, type OnnxInitializer, type OnnxNode } from './onnx-proto'

/** A value of the graph under construction: its name and channel count (NCHW axis 1). */
export interface Value {
  name: string
  channels: number
}

/** Symbolic batch / height / width of every input and output (dynamic shapes). */
const DYNAMIC_NHW = ['batch', 'height', 'width']

/** Accumulates nodes and initializers of one graph. */
export class GraphBuilder {
  private readonly nodes: OnnxNode[] = []
  private readonly initializers: OnnxInitializer[] = []
  private readonly inputs: OnnxGraph['inputs'] = []
  private readonly outputs: OnnxGraph['outputs'] = []
  private readonly constants = new Map<string, string>()
  private count = 0

  constructor(private readonly weights: NamedArrays) {}

  /** Declares an NHWC input [B, H, W, C] and returns it as NCHW. */
  input(name: string, channels: number): Value {
    this.inputs.push({ name, dims: [...DYNAMIC_NHW, channels] })
    return { name: this.op('Transpose', [name], { perm: { ints: [0, 3, 1, 2] } }), channels }
  }

  /** Declares `v` (NCHW) as the NHWC output `name`. */
  output(name: string, v: Value): void {
    this.nodes.push({ op: 'Transpose', inputs: [v.name], outputs: [name], attributes: { perm: { ints: [0, 2, 3, 1] } } })
    this.outputs.push({ name, dims: [...DYNAMIC_NHW, v.channels] })
  }

  /** conv() of ops/layers: 'same'-padded stride-1 Conv with bias; kernel [k,k,Cin,Cout] → [Cout,Cin,k,k]. */
  conv(prefix: string, x: Value): Value {
    const w = this.weight(`${prefix}/w`)
    const [k, kw, cin, cout] = w.shape
    if (k !== kw || k % 2 !== 1 || cin !== x.channels) throw new CodedError('bad-model', `ONNX export: ${prefix}/w has shape ${JSON.stringify(w.shape)} for ${x.channels} input channels.`)
    const oihw = new Float32Array(w.data.length)
    for (let i = 0; i < k; i++)
      for (let j = 0; j < k; j++)
        for (let ci = 0; ci < cin; ci++)
          for (let co = 0; co < cout; co++) oihw[((co * cin + ci) * k + i) * k + j] = w.data[((i * k + j) * cin + ci) * cout + co]
    const p = (k - 1) / 2
    const W = this.constant(`${prefix}/w`, [cout, cin, k, k], oihw)
    const B = this.constant(`${prefix}/b`, [cout], this.weight(`${prefix}/b`).data)
    const attributes = { kernel_shape: { ints: [k, k] }, pads: { ints: [p, p, p, p] }, strides: { ints: [1, 1] } }
    return { name: this.op('Conv', [x.name, W, B], attributes), channels: cout }
  }

  /**
   * norm() of ops/layers (GroupNorm with affine, ops/group-norm.ts): biased variance, (x − μ)/√(σ² + ε), then
   * scale and offset. G = C is InstanceNormalization with the affine inside; G < C reshapes to [B, G, C/G·H·W] first.
   */
  norm(prefix: string, x: Value, groups: number, epsilon: number): Value {
    const c = x.channels
    const g = Math.min(groups, c)
    const scale = this.weight(`${prefix}/scale`).data
    const offset = this.weight(`${prefix}/offset`).data
    const eps = { epsilon: { float: epsilon } }
    if (g === c) {
      const name = this.op('InstanceNormalization', [x.name, this.constant(`${prefix}/scale`, [c], scale), this.constant(`${prefix}/offset`, [c], offset)], eps)
      return { name, channels: c }
    }
    const shape = this.op('Shape', [x.name])
    const grouped = this.op('Reshape', [x.name, this.int64([0, g, -1])])
    const ones = this.shared(`ones${g}`, [g], new Float32Array(g).fill(1))
    const zeros = this.shared(`zeros${g}`, [g], new Float32Array(g))
    const normed = this.op('Reshape', [this.op('InstanceNormalization', [grouped, ones, zeros], eps), shape])
    const scaled = this.op('Mul', [normed, this.constant(`${prefix}/scale`, [c, 1, 1], scale)])
    return { name: this.op('Add', [scaled, this.constant(`${prefix}/offset`, [c, 1, 1], offset)]), channels: c }
  }

  /** swish(v) = v·sigmoid(v). */
  swish(x: Value): Value {
    return { name: this.op('Mul', [x.name, this.op('Sigmoid', [x.name])]), channels: x.channels }
  }

  /** softplus(v) = log(1 + eᵛ). */
  softplus(x: Value): Value {
    return { name: this.op('Softplus', [x.name]), channels: x.channels }
  }

  /** a + b (same shape). */
  add(a: Value, b: Value): Value {
    return { name: this.op('Add', [a.name, b.name]), channels: a.channels }
  }

  /** x · s for a scalar s. */
  scale(x: Value, s: number): Value {
    return { name: this.op('Mul', [x.name, this.shared(`scalar${s}`, [], Float32Array.of(s))]), channels: x.channels }
  }

  /** Channel concat (tf.concat on axis 3 = NCHW axis 1), in the given order. */
  concat(values: Value[]): Value {
    const name = this.op('Concat', values.map((v) => v.name), { axis: 1 })
    return { name, channels: values.reduce((n, v) => n + v.channels, 0) }
  }

  /** avgPool2: 2×2, stride 2, 'valid'. */
  avgPool2(x: Value): Value {
    return { name: this.op('AveragePool', [x.name], { kernel_shape: { ints: [2, 2] }, strides: { ints: [2, 2] } }), channels: x.channels }
  }

  /** maxPool2: 2×2, stride 2, 'valid'. */
  maxPool2(x: Value): Value {
    return { name: this.op('MaxPool', [x.name], { kernel_shape: { ints: [2, 2] }, strides: { ints: [2, 2] } }), channels: x.channels }
  }

  /** upsample2: tf.image.resizeNearestNeighbor (no align-corners, no half-pixel) = asymmetric + floor. */
  upsample2(x: Value): Value {
    const scales = this.shared('scales2x', [4], Float32Array.of(1, 1, 2, 2))
    const attributes = { mode: 'nearest', coordinate_transformation_mode: 'asymmetric', nearest_mode: 'floor' }
    return { name: this.op('Resize', [x.name, '', scales], attributes), channels: x.channels }
  }

  /** rowAttention of ops/layers: attention along W per row, unscaled; out = GN(h) + softmax(q·kᵀ)·v. */
  rowAttention(prefix: string, h: Value, groups: number, epsilon: number): Value {
    const hn = this.norm(`${prefix}/norm`, h, groups, epsilon)
    const [q, k, v] = ['q', 'k', 'v'].map((n) => this.conv(`${prefix}/${n}`, hn).name)
    const perm = (name: string, p: number[]): string => this.op('Transpose', [name], { perm: { ints: p } })
    const scores = this.op('MatMul', [perm(q, [0, 2, 3, 1]), perm(k, [0, 2, 1, 3])]) // [B, H, W, W]
    const attended = this.op('MatMul', [this.op('Softmax', [scores], { axis: 3 }), perm(v, [0, 2, 3, 1])]) // [B, H, W, C]
    return { name: this.op('Add', [hn.name, perm(attended, [0, 3, 1, 2])]), channels: h.channels }
  }

  /** The serialized model. */
  encode(name: string): Uint8Array {
    return encodeModel({ name, nodes: this.nodes, initializers: this.initializers, inputs: this.inputs, outputs: this.outputs })
  }

  private op(op: string, inputs: string[], attributes?: Record<string, AttributeValue>): string {
    const out = `v${this.count++}`
    this.nodes.push({ op, inputs, outputs: [out], attributes })
    return out
  }

  private weight(name: string): { shape: number[]; data: Float32Array } {
    const w = this.weights.get(name)
    if (!w) throw new CodedError('bad-model', `ONNX export: the model has no weight "${name}".`)
    return w
  }

  private constant(name: string, dims: number[], data: Float32Array): string {
    this.initializers.push({ name, dims, data })
    return name
  }

  /** A constant shared by every node that needs the same value. */
  private shared(key: string, dims: number[], data: Float32Array): string {
    let name = this.constants.get(key)
    if (!name) {
      name = this.constant(`const/${key}`, dims, data)
      this.constants.set(key, name)
    }
    return name
  }

  private int64(values: number[]): string {
    const key = `int64 ${values.join(',')}`
    let name = this.constants.get(key)
    if (!name) {
      name = `const/shape${this.constants.size}`
      this.initializers.push({ name, dims: [values.length], data: { int64: values } })
      this.constants.set(key, name)
    }
    return name
  }
}
