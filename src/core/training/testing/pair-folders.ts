/** Test helper: writes synthetic sr2x pairs from the data generator as two TIFF folders (low/, high/). */
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { generatePair, type SynthStructure } from '../../data'
import { TiffWriter } from '../../tiff'

/** Options of {@link writePairFolders}. */
export interface PairFolderOptions {
  count: number
  /** Side of the high-quality image (the low one is half). */
  size: number
  structure?: SynthStructure
  photons?: number
  seed?: number
  /** Optics of both images (default: the generator's 520 nm, NA 1.3, those of the shipped models' training data). */
  optics?: { wavelength: number; na: number }
}

/**
 * Writes `root/low/pair-NN.tif` (uint16 camera image, size/2) and `root/high/pair-NN.tif` (float32 target, size).
 * @returns the two folders
 */
export async function writePairFolders(root: string, o: PairFolderOptions): Promise<{ low: string; high: string }> {
  const low = path.join(root, 'low')
  const high = path.join(root, 'high')
  mkdirSync(low, { recursive: true })
  mkdirSync(high, { recursive: true })
  for (let i = 0; i < o.count; i++) {
    const p = generatePair({ task: 'sr2x', structure: o.structure ?? 'mt', width: o.size, height: o.size, photons: o.photons ?? 100, seed: (o.seed ?? 0) * 1000 + i, ...o.optics })
    const name = `pair-${String(i).padStart(2, '0')}.tif`
    for (const [dir, img] of [[low, p.input], [high, p.target]] as const) {
      const w = await TiffWriter.create(path.join(dir, name), { width: img.width, height: img.height, dtype: img.data instanceof Uint16Array ? 'uint16' : 'float32' })
      await w.writePlane(img.data)
      await w.close()
    }
  }
  return { low, high }
}
