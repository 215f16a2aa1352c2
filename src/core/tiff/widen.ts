/** Sample widening after decode: float16 → float32 and 1-bit rows → one uint8 (0/1) per pixel. */
import type { DType, PixelArray } from './types'

/** Converts host-order IEEE half floats to float32. */
export function halfToFloat(src: Uint16Array): Float32Array {
  const out = new Float32Array(src.length)
  for (let i = 0; i < src.length; i++) {
    const h = src[i]
    const sign = h & 0x8000 ? -1 : 1
    const exp = (h >>> 10) & 0x1f
    const frac = h & 0x3ff
    if (exp === 0) out[i] = sign * frac * 2 ** -24
    else if (exp === 31) out[i] = frac ? NaN : sign * Infinity
    else out[i] = sign * (1 + frac / 1024) * 2 ** (exp - 15)
  }
  return out
}

/** Unpacks MSB-first bit rows (`ceil(width / 8)` bytes each) into one byte per pixel. */
export function unpackBits(src: Uint8Array, width: number, height: number): Uint8Array {
  const rowBytes = Math.ceil(width / 8)
  const out = new Uint8Array(width * height)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) out[y * width + x] = (src[y * rowBytes + (x >>> 3)] >>> (7 - (x & 7))) & 1
  }
  return out
}

/** Views `bytes` (host order, aligned) as the typed array of `dtype`. */
export function typedView(bytes: Uint8Array, dtype: DType): PixelArray {
  const { buffer, byteOffset: o, byteLength: n } = bytes
  switch (dtype) {
    case 'uint8':
      return bytes
    case 'int8':
      return new Int8Array(buffer, o, n)
    case 'uint16':
      return new Uint16Array(buffer, o, n / 2)
    case 'int16':
      return new Int16Array(buffer, o, n / 2)
    case 'uint32':
      return new Uint32Array(buffer, o, n / 4)
    case 'int32':
      return new Int32Array(buffer, o, n / 4)
    case 'float32':
      return new Float32Array(buffer, o, n / 4)
    case 'float64':
      return new Float64Array(buffer, o, n / 8)
  }
}
