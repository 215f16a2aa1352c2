/**
 * The subset of ONNX's ModelProto (onnx/onnx.proto, IR version 8, default-domain opset 17) our exporter writes:
 * a model with one graph of nodes, float32/int64 initializers, and float32 inputs/outputs with symbolic dimensions.
 * Field numbers are those of onnx.proto; messages are encoded with {@link ProtoWriter}.
 */
import { ProtoWriter } from './protobuf'

/** IR version written (ONNX 1.13+ reads it; onnxruntime 1.30 supports up to 11). */
export const IR_VERSION = 8
/** Opset of the default ("ai.onnx") domain. */
export const OPSET = 17

/** TensorProto.DataType values used here. */
export const DTYPE = { float: 1, int64: 7 } as const

/** A node attribute value: an int, a float, a string, or a list of ints / floats. */
export type AttributeValue = number | string | { ints: number[] } | { floats: number[] } | { float: number }

/** One graph node. */
export interface OnnxNode {
  op: string
  inputs: string[]
  outputs: string[]
  /** Integer-valued numbers are written as INT attributes; use `{ float: v }` for FLOAT ones. */
  attributes?: Record<string, AttributeValue>
}

/** A constant tensor of the graph (weights, shapes, scalars). */
export interface OnnxInitializer {
  name: string
  dims: number[]
  /** float32 data, or int64 given as numbers. */
  data: Float32Array | { int64: number[] }
}

/** A graph input or output: float32 with per-axis fixed sizes or symbolic names. */
export interface OnnxValueInfo {
  name: string
  dims: (number | string)[]
}

/** A whole model. */
export interface OnnxGraph {
  name: string
  nodes: OnnxNode[]
  initializers: OnnxInitializer[]
  inputs: OnnxValueInfo[]
  outputs: OnnxValueInfo[]
}

const ATTR = { float: 1, int: 2, string: 3, floats: 6, ints: 7 } as const

function attribute(name: string, value: AttributeValue): ProtoWriter {
  const a = new ProtoWriter().string(1, name)
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) throw new Error(`onnx: attribute ${name}=${value} is not an integer; pass { float }`)
    return a.varint(3, value).varint(20, ATTR.int)
  }
  if (typeof value === 'string') return a.string(4, value).varint(20, ATTR.string)
  if ('float' in value) return a.float(2, value.float).varint(20, ATTR.float)
  if ('ints' in value) return a.packedVarints(8, value.ints).varint(20, ATTR.ints)
  return a.packedFloats(7, value.floats).varint(20, ATTR.floats)
}

function node(n: OnnxNode, index: number): ProtoWriter {
  const w = new ProtoWriter()
  for (const i of n.inputs) w.string(1, i)
  for (const o of n.outputs) w.string(2, o)
  w.string(3, `${n.op}_${index}`).string(4, n.op)
  for (const [name, value] of Object.entries(n.attributes ?? {})) w.message(5, attribute(name, value))
  return w
}

function tensor(t: OnnxInitializer): ProtoWriter {
  const w = new ProtoWriter().packedVarints(1, t.dims)
  if (t.data instanceof Float32Array) {
    const le = new Uint8Array(t.data.length * 4)
    const view = new DataView(le.buffer)
    t.data.forEach((v, i) => view.setFloat32(4 * i, v, true))
    return w.varint(2, DTYPE.float).string(8, t.name).bytes(9, le)
  }
  const le = new Uint8Array(t.data.int64.length * 8)
  const view = new DataView(le.buffer)
  t.data.int64.forEach((v, i) => view.setBigInt64(8 * i, BigInt(v), true))
  return w.varint(2, DTYPE.int64).string(8, t.name).bytes(9, le)
}

function valueInfo(v: OnnxValueInfo): ProtoWriter {
  const shape = new ProtoWriter()
  for (const d of v.dims) shape.message(1, typeof d === 'number' ? new ProtoWriter().varint(1, d) : new ProtoWriter().string(2, d))
  const tensorType = new ProtoWriter().varint(1, DTYPE.float).message(2, shape)
  return new ProtoWriter().string(1, v.name).message(2, new ProtoWriter().message(1, tensorType))
}

/**
 * Encodes a graph as a serialized ONNX ModelProto.
 * @returns the bytes of a `.onnx` file
 */
export function encodeModel(g: OnnxGraph, producer = 'cvdm-studio'): Uint8Array {
  const graph = new ProtoWriter()
  g.nodes.forEach((n, i) => graph.message(1, node(n, i)))
  graph.string(2, g.name)
  for (const t of g.initializers) graph.message(5, tensor(t))
  for (const v of g.inputs) graph.message(11, valueInfo(v))
  for (const v of g.outputs) graph.message(12, valueInfo(v))
  return new ProtoWriter()
    .varint(1, IR_VERSION)
    .string(2, producer)
    .message(7, graph)
    .message(8, new ProtoWriter().string(1, '').varint(2, OPSET))
    .finish()
}
