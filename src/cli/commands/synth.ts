import type { Command } from 'commander'
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { CodedError } from '../../shared/errors'
import {
  generatePair,
  pairSeed,
  STRUCTURE_KINDS,
  SYNTH_TASKS,
  type SynthOptions,
  type SynthPair,
  type SynthStructure,
  type SynthTask
} from '../../core/data'
import { TiffWriter } from '../../core/tiff'
import { createProgress } from '../progress'

/** Parsed `cvdm synth` options. */
export interface SynthCommandOptions {
  out: string
  n: number
  task: SynthTask
  structure: SynthStructure
  /** One or more photon levels; pair i uses photons[i mod length]. */
  photons: number[]
  seed: number
  size: number
  overwrite: boolean
}

const bad = (message: string): CodedError => new CodedError('bad-request', message)

/**
 * Checks the raw commander options.
 * @throws CodedError bad-request naming the flag
 */
export function parseSynthOptions(raw: Record<string, string | boolean | undefined>): SynthCommandOptions {
  const int = (name: string, min: number, max: number): number => {
    const v = Number(raw[name])
    if (!Number.isInteger(v) || v < min || v > max) throw bad(`--${name} must be an integer in [${min}, ${max}], got "${String(raw[name])}".`)
    return v
  }
  const task = String(raw.task) as SynthTask
  if (!SYNTH_TASKS.includes(task)) throw bad(`--task must be ${SYNTH_TASKS.join(' | ')}, got "${task}".`)
  const structure = String(raw.structure) as SynthStructure
  if (structure !== 'mix' && !(STRUCTURE_KINDS as readonly string[]).includes(structure)) {
    throw bad(`--structure must be ${[...STRUCTURE_KINDS, 'mix'].join(' | ')}, got "${structure}".`)
  }
  const photons = String(raw.photons).split(',').map(Number)
  if (photons.some((p) => !(p > 0 && Number.isFinite(p)))) throw bad(`--photons must be positive numbers separated by commas, got "${String(raw.photons)}".`)
  if (typeof raw.out !== 'string' || raw.out === '') throw bad('--out <dir> is required.')
  const size = int('size', 16, 4096)
  if (task === 'sr2x' && size % 2 !== 0) throw bad(`--size must be even for sr2x, got ${size}.`)
  return { out: raw.out, n: int('n', 1, 1_000_000), task, structure, photons, seed: int('seed', 0, 2 ** 32 - 1), size, overwrite: raw.overwrite === true }
}

/** Writes one single-plane TIFF with its pixel size (µm) and provenance. */
async function writeImage(
  file: string,
  image: { data: Uint16Array | Float32Array; width: number; height: number; pixelSize: number },
  provenance: Record<string, unknown>,
  overwrite: boolean
): Promise<void> {
  const writer = await TiffWriter.create(file, {
    width: image.width,
    height: image.height,
    dtype: image.data instanceof Uint16Array ? 'uint16' : 'float32',
    physicalSize: { x: image.pixelSize, y: image.pixelSize, unit: 'µm' },
    provenance,
    overwrite
  })
  try {
    await writer.writePlane(image.data)
    await writer.close()
  } catch (error) {
    await writer.abort()
    throw error
  }
}

/** One pair's record in manifest.json (and the --json output line). */
export interface PairRecord {
  index: number
  name: string
  seed: number
  structure: string
  photons: number
  background: number
  snr: number
}

/**
 * Generates `n` pairs into `out/{input,target,ground-truth}/synth-NNNNN.tif` plus `out/manifest.json`.
 * Input: uint16 camera image; target and ground truth: float32. Deterministic from the seed.
 * @param onPair - called after each pair is written
 */
export async function runSynth(o: SynthCommandOptions, onPair: (record: PairRecord) => void): Promise<PairRecord[]> {
  const folders = ['input', 'target', 'ground-truth'] as const
  for (const f of folders) await mkdir(path.join(o.out, f), { recursive: true })
  const records: PairRecord[] = []
  let forwardModel: Omit<SynthOptions, 'seed' | 'photons'> | null = null
  for (let i = 0; i < o.n; i++) {
    const seed = pairSeed(o.seed, i)
    const photons = o.photons[i % o.photons.length]
    const pair: SynthPair = generatePair({ task: o.task, structure: o.structure, width: o.size, height: o.size, photons, seed })
    if (!forwardModel) {
      const { seed: _seed, photons: _photons, ...common } = pair.meta.options
      forwardModel = common
    }
    const name = `synth-${String(i).padStart(5, '0')}.tif`
    const record: PairRecord = { index: i, name, seed, structure: pair.meta.structure, photons, background: pair.meta.background, snr: pair.meta.snr }
    const provenance = { generator: 'cvdm synth', ...record, options: pair.meta.options }
    await writeImage(path.join(o.out, 'input', name), pair.input, { ...provenance, role: 'input' }, o.overwrite)
    await writeImage(path.join(o.out, 'target', name), pair.target, { ...provenance, role: 'target' }, o.overwrite)
    await writeImage(path.join(o.out, 'ground-truth', name), pair.groundTruth, { ...provenance, role: 'ground-truth' }, o.overwrite)
    records.push(record)
    onPair(record)
  }
  const manifest = { generator: 'cvdm synth', command: o, forwardModel, pairs: records }
  await writeFile(path.join(o.out, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n')
  return records
}

/**
 * Registers `cvdm synth`: synthetic BioSR-like training/test pairs (widefield → SIM-like for sr2x, noisy → clean
 * for denoise) as TIFFs with pixel sizes, deterministic from --seed.
 */
export function registerSynthCommand(program: Command): void {
  program
    .command('synth')
    .description('generate synthetic microscopy pairs (input/, target/, ground-truth/ TIFFs + manifest.json), deterministic from --seed')
    .requiredOption('--out <dir>', 'output folder')
    .option('--n <count>', 'number of pairs', '200')
    .option('--task <task>', `${SYNTH_TASKS.join(' | ')}`, 'sr2x')
    .option('--structure <kind>', `${[...STRUCTURE_KINDS, 'mix'].join(' | ')}`, 'mix')
    .option('--photons <n[,n...]>', 'expected signal photons at the brightest input pixel; a list cycles over pairs', '100')
    .option('--seed <seed>', 'seed (integer)', '0')
    .option('--size <px>', 'target width and height (the sr2x input is half)', '256')
    .option('--overwrite', 'replace existing files')
    .option('--json', 'print JSON lines (one per pair, progress, a final summary) instead of a progress bar')
    .action(async (raw: Record<string, string | boolean | undefined>) => {
      const o = parseSynthOptions(raw)
      const progress = createProgress(raw.json === true)
      const t0 = Date.now()
      await runSynth(o, (r) => {
        const done = r.index + 1
        progress.event({ event: 'pair', ...r })
        progress.update(`synth ${done}/${o.n}`, done / o.n, ((Date.now() - t0) / 1000 / done) * (o.n - done))
      })
      progress.done()
      const summary = { event: 'done', out: o.out, pairs: o.n, task: o.task, seconds: (Date.now() - t0) / 1000 }
      if (raw.json) process.stdout.write(JSON.stringify(summary) + '\n')
      else process.stdout.write(`wrote ${o.n} ${o.task} pairs to ${o.out} in ${summary.seconds.toFixed(1)} s\n`)
    })
}
