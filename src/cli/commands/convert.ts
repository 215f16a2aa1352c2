import { resolve } from 'node:path'
import type { Command } from 'commander'
import { CodedError } from '../../shared/errors'
import { TiffReader, TiffWriter, type ChannelInfo, type PixelArray, type Raster, type WritableDType } from '../../core/tiff'
import { readAppIdentity } from '../app-identity'
import { createProgress } from '../progress'

/** Options of `cvdm convert`. */
export interface ConvertOptions {
  dtype?: 'uint16' | 'float32'
  compress?: 'deflate'
  ome?: boolean
  force?: boolean
  json?: boolean
}

const WRITABLE: readonly string[] = ['uint8', 'uint16', 'int16', 'float32']
const ARRAYS = { uint8: Uint8Array, uint16: Uint16Array, int16: Int16Array, float32: Float32Array }
const RANGE = { uint8: [0, 255], uint16: [0, 65535], int16: [-32768, 32767], float32: [-Infinity, Infinity] }

/** Registers `cvdm convert <in> <out>`: re-writes any readable TIFF as a clean ImageJ (or OME) TIFF. */
export function registerConvertCommand(program: Command): void {
  program
    .command('convert')
    .argument('<in>', 'a readable TIFF (any byte order, compression, layout)')
    .argument('<out>', 'the TIFF to write (refuses to overwrite without --force, never the input)')
    .description('re-write a TIFF as a clean ImageJ-compatible (or OME) TIFF with the same pixel values and calibration')
    .option('--dtype <type>', 'store as uint16 or float32 (refused when a value would change)')
    .option('--compress <codec>', 'compress with deflate (+ predictor)')
    .option('--ome', 'write OME-XML metadata instead of the ImageJ description')
    .option('--force', 'replace <out> if it exists')
    .option('--json', 'print a JSON summary line')
    .action(async (input: string, output: string, options: ConvertOptions) => {
      const progress = createProgress(!!options.json)
      const summary = await convertTiff(input, output, options, (done, total) => progress.update('convert', done / total))
      progress.done()
      process.stdout.write(options.json ? JSON.stringify({ event: 'done', ...summary }) + '\n' : `wrote ${summary.output}: ${summary.axes} ${summary.dtype}, ${summary.planes} planes\n`)
    })
}

/**
 * Converts `input` to `output` one plane at a time (memory: one plane). RGB samples become channels.
 * @param onProgress - called after each plane with (planes written, total planes)
 * @throws CodedError `bad-request` (bad option, same file, lossy dtype), reader and writer errors
 */
export async function convertTiff(
  input: string,
  output: string,
  options: ConvertOptions,
  onProgress?: (done: number, total: number) => void
): Promise<{ output: string; axes: string; dtype: string; planes: number }> {
  if (options.dtype && options.dtype !== 'uint16' && options.dtype !== 'float32') throw new CodedError('bad-request', `--dtype must be uint16 or float32, got "${options.dtype}".`)
  if (options.compress && options.compress !== 'deflate') throw new CodedError('bad-request', `--compress must be deflate, got "${options.compress}".`)
  if (resolve(input) === resolve(output)) throw new CodedError('bad-request', 'The output must be a new file, not the input.')
  const reader = await TiffReader.open(input)
  try {
    const m = reader.metadata
    const dtype = targetDtype(m.dtype, options.dtype)
    const [T, Z, C, S] = [m.sizes.T ?? 1, m.sizes.Z ?? 1, m.sizes.C ?? 1, m.sizes.S ?? 1]
    const channels: ChannelInfo[] = Array.from({ length: C * S }, (_, i) => (S > 1 ? {} : (m.channels[i] ?? {})))
    const writer = await TiffWriter.create(output, {
      width: m.sizes.X!, height: m.sizes.Y!, dtype, sizes: { t: T, z: Z, c: C * S }, physicalSize: m.physicalSize, timeInterval: m.timeInterval,
      channels, compression: options.compress ?? 'none', format: options.ome ? 'ome' : 'imagej', overwrite: !!options.force,
      software: `CVDM Studio ${readAppIdentity().version}`, provenance: { tool: 'cvdm convert', source: resolve(input), sourceMetadata: m.source }
    })
    try {
      for (let t = 0; t < T; t++) {
        for (let z = 0; z < Z; z++) {
          for (let c = 0; c < C; c++) {
            const raster = await reader.readPlane({ t, z, c })
            for (let s = 0; s < S; s++) await writer.writePlane(toPlane(raster, s, dtype, { t, z, c }))
            onProgress?.(writer.written, T * Z * C * S)
          }
        }
      }
      await writer.close()
    } catch (error) {
      await writer.abort()
      throw error
    }
    const axes = `${T > 1 ? 'T' : ''}${Z > 1 ? 'Z' : ''}${C * S > 1 ? 'C' : ''}YX`
    return { output, axes, dtype, planes: T * Z * C * S }
  } finally {
    await reader.close()
  }
}

function targetDtype(source: string, requested: WritableDType | undefined): WritableDType {
  if (requested) return requested
  if (WRITABLE.includes(source)) return source as WritableDType
  if (source === 'int8') return 'int16'
  throw new CodedError('unsupported-sample-format', `${source} samples can't be stored as they are; pass --dtype float32 (or uint16) and convert checks that no value changes.`)
}

/** Sample `s` of `raster` as a plane of `dtype`, refusing any value that would change. */
function toPlane(raster: Raster, s: number, dtype: WritableDType, at: { t: number; z: number; c: number }): PixelArray {
  const n = raster.width * raster.height
  const out = new ARRAYS[dtype](n)
  const src = raster.data
  const step = raster.samples
  const [lo, hi] = RANGE[dtype]
  for (let i = 0, j = s; i < n; i++, j += step) {
    const v = src[j]
    out[i] = v
    if (out[i] !== v && !(Number.isNaN(v) && dtype === 'float32')) {
      if (v < lo || v > hi || dtype !== 'float32' || Math.fround(v) !== v) {
        throw new CodedError('bad-request', `Value ${v} at t=${at.t} z=${at.z} c=${at.c} can't be stored as ${dtype} exactly; choose another --dtype.`)
      }
    }
  }
  return out
}
