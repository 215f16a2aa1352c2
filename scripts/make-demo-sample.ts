/**
 * Regenerates resources/samples/demo-widefield.tif (deterministic): a 256² widefield image (restored to 512²) of synthetic microtubules
 * from the data generator (2× coarser than its SIM-like target), uint16, 62.6 nm pixels. Run: npx tsx scripts/make-demo-sample.ts
 */
import path from 'node:path'
import { generatePair } from '../src/core/data'
import { TiffWriter } from '../src/core/tiff'

async function main(): Promise<void> {
  const pair = generatePair({ task: 'sr2x', structure: 'mt', width: 512, height: 512, photons: 150, seed: 'demo-sample-1' })
  const file = path.join(__dirname, '..', 'resources', 'samples', 'demo-widefield.tif')
  const writer = await TiffWriter.create(file, {
    width: pair.input.width,
    height: pair.input.height,
    dtype: 'uint16',
    physicalSize: { x: pair.input.pixelSize, y: pair.input.pixelSize, unit: 'µm' },
    provenance: { generator: 'cvdm-studio synthetic microscopy', options: pair.meta.options, structure: pair.meta.structure },
    overwrite: true
  })
  await writer.writePlane(pair.input.data)
  await writer.close()
  console.log(`wrote ${file}: ${pair.input.width}×${pair.input.height}, ${pair.input.pixelSize} µm, SNR ${pair.meta.snr.toFixed(1)}`)
}
void main()
