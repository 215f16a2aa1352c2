import { describe, expect, it } from 'vitest'
import { CodedError } from '../../shared/errors'
import { IfdReader } from './ifd'
import { bufferSource } from './byte-source'
import { decodeLzw } from './lzw'
import { fixture } from './test-helpers'

// eslint-disable-next-line @typescript-eslint/no-require-imports
const UTIF = require('utif2') as { decode: { _decodeLZW(d: Uint8Array, off: number, len: number, t: Uint8Array, toff: number, bits: number): number } }

describe('decodeLzw', () => {
  it('decodes every strip of the LZW fixtures exactly like utif2', async () => {
    for (const name of ['lzw_u8.tif', 'lzw_u16_pred2.tif', 'lzw_f64_pred3.tif', 'lzw_rgb_u16_planar_pred2.tif']) {
      const bytes = fixture(name)
      const reader = new IfdReader(bufferSource(bytes))
      const ifds = await reader.readChain(await reader.readHeader())
      for (const ifd of ifds) {
        const offsets = await reader.numbers(ifd.entries.get(273)!)
        const counts = await reader.numbers(ifd.entries.get(279)!)
        for (let i = 0; i < offsets.length; i++) {
          const raw = bytes.slice(offsets[i], offsets[i] + counts[i])
          const ours = new Uint8Array(1 << 16)
          const theirs = new Uint8Array(1 << 16)
          const n = decodeLzw(raw, ours)
          const m = UTIF.decode._decodeLZW(raw, 0, raw.length, theirs, 0, 8)
          expect(n).toBe(m)
          expect(Buffer.from(ours).equals(Buffer.from(theirs))).toBe(true)
        }
      }
    }
  })

  it('never hangs on corrupt streams (utif2’s decoder loops forever on some of these)', () => {
    let seed = 1
    const rnd = (): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed / 0x7fffffff)
    let threw = 0
    for (let it = 0; it < 3000; it++) {
      const src = Uint8Array.from({ length: 1 + Math.floor(rnd() * 2000) }, () => rnd() * 256)
      if (rnd() < 0.5) src[0] = 0x80 // a clear code first, as real streams start
      try {
        const n = decodeLzw(src, new Uint8Array(16384))
        expect(n).toBeLessThanOrEqual(16384)
      } catch (error) {
        expect((error as CodedError).code).toBe('truncated')
        threw++
      }
    }
    expect(threw).toBeGreaterThan(0)
  })
})
