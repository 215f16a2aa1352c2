/**
 * TIFF LZW decoder (TIFF 6.0 §13: MSB-first codes, 9–12 bits, "early change").
 *
 * Ours rather than utif2's `_decodeLZW`: that one loops forever on some corrupt streams (a code above the next
 * free entry can make a prefix chain cycle; found by fuzzing, see lzw.test.ts). Here every new entry's prefix
 * is a run already written to the output (copied forward, never chased through a chain), and a code past the
 * table is a `truncated` error.
 */
import { CodedError } from '../../shared/errors'

const CLEAR = 256
const EOI = 257
const AT = new Int32Array(4096)
const LEN = new Int32Array(4096)
let padded = new Uint8Array(1 << 16)

/**
 * Decodes the LZW stream `src` into `out` (stops when `out` is full or at end-of-information).
 * @returns the number of bytes the stream produced (may be less than `out.length` for a short stream)
 * @throws CodedError `truncated` on a code that cannot occur in a valid stream
 */
export function decodeLzw(src: Uint8Array, out: Uint8Array): number {
  // Each table entry is a run already in `out`: entry K = the previous code's string plus one byte, which is
  // exactly where that string was written (start `at[K]`, length `len[K]`). Decoding a code is a forward copy.
  // Tables are shared between calls (decoding is synchronous); entries are always written before they are read.
  const at = AT
  const len = LEN
  // Zero padding lets the 3-byte code reads run to the end without bounds checks (and keeps them monomorphic).
  // (The shared pad buffer grows to 4 MiB at most; larger strips get a temporary one.)
  if (padded.length < src.length + 3 && src.length + 3 <= 4 * 2 ** 20) padded = new Uint8Array(Math.max(src.length + 3, 2 * padded.length))
  const data = padded.length >= src.length + 3 ? padded : new Uint8Array(src.length + 3)
  data.set(src)
  data[src.length] = data[src.length + 1] = data[src.length + 2] = 0
  const outLen = out.length
  const totalBits = src.length * 8
  let bitPos = 0
  let nbits = 9
  let mask = 511
  let next = 258
  let prevAt = -1
  let prevLen = 0
  let pos = 0
  while (pos < outLen && bitPos + nbits <= totalBits) {
    const b = bitPos >>> 3
    const code = (((data[b] << 16) | (data[b + 1] << 8) | data[b + 2]) >>> (24 - (bitPos & 7) - nbits)) & mask
    bitPos += nbits
    if (code === EOI) break
    if (code === CLEAR) {
      nbits = 9
      mask = 511
      next = 258
      prevAt = -1
      continue
    }
    const start = pos
    if (code < 256) out[pos++] = code
    else if (code < next && prevAt >= 0) {
      const from = at[code]
      const n = len[code]
      if (n > 32) out.copyWithin(pos, from, from + n) // entry runs end before `pos`: no overlap
      else for (let k = 0; k < n; k++) out[pos + k] = out[from + k]
      pos += n
    } else if (code === next && prevAt >= 0 && next < 4096) {
      // KwKwK: the previous string followed by its own first byte.
      for (let k = 0; k < prevLen; k++) out[pos + k] = out[prevAt + k]
      out[pos + prevLen] = out[prevAt]
      pos += prevLen + 1
    } else throw corrupt(code)
    if (prevAt >= 0 && next < 4096) {
      at[next] = prevAt
      len[next] = prevLen + 1
      next++
      if (next >= mask && nbits < 12) {
        nbits++
        mask = (1 << nbits) - 1
      }
    }
    prevAt = start
    prevLen = pos - start
  }
  return Math.min(pos, outLen)
}

function corrupt(code: number): CodedError {
  return new CodedError('truncated', `The LZW-compressed data is corrupt (unexpected code ${code}).`)
}
