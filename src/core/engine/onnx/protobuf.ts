/**
 * A minimal protocol-buffers encoder (proto3 wire format), just enough to write ONNX models: varints, length-delimited
 * fields (bytes, strings, nested messages, packed repeated numbers) and 32-bit floats. Field order is the caller's;
 * no decoding. See https://protobuf.dev/programming-guides/encoding/.
 */

const WIRE_VARINT = 0
const WIRE_LENGTH = 2
const WIRE_FIXED32 = 5
const utf8 = new TextEncoder()

/** Builds one message's bytes; nest messages by encoding the child first and adding it with {@link message}. */
export class ProtoWriter {
  private readonly chunks: Uint8Array[] = []
  private scratch: number[] = []
  private size = 0

  /** A varint field (int32/int64/enum/bool). @param value - a non-negative integer ≤ 2⁵³ */
  varint(field: number, value: number): this {
    this.tag(field, WIRE_VARINT)
    this.rawVarint(value)
    return this
  }

  /** A 32-bit float field (`float`). */
  float(field: number, value: number): this {
    this.tag(field, WIRE_FIXED32)
    const b = new Uint8Array(4)
    new DataView(b.buffer).setFloat32(0, value, true)
    this.push(b)
    return this
  }

  /** A `string` field (UTF-8). */
  string(field: number, value: string): this {
    return this.bytes(field, utf8.encode(value))
  }

  /** A `bytes` field. */
  bytes(field: number, value: Uint8Array): this {
    this.tag(field, WIRE_LENGTH)
    this.rawVarint(value.length)
    this.push(value)
    return this
  }

  /** A nested message field. */
  message(field: number, child: ProtoWriter): this {
    return this.bytes(field, child.finish())
  }

  /** A packed repeated varint field (e.g. `repeated int64`). @param values - non-negative integers */
  packedVarints(field: number, values: readonly number[]): this {
    const inner = new ProtoWriter()
    for (const v of values) inner.rawVarint(v)
    return this.bytes(field, inner.finish())
  }

  /** A packed repeated float field. */
  packedFloats(field: number, values: readonly number[]): this {
    const b = new Uint8Array(4 * values.length)
    const view = new DataView(b.buffer)
    values.forEach((v, i) => view.setFloat32(4 * i, v, true))
    return this.bytes(field, b)
  }

  /** The encoded message. */
  finish(): Uint8Array {
    this.flush()
    const out = new Uint8Array(this.size)
    let at = 0
    for (const c of this.chunks) {
      out.set(c, at)
      at += c.length
    }
    return out
  }

  private tag(field: number, wire: number): void {
    this.rawVarint(field * 8 + wire)
  }

  /** Base-128 little-endian groups; negative numbers (sign-extended 64-bit in protobuf) are not needed here. */
  private rawVarint(value: number): void {
    if (!Number.isSafeInteger(value) || value < 0) throw new Error(`protobuf: varint ${value} must be a safe non-negative integer`)
    let v = value
    while (v >= 0x80) {
      this.scratch.push((v % 0x80) | 0x80)
      v = Math.floor(v / 0x80)
    }
    this.scratch.push(v)
  }

  private push(bytes: Uint8Array): void {
    this.flush()
    this.chunks.push(bytes)
    this.size += bytes.length
  }

  private flush(): void {
    if (this.scratch.length === 0) return
    this.chunks.push(Uint8Array.from(this.scratch))
    this.size += this.scratch.length
    this.scratch = []
  }
}
