import type { Command } from 'commander'
import { initBackend, presetParameterCounts, resolveBackendRequest } from '../../core/engine'
import { collectAppInfo } from '../../core/system'
import { TiffReader, type ImageMetadata } from '../../core/tiff'
import { readAppIdentity } from '../app-identity'
import { formatAppInfo, table } from '../format'

/**
 * Registers `cvdm info [file]`. Without a file: versions, platform, active backend (and why better ones were
 * skipped), where restores run their networks (onnxruntime or the tfjs backend), CPU, memory. With a TIFF file: its metadata model (axes, sizes, dtype, calibration, channels).
 */
export function registerInfoCommand(program: Command): void {
  program
    .command('info')
    .argument('[file]', 'a TIFF file to describe (axes, sizes, dtype, pixel size, channels)')
    .description('show versions, the active compute backend (and why better ones were skipped), CPU and memory; or describe a TIFF file')
    .option('--json', 'print JSON instead of a table')
    .action(async (file: string | undefined, options: { json?: boolean }) => {
      if (file) {
        const summary = await describeTiff(file)
        process.stdout.write(options.json ? JSON.stringify(summary, null, 2) + '\n' : formatTiffSummary(summary) + '\n')
        return
      }
      const { backend } = program.opts<{ backend?: string }>()
      const info = collectAppInfo(readAppIdentity(), 'cli', await initBackend(resolveBackendRequest(backend)))
      // cvdm-paper (≈127 M parameters) is left out: building it just to count takes ~20 s on 2 cores.
      const presets = Object.fromEntries((['cvdm-xs', 'cvdm-s'] as const).map((p) => [p, presetParameterCounts(p)]))
      if (options.json) {
        process.stdout.write(JSON.stringify({ ...info, presets }, null, 2) + '\n')
        return
      }
      const presetRows = Object.entries(presets).map(([p, c]): [string, string] => [
        `preset ${p}`,
        `${(c.total / 1e6).toFixed(2)} M parameters (denoiser ${(c.denoiser / 1e6).toFixed(2)} M, schedule net ${(c.scheduleNet / 1e3).toFixed(0)} k, time nets ${(c.timeNets / 1e3).toFixed(1)} k)`
      ])
      process.stdout.write(formatAppInfo(info) + '\n' + table(presetRows) + '\n')
    })
}

/** What `cvdm info <file>` reports: the metadata model plus container facts (LUTs summarized by their top color). */
export interface TiffSummary {
  file: string
  container: { bigTiff: boolean; byteOrder: 'little-endian' | 'big-endian'; pages: number; compression: string; predictor: number; layout: string }
  metadata: Omit<ImageMetadata, 'channels'> & { channels: { name?: string; displayRange?: [number, number]; lutColor?: [number, number, number] }[] }
}

/** Opens `file` (reading only its IFDs and metadata) and summarizes it. Throws the reader's CodedErrors. */
export async function describeTiff(file: string): Promise<TiffSummary> {
  const reader = await TiffReader.open(file)
  try {
    const page = reader.pageInfo(0)
    const m = reader.metadata
    const channels = m.channels.map(({ lut, ...rest }) => (lut ? { ...rest, lutColor: [lut[255], lut[511], lut[767]] as [number, number, number] } : rest))
    return {
      file,
      container: {
        bigTiff: reader.bigTiff, byteOrder: reader.littleEndian ? 'little-endian' : 'big-endian', pages: reader.pageCount,
        compression: page.compression, predictor: page.predictor,
        layout: `${page.tile ? `tiles ${page.tile.width}×${page.tile.height}` : `strips of ${page.rowsPerStrip} rows`}, ${page.planarConfig === 2 ? 'planar' : 'chunky'}`
      },
      metadata: { ...m, channels }
    }
  } finally {
    await reader.close()
  }
}

/** The human-readable form of `cvdm info <file>`. */
export function formatTiffSummary(s: TiffSummary): string {
  const m = s.metadata
  const ps = m.physicalSize
  const unit = ps.unit ?? ''
  const rows: [string, string][] = [
    ['file', s.file],
    ['container', `${s.container.bigTiff ? 'BigTIFF' : 'TIFF'}, ${s.container.byteOrder}, ${s.container.pages} page${s.container.pages === 1 ? '' : 's'}`],
    ['storage', `${s.container.compression}${s.container.predictor > 1 ? ` (predictor ${s.container.predictor})` : ''}, ${s.container.layout}`],
    ['metadata', m.source === 'imagej' ? 'ImageJ' : m.source === 'ome' ? 'OME-XML' : 'plain TIFF tags'],
    ['axes', `${m.axes}  (${[...m.axes].map((a) => `${a}=${m.sizes[a as keyof typeof m.sizes]}`).join(' ')})`],
    ['dtype', m.dtype],
    ['pixel size', ps.x !== undefined ? `${ps.x} × ${ps.y ?? ps.x} ${unit}` : 'not calibrated'],
    ...(ps.z !== undefined ? [['z spacing', `${ps.z} ${unit}`] as [string, string]] : []),
    ...(m.timeInterval !== undefined ? [['time interval', `${m.timeInterval} s`] as [string, string]] : []),
    ...m.channels.flatMap((c, i): [string, string][] => {
      const parts = [c.name, c.displayRange && `display ${c.displayRange[0]}–${c.displayRange[1]}`, c.lutColor && `LUT rgb(${c.lutColor.join(',')})`].filter(Boolean)
      return parts.length ? [[`channel ${i}`, parts.join(', ')]] : []
    }),
    ...(m.software ? [['software', m.software] as [string, string]] : []),
    ...m.warnings.map((w): [string, string] => ['warning', w])
  ]
  return table(rows)
}
