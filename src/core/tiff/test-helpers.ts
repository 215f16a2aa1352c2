/** Helpers shared by the TIFF tests (not part of the public API). */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { PixelArray } from './types'

/** Folder of the committed fixtures. */
export const FIXTURES = join(__dirname, 'fixtures')

/** One manifest entry (see fixtures/make-fixtures.py). */
export interface FixtureEntry {
  bytes: number
  sha256: string
  pages?: { shape: number[]; dtype: string; sha256: string }[]
}

/** Loads fixtures/manifest.json. */
export function loadManifest(): Record<string, FixtureEntry> {
  return (JSON.parse(readFileSync(join(FIXTURES, 'manifest.json'), 'utf8')) as { files: Record<string, FixtureEntry> }).files
}

/** sha256 of bytes or of a typed array's bytes (host order = little-endian). */
export function sha256(data: PixelArray | Uint8Array): string {
  return createHash('sha256').update(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)).digest('hex')
}

/** Reads a committed fixture. */
export function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(join(FIXTURES, name)))
}

/**
 * Returns a copy of a classic little-endian TIFF with tag `tag` of IFD 0 changed: its inline value set to
 * `value` (SHORT or LONG), or its tag number set to `renameTo`.
 */
export function patchTag(bytes: Uint8Array, tag: number, change: { value?: number; renameTo?: number; type?: number }): Uint8Array {
  const out = bytes.slice()
  const v = new DataView(out.buffer)
  const ifd = v.getUint32(4, true)
  const n = v.getUint16(ifd, true)
  for (let i = 0; i < n; i++) {
    const p = ifd + 2 + 12 * i
    if (v.getUint16(p, true) !== tag) continue
    if (change.renameTo !== undefined) v.setUint16(p, change.renameTo, true)
    if (change.type !== undefined) v.setUint16(p + 2, change.type, true)
    if (change.value !== undefined) {
      if (v.getUint16(p + 2, true) === 3) v.setUint16(p + 8, change.value, true)
      else v.setUint32(p + 8, change.value, true)
    }
    return out
  }
  throw new Error(`tag ${tag} not in IFD 0`)
}

/** Offset of IFD `k` and of its next-IFD pointer in a classic little-endian TIFF. */
export function ifdOffsets(bytes: Uint8Array): { ifd: number; nextAt: number }[] {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const out: { ifd: number; nextAt: number }[] = []
  for (let ifd = v.getUint32(4, true); ifd !== 0; ) {
    const nextAt = ifd + 2 + 12 * v.getUint16(ifd, true)
    out.push({ ifd, nextAt })
    ifd = v.getUint32(nextAt, true)
  }
  return out
}
