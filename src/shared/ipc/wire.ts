/**
 * Wire format of the browser host for results that carry pixel data: typed arrays travel as raw bytes next to a JSON
 * body instead of as JSON numbers (a 4096² plane is 64 MB of float32, not 200 MB of text).
 * Layout: [u32 LE: JSON byte length][JSON, typed arrays replaced by {"$bytes": index, "$type": name}][8-byte aligned
 * raw buffers, each preceded by its u32 LE byte length and padded to 8 bytes].
 */

/** Content type of a framed response. */
export const FRAMES_CONTENT_TYPE = 'application/x-cvdm-frames'

type TypedArray = Float32Array | Float64Array | Uint8Array | Uint16Array | Uint32Array | Int8Array | Int16Array | Int32Array
const CONSTRUCTORS = { Float32Array, Float64Array, Uint8Array, Uint16Array, Uint32Array, Int8Array, Int16Array, Int32Array } as const
type TypeName = keyof typeof CONSTRUCTORS

function typeNameOf(value: unknown): TypeName | undefined {
  if (!ArrayBuffer.isView(value) || value instanceof DataView) return undefined
  const name = value.constructor.name as TypeName
  return name in CONSTRUCTORS ? name : undefined
}

/** True when `value` (deeply) contains typed arrays, i.e. should be sent framed. */
export function hasBinary(value: unknown): boolean {
  if (typeNameOf(value)) return true
  if (Array.isArray(value)) return value.some(hasBinary)
  if (value && typeof value === 'object') return Object.values(value).some(hasBinary)
  return false
}

const pad8 = (n: number): number => (n + 7) & ~7

/** Encodes a value with typed arrays into one framed buffer. */
export function encodeFrames(value: unknown): Uint8Array {
  const buffers: TypedArray[] = []
  const json = JSON.stringify(value, (_key, v: unknown) => {
    const type = typeNameOf(v)
    if (!type) return v
    buffers.push(v as TypedArray)
    return { $bytes: buffers.length - 1, $type: type }
  })
  const head = new TextEncoder().encode(json)
  let size = pad8(4 + head.length)
  for (const b of buffers) size += 8 + pad8(b.byteLength)
  const out = new Uint8Array(size)
  const view = new DataView(out.buffer)
  view.setUint32(0, head.length, true)
  out.set(head, 4)
  let offset = pad8(4 + head.length)
  for (const b of buffers) {
    view.setUint32(offset, b.byteLength, true)
    out.set(new Uint8Array(b.buffer, b.byteOffset, b.byteLength), offset + 8)
    offset += 8 + pad8(b.byteLength)
  }
  return out
}

/**
 * Decodes a framed buffer; typed arrays come back as views on `buffer` (no copy).
 * @throws Error on a malformed frame
 */
export function decodeFrames(buffer: ArrayBuffer): unknown {
  const view = new DataView(buffer)
  const headLength = view.getUint32(0, true)
  if (4 + headLength > buffer.byteLength) throw new Error('Malformed frame: header longer than the message.')
  const json = new TextDecoder().decode(new Uint8Array(buffer, 4, headLength))
  const arrays: TypedArray[] = []
  let offset = pad8(4 + headLength)
  while (offset < buffer.byteLength) {
    const length = view.getUint32(offset, true)
    if (offset + 8 + length > buffer.byteLength) throw new Error('Malformed frame: buffer runs past the message.')
    arrays.push(new Uint8Array(buffer, offset + 8, length))
    offset += 8 + pad8(length)
  }
  return JSON.parse(json, (_key, v: { $bytes?: number; $type?: TypeName }) => {
    if (v && typeof v === 'object' && typeof v.$bytes === 'number' && v.$type && v.$type in CONSTRUCTORS) {
      const raw = arrays[v.$bytes]
      if (!raw) throw new Error('Malformed frame: missing buffer.')
      const Ctor = CONSTRUCTORS[v.$type]
      return new Ctor(raw.buffer as ArrayBuffer, raw.byteOffset, raw.byteLength / Ctor.BYTES_PER_ELEMENT)
    }
    return v
  })
}
