/**
 * Pair discovery for fine-tuning: two folders of TIFFs (low-quality inputs, high-quality targets) matched by file
 * name. Matching rule (kept simple on purpose): the same stem, with `.tif` and `.tiff` interchangeable in either
 * folder (`cell01.tif` ↔ `cell01.tiff`), case-sensitive; nothing else is stripped or guessed. Every file that can't
 * be used becomes a {@link PairProblem} (no partner, wrong size ratio, unreadable, not a single 2-D plane), and
 * every usable pair at least {@link MIN_REGISTRATION_SIDE} px on a side gets a phase-correlation registration check
 * (flagged when its shift exceeds 1 px).
 */
import { promises as fs } from 'node:fs'
import path from 'node:path'
import { CodedError, toErrorInfo } from '../../shared/errors'
import type { ImagePair, PairProblem, PairReport } from '../../shared/finetune'
import { upsampleBicubic } from '../restore'
import { TiffReader } from '../tiff'
import { phaseCorrelationShift } from './registration'

/** Pairs whose registration shift is larger than this (high-res pixels) are flagged. */
export const MAX_SHIFT_PX = 1
/**
 * Smallest high-quality side checked for registration: below it a 2× pair holds too little structure for a
 * reliable correlation peak (noisy 64² synthetic pairs gave false peaks, 128² ones none).
 */
export const MIN_REGISTRATION_SIDE = 128

const TIFF_EXT = /\.tiff?$/i

/** A single-plane image read for training or checking. */
export interface PlaneImage {
  data: Float32Array | Uint16Array | Uint8Array | Int16Array
  width: number
  height: number
}

/**
 * Reads the one plane of a single-plane, single-channel TIFF.
 * @throws CodedError from the reader (`not-tiff`, `truncated`, …) or `unsupported-layout` for stacks and RGB
 */
export async function readSinglePlane(file: string): Promise<PlaneImage> {
  const reader = await TiffReader.open(file)
  try {
    const page = reader.pageInfo(0)
    if (page.samples !== 1) throw new CodedError('unsupported-layout', `${path.basename(file)} is RGB; training uses single-channel images.`)
    if (reader.metadata.planeCount !== 1) {
      throw new CodedError('unsupported-layout', `${path.basename(file)} has ${reader.metadata.planeCount} planes; training pairs must be single 2-D images (save each plane as its own file).`)
    }
    const raster = await reader.readPlane({ t: 0, z: 0, c: 0 })
    return { data: raster.data as PlaneImage['data'], width: page.width, height: page.height }
  } finally {
    await reader.close()
  }
}

async function tiffsIn(dir: string): Promise<Map<string, string[]>> {
  let names: string[]
  try {
    names = await fs.readdir(dir)
  } catch (error) {
    throw new CodedError('not-found', `The folder ${dir} can't be read (${(error as Error).message}).`, { cause: error })
  }
  const byStem = new Map<string, string[]>()
  for (const name of names.sort()) {
    if (name.startsWith('.') || !TIFF_EXT.test(name)) continue
    const stem = name.replace(TIFF_EXT, '')
    byStem.set(stem, [...(byStem.get(stem) ?? []), path.join(dir, name)])
  }
  return byStem
}

/** Reads a plane, or records why it can't be used. */
async function readOrReport(file: string, problems: PairProblem[]): Promise<PlaneImage | undefined> {
  try {
    return await readSinglePlane(file)
  } catch (error) {
    const info = toErrorInfo(error)
    problems.push({ file, code: info.code, message: info.message })
    return undefined
  }
}

/** Integer ratio of high to low size (same along both axes), or undefined. */
function ratioOf(low: PlaneImage, high: PlaneImage): number | undefined {
  const r = high.width / low.width
  return Number.isInteger(r) && r >= 1 && high.height === low.height * r ? r : undefined
}

/** Shift of high vs bicubic-upsampled low, in high-res pixels. */
export function registrationShift(low: PlaneImage, high: PlaneImage, scale: number): { dx: number; dy: number } {
  const up = upsampleBicubic(Float32Array.from(low.data), low.width, low.height, scale)
  const { dx, dy } = phaseCorrelationShift(up, Float32Array.from(high.data), high.width, high.height, { lowPassSigma: 0.2 / scale })
  return { dx: Math.round(dx * 100) / 100, dy: Math.round(dy * 100) / 100 }
}

/**
 * Matches `lowDir` and `highDir` by file name and checks every pair.
 * @param options.scaleFactor - required high/low size ratio (default: the ratio most pairs have)
 * @returns pairs sorted by name, and problems (files that can't be used, with a code and a message for people)
 * @throws CodedError `not-found` when a folder can't be read
 */
export async function discoverPairs(lowDir: string, highDir: string, options: { scaleFactor?: number } = {}): Promise<PairReport> {
  const lows = await tiffsIn(lowDir)
  const highs = await tiffsIn(highDir)
  const problems: PairProblem[] = []
  const loaded: { name: string; low: string; high: string; lowImg: PlaneImage; highImg: PlaneImage }[] = []
  for (const files of [...lows.values(), ...highs.values()]) {
    if (files.length > 1) problems.push({ file: files[1], code: 'duplicate-name', message: `${files.join(' and ')} have the same name; keep one of them.` })
  }
  for (const [stem, [file]] of highs) {
    if (!lows.has(stem)) problems.push({ file, code: 'no-partner', message: `No low-quality image named ${stem}.tif in ${lowDir}.` })
  }
  for (const [stem, [low]] of lows) {
    const high = highs.get(stem)?.[0]
    if (!high) {
      problems.push({ file: low, code: 'no-partner', message: `No high-quality image named ${stem}.tif in ${highDir}.` })
      continue
    }
    const lowImg = await readOrReport(low, problems)
    const highImg = await readOrReport(high, problems)
    if (lowImg && highImg) loaded.push({ name: stem, low, high, lowImg, highImg })
  }
  const counts = new Map<number, number>()
  for (const p of loaded) {
    const r = ratioOf(p.lowImg, p.highImg)
    if (r) counts.set(r, (counts.get(r) ?? 0) + 1)
  }
  const scale = options.scaleFactor ?? [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0] ?? 1
  const pairs: ImagePair[] = []
  for (const p of loaded) {
    const { lowImg: l, highImg: h } = p
    if (h.width !== l.width * scale || h.height !== l.height * scale) {
      problems.push({
        file: p.high,
        code: 'size-ratio',
        message: `${p.name}: high-quality image is ${h.width}×${h.height}, expected ${l.width * scale}×${l.height * scale} (${scale}× the low-quality ${l.width}×${l.height}).`
      })
      continue
    }
    const shift = Math.min(h.width, h.height) >= MIN_REGISTRATION_SIDE ? registrationShift(l, h, scale) : undefined
    const flagged = shift !== undefined && Math.hypot(shift.dx, shift.dy) > MAX_SHIFT_PX
    pairs.push({ name: p.name, low: p.low, high: p.high, width: l.width, height: l.height, ...(shift ? { shift } : {}), flagged })
  }
  pairs.sort((a, b) => (a.name < b.name ? -1 : 1))
  return { pairs, problems }
}
