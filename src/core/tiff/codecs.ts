/**
 * Decompression of one strip or tile: none, LZW (ours), PackBits (utif2), Deflate (Node's zlib: measured 4.5×
 * faster than fflate on 2 MB strips here, see bench/RESULTS.md).
 */
import { inflateRawSync, inflateSync } from 'node:zlib'
import { CodedError } from '../../shared/errors'
import { decodeLzw } from './lzw'
import type { CompressionName } from './types'

// utif2 ships no usable types for its decoder internals; this is the one function we call.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const UTIF = require('utif2') as {
  decode: { _decodePackBits(data: Uint8Array, off: number, len: number, tgt: Uint8Array, toff: number): number }
}

/**
 * Decompresses `raw` into `target`, which must be exactly the expected decoded size of the chunk.
 * Extra decoded bytes are dropped (as libtiff does); too few are an error, never silent zeros.
 * @param what - the chunk, for messages ("strip 3 of page 0")
 * @throws CodedError `truncated` when the data is corrupt or decodes to fewer bytes than the layout needs
 */
export function decompressInto(raw: Uint8Array, compression: CompressionName, target: Uint8Array, what: string): void {
  let produced: number
  switch (compression) {
    case 'none':
      if (raw.length < target.length) throw short(what, raw.length, target.length)
      if (raw !== target) target.set(raw.subarray(0, target.length))
      return
    case 'lzw':
      produced = decodeLzw(raw, target)
      break
    case 'packbits': {
      // utif2 indexes `tgt.buffer` from `toff` and `data.buffer` from `off`: give it a private target buffer.
      const scratch = target.byteOffset === 0 && target.length === target.buffer.byteLength ? target : new Uint8Array(target.length)
      produced = UTIF.decode._decodePackBits(raw, raw.byteOffset, raw.length, scratch, 0)
      if (scratch !== target) target.set(scratch)
      break
    }
    case 'deflate':
      produced = inflate(raw, target, what)
      break
  }
  if (produced < target.length) throw short(what, produced, target.length)
}

function inflate(raw: Uint8Array, target: Uint8Array, what: string): number {
  try {
    // Compression 8/32946 is a zlib stream; a few writers store raw deflate, so fall back to that.
    const isZlib = raw.length >= 2 && (raw[0] & 0x0f) === 8 && ((raw[0] << 8) | raw[1]) % 31 === 0
    const out = isZlib ? inflateSync(raw) : inflateRawSync(raw)
    const n = Math.min(out.length, target.length)
    target.set(out.subarray(0, n))
    return n
  } catch (error) {
    throw new CodedError('truncated', `The Deflate-compressed ${what} is corrupt: ${(error as Error).message}.`, { cause: error })
  }
}

function short(what: string, got: number, need: number): CodedError {
  return new CodedError('truncated', `The ${what} holds ${got} bytes of pixel data but its size needs ${need}: the file is truncated or corrupt.`)
}

/** Largest plausible decoded/encoded size ratio per codec, to refuse lying headers before allocating. */
export const MAX_RATIO: Record<CompressionName, number> = { none: 1, packbits: 64, lzw: 4096, deflate: 1032 }
