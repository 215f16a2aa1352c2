import type { Command } from 'commander'
import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { CodedError } from '../../shared/errors'
import { TiffReader } from '../../core/tiff'
import { renderMontage, upsampleBicubic, type MontagePanel } from '../../core/restore'
import { PACKAGE_ROOT } from '../app-identity'
import { runRestore, withRestoreOptions, type RestoreCliOptions } from './predict'

/** The shipped demo image: synthetic widefield microtubules, 256² (restored to 512²), 62.6 nm pixels (see resources/samples/README.md). */
export const DEMO_SAMPLE = path.join(PACKAGE_ROOT, 'resources', 'samples', 'demo-widefield.tif')

async function readFirstPlane(file: string): Promise<{ data: Float32Array; width: number; height: number }> {
  const reader = await TiffReader.open(file)
  try {
    const raster = await reader.readPlane({})
    return { data: Float32Array.from(raster.data as ArrayLike<number>), width: raster.width, height: raster.height }
  } finally {
    await reader.close()
  }
}

/** Registers `cvdm demo`: restore the shipped sample with the default model and write a montage PNG. */
export function registerDemoCommand(program: Command): void {
  withRestoreOptions(
    program
      .command('demo')
      .description('restore the shipped sample with the default model; writes the outputs and a montage (input | restored | uncertainty)')
      .option('-o, --out <dir>', 'output folder', 'cvdm-demo-output')
  ).action(async (o: RestoreCliOptions & { out: string }, command: Command) => {
    // Demo defaults sized for a 2-core laptop: one 512² tile (no tile borders at all), 4 samples, 12 steps.
    const demoDefaults: Partial<RestoreCliOptions> = { tile: '512', samples: '4', steps: '12' }
    for (const [key, value] of Object.entries(demoDefaults)) {
      const source = command.getOptionValueSource(key)
      if (source === 'default' || source === undefined) (o as unknown as Record<string, string>)[key] = value as string
    }
    const out = path.resolve(o.out)
    const started = Date.now()
    const { failed, firstCode } = await runRestore(program, [DEMO_SAMPLE], out, { ...o, onExists: 'overwrite' })
    if (failed) throw new CodedError(firstCode ?? 'internal', 'The demo restore failed (see above).')
    const stem = path.join(out, 'demo-widefield')
    const input = await readFirstPlane(DEMO_SAMPLE)
    const mean = await readFirstPlane(`${stem}_cvdm.tif`)
    const s = mean.width / input.width
    const panels: MontagePanel[] = [
      { data: upsampleBicubic(input.data, input.width, input.height, s), lut: 'gray' },
      { data: mean.data, lut: 'gray' }
    ]
    if (Number(o.samples) > 1) panels.push({ data: (await readFirstPlane(`${stem}_cvdm_std.tif`)).data, lut: 'fire' })
    const montage = path.join(out, 'demo-montage.png')
    await writeFile(montage, renderMontage(panels, mean.width, mean.height))
    const seconds = ((Date.now() - started) / 1000).toFixed(0)
    process.stdout.write(
      o.json
        ? JSON.stringify({ event: 'demo', out, montage, seconds: Number(seconds) }) + '\n'
        : `\nDemo finished in ${seconds} s. Outputs in ${out}:\n  demo-widefield_cvdm.tif      restoration (float32, ImageJ)\n` +
            (panels.length > 2 ? `  demo-widefield_cvdm_std.tif  per-pixel uncertainty (std over ${o.samples} samples)\n` : '') +
            `  demo-montage.png             input (bicubic) | restored${panels.length > 2 ? ' | uncertainty' : ''}\n`
    )
  })
}
