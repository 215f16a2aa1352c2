/**
 * Synthetic microscopy pairs, deterministic from a seed. Forward model, on the target's pixel grid:
 * structure density → ∗ pixel-integrated Airy PSF (widefield, NA) and ∗ SIM-like PSF (NA·simGain), both in one
 * packed FFT convolution (structures drawn over the field plus one PSF radius, zero-padded to a power of two)
 * → crop → widefield binned 2×2 (sr2x) onto the camera grid → scaled so that the brightest input pixel expects
 * `photons` photoelectrons → background, Poisson, read noise, gain, offset, uint16 ({@link applyCamera}).
 * The target is noise-free, in the same photoelectron scale per input-pixel area, so input and target share units
 * apart from background and offset. For `denoise` the target is the noise-free widefield image on the same grid.
 */
import { applyCamera, statedSnr } from './camera'
import { convolveTwo } from './convolve'
import { nextPowerOfTwo } from './fft'
import { airyKernel, type PsfKernel } from './psf'
import { createRng, seedToUint32 } from './random'
import { createCanvas, renderStructure, STRUCTURE_KINDS, type StructureKind } from './structures'
import { type SynthOptions, validateSynthOptions } from './synth-options'

/** A 2-D image: row-major `data` of width×height pixels of `pixelSize` µm. */
export interface Image2D<T extends ArrayLike<number> = Float32Array> {
  data: T
  width: number
  height: number
  /** Pixel size in the sample (µm). */
  pixelSize: number
}

/** One generated pair with its ground truth and the facts needed to check or reproduce it. */
export interface SynthPair {
  /** Camera image (ADU, uint16) on the input grid. */
  input: Image2D<Uint16Array>
  /** Noise-free target (photoelectrons per input-pixel area, ≥ 0) on the target grid. */
  target: Image2D<Float32Array>
  /** Structure density on the target grid, scaled to [0, 1]. */
  groundTruth: Image2D<Float32Array>
  /** Expected signal photoelectrons of the input without background and offset (the noise-free input). */
  inputSignal: Float32Array
  meta: {
    options: SynthOptions
    /** The structure actually drawn (resolves `mix`). */
    structure: StructureKind
    /** Background photoelectrons per input pixel. */
    background: number
    /** Stated SNR at the brightest input pixel, {@link statedSnr}(photons, background). */
    snr: number
    /** Widefield and SIM-like effective NA. */
    na: number
    simNa: number
  }
}

const kernelCache = new Map<string, PsfKernel>()

function cachedAiry(wavelength: number, na: number, pixelSize: number, extent: number): PsfKernel {
  const key = `${wavelength}/${na}/${pixelSize}/${extent}`
  let k = kernelCache.get(key)
  if (!k) {
    if (kernelCache.size > 16) kernelCache.clear()
    k = airyKernel({ wavelength, na, pixelSize, extent })
    kernelCache.set(key, k)
  }
  return k
}

/** murmur3's 32-bit finalizer (Appleby, MurmurHash3 `fmix32`): a bijective avalanche mix. */
function fmix32(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b)
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35)
  return (h ^ (h >>> 16)) >>> 0
}

/**
 * Seed of the `index`-th pair of a set, so sets can be generated in any order or in parallel. Hashed (not
 * seed + k·φ, which would make neighbouring pairs' splitmix streams overlap); distinct indices give distinct seeds.
 */
export function pairSeed(seed: number | string, index: number): number {
  return fmix32(seedToUint32(seed) ^ fmix32((index + 0x632be5ab) >>> 0))
}

/**
 * Generates one input/target pair (a 256² pair takes ~50–90 ms in Node 20 on a 2-core machine;
 * PSF kernels and their spectra are cached between calls).
 * @param options - partial options over {@link DEFAULT_SYNTH_OPTIONS}
 * @throws CodedError `bad-request` for invalid options
 */
export function generatePair(options: Partial<SynthOptions> = {}): SynthPair {
  const o = validateSynthOptions(options)
  const rng = createRng(o.seed)
  const structure: StructureKind = o.structure === 'mix' ? STRUCTURE_KINDS[rng.int(STRUCTURE_KINDS.length)] : o.structure
  const structureRng = rng.fork()
  const noiseRng = rng.fork()
  const factor = o.task === 'sr2x' ? 2 : 1
  const px = o.inputPixelSize / factor
  const simNa = o.na * o.simGain
  const extent = (3 * o.wavelength) / o.na
  const wf = cachedAiry(o.wavelength, o.na, px, extent)
  const targetKernel = o.task === 'sr2x' ? cachedAiry(o.wavelength, simNa, px, extent / o.simGain) : wf

  const { width, height } = o
  // Structures are drawn only where they can reach the field through the PSF (field + one PSF radius on each side);
  // the power-of-two FFT grid beyond that stays empty, so the circular convolution never wraps into the field.
  const margin = wf.radius
  const canvas = createCanvas(width + 2 * margin, height + 2 * margin, px)
  renderStructure(structure, canvas, structureRng)
  const padW = nextPowerOfTwo(canvas.width)
  const padH = nextPowerOfTwo(canvas.height)
  const grid = new Float64Array(padW * padH)
  for (let y = 0; y < canvas.height; y++) grid.set(canvas.data.subarray(y * canvas.width, (y + 1) * canvas.width), y * padW)
  const [blurWf, blurTarget] = convolveTwo(grid, padW, padH, wf, targetKernel)

  const ox = margin
  const oy = margin
  const inW = width / factor
  const inH = height / factor
  const binned = new Float64Array(inW * inH)
  const gt = new Float32Array(width * height)
  const target = new Float32Array(width * height)
  let gtMax = 0
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const src = (y + oy) * padW + x + ox
      const g = grid[src]
      gt[y * width + x] = g
      if (g > gtMax) gtMax = g
      target[y * width + x] = Math.max(0, blurTarget[src])
      binned[Math.floor(y / factor) * inW + Math.floor(x / factor)] += Math.max(0, blurWf[src])
    }
  }
  let inMax = 0
  for (const v of binned) if (v > inMax) inMax = v
  const scale = inMax > 0 ? o.photons / inMax : 0
  const signal = new Float32Array(inW * inH)
  for (let i = 0; i < signal.length; i++) signal[i] = binned[i] * scale
  for (let i = 0; i < target.length; i++) target[i] *= scale * factor * factor
  if (gtMax > 0) for (let i = 0; i < gt.length; i++) gt[i] /= gtMax

  const background = o.backgroundFraction * o.photons
  return {
    input: { data: applyCamera(signal, background, o.camera, noiseRng), width: inW, height: inH, pixelSize: o.inputPixelSize },
    target: { data: target, width, height, pixelSize: px },
    groundTruth: { data: gt, width, height, pixelSize: px },
    inputSignal: signal,
    meta: { options: o, structure, background, snr: statedSnr(o.photons, background, o.camera), na: o.na, simNa }
  }
}
