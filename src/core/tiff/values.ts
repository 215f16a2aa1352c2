/** Decoding of TIFF field values (numbers, rationals, ASCII) from raw bytes in either byte order. */
import { CodedError } from '../../shared/errors'

/**
 * Decodes `count` numeric values of field `type` from `bytes`.
 * Rationals become `numerator / denominator`; 64-bit integers beyond 2^53 become `Infinity`
 * (an offset that large fails the later file-length check with `bad-offset`).
 * @throws CodedError `bad-metadata` for an unknown or non-numeric field type
 */
export function decodeNumbers(bytes: Uint8Array, type: number, count: number, littleEndian: boolean): Float64Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const out = new Float64Array(count)
  const le = littleEndian
  switch (type) {
    case 1:
    case 7:
    case 2:
      for (let i = 0; i < count; i++) out[i] = bytes[i]
      break
    case 6:
      for (let i = 0; i < count; i++) out[i] = view.getInt8(i)
      break
    case 3:
      for (let i = 0; i < count; i++) out[i] = view.getUint16(2 * i, le)
      break
    case 8:
      for (let i = 0; i < count; i++) out[i] = view.getInt16(2 * i, le)
      break
    case 4:
    case 13:
      for (let i = 0; i < count; i++) out[i] = view.getUint32(4 * i, le)
      break
    case 9:
      for (let i = 0; i < count; i++) out[i] = view.getInt32(4 * i, le)
      break
    case 5:
      for (let i = 0; i < count; i++) out[i] = view.getUint32(8 * i, le) / view.getUint32(8 * i + 4, le)
      break
    case 10:
      for (let i = 0; i < count; i++) out[i] = view.getInt32(8 * i, le) / view.getInt32(8 * i + 4, le)
      break
    case 11:
      for (let i = 0; i < count; i++) out[i] = view.getFloat32(4 * i, le)
      break
    case 12:
      for (let i = 0; i < count; i++) out[i] = view.getFloat64(8 * i, le)
      break
    case 16:
    case 18:
      for (let i = 0; i < count; i++) out[i] = safeNumber(view.getBigUint64(8 * i, le))
      break
    case 17:
      for (let i = 0; i < count; i++) out[i] = safeNumber(view.getBigInt64(8 * i, le))
      break
    default:
      throw new CodedError('bad-metadata', `A TIFF tag has an unknown field type ${type}.`)
  }
  return out
}

function safeNumber(value: bigint): number {
  const n = Number(value)
  return Number.isSafeInteger(n) ? n : Infinity
}

/** Decodes an ASCII/UTF-8 field, stopping at the first NUL (TIFF strings are NUL-terminated). */
export function decodeString(bytes: Uint8Array): string {
  let end = bytes.indexOf(0)
  if (end < 0) end = bytes.length
  return new TextDecoder('utf-8').decode(bytes.subarray(0, end))
}
