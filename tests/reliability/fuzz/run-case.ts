/**
 * Runs one fuzz case through the public reader: open, then decode every page and resolve every plane of the
 * metadata model. The outcome is a decoded image, a CodedError code, or a bug (anything else, or a decoded
 * raster whose size does not match its header).
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { CodedError } from '../../../src/shared/errors'
import { TiffReader } from '../../../src/core/tiff'
import { mapTiff, type TiffMap } from './tiff-map'

/** What one case ended in. */
export type Outcome = { kind: 'decoded'; pages: number } | { kind: 'error'; code: string } | { kind: 'bug'; error: unknown }

/** The committed TIFF fixtures of src/core/tiff, with their structure maps, sorted by name. */
export function loadFixtures(): { name: string; bytes: Uint8Array; map: TiffMap }[] {
  const dir = join(__dirname, '../../../src/core/tiff/fixtures')
  return readdirSync(dir)
    .filter((n) => n.endsWith('.tif'))
    .sort()
    .map((name) => {
      const bytes = new Uint8Array(readFileSync(join(dir, name)))
      return { name, bytes, map: mapTiff(bytes) }
    })
}

const BYTES_PER: Record<string, number> = { uint8: 1, int8: 1, uint16: 2, int16: 2, uint32: 4, int32: 4, float32: 4, float64: 8 }

/**
 * Opens `bytes` and decodes every page; plane coordinates are resolved to pages (a missing plane is a `truncated`
 * outcome). Pages whose own layout is broken end the case with that page's code.
 */
export async function runCase(bytes: Uint8Array): Promise<Outcome> {
  let reader: TiffReader | undefined
  try {
    reader = await TiffReader.fromBytes(bytes)
    const { sizes } = reader.metadata
    const [T, Z, C] = [sizes.T ?? 1, sizes.Z ?? 1, sizes.C ?? 1]
    if (![T, Z, C].every((n) => Number.isSafeInteger(n) && n >= 1)) return { kind: 'bug', error: new Error(`metadata sizes T=${T} Z=${Z} C=${C}`) }
    for (let t = 0; t < T; t++) for (let z = 0; z < Z; z++) for (let c = 0; c < C; c++) reader.planeIndex({ t, z, c })
    for (let k = 0; k < reader.pageCount; k++) {
      const r = await reader.readPage(k)
      const want = r.width * r.height * r.samples
      if (r.data.length !== want || r.data.BYTES_PER_ELEMENT !== BYTES_PER[r.dtype]) {
        return { kind: 'bug', error: new Error(`page ${k}: ${r.data.length} ${r.dtype} samples for ${r.width}×${r.height}×${r.samples}`) }
      }
    }
    return { kind: 'decoded', pages: reader.pageCount }
  } catch (error) {
    if (error instanceof CodedError) return { kind: 'error', code: error.code }
    return { kind: 'bug', error }
  } finally {
    await reader?.close()
  }
}
