/**
 * One step of xoshiro128** (Blackman & Vigna 2018, reference C `xoshiro128starstar.c`): advances the 4-word state in
 * place and returns the next 32-bit output. Shared by the data generator and the engine's resumable RNG so both draw
 * from the same, tested generator.
 * @param s - Uint32Array [4] state, not all zero
 * @returns unsigned 32-bit integer
 */
export function xoshiro128ssNext(s: Uint32Array): number {
  const result = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0
  const t = s[1] << 9
  s[2] ^= s[0]
  s[3] ^= s[1]
  s[1] ^= s[2]
  s[0] ^= s[3]
  s[2] ^= t
  s[3] = rotl(s[3], 11)
  return result
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0
}
