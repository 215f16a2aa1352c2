import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { generatePair, pairSeed } from '../../core/data'
import { TiffReader } from '../../core/tiff'
import { parseSynthOptions, runSynth } from './synth'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

describe('cvdm synth', () => {
  it('writes input/target/ground-truth TIFFs with pixel sizes, identical to the generator, and a manifest', async () => {
    const out = mkdtempSync(join(tmpdir(), 'cvdm-synth-'))
    dirs.push(out)
    const o = parseSynthOptions({ out, n: '2', task: 'sr2x', structure: 'mix', photons: '20,200', seed: '3', size: '64' })
    const seen: number[] = []
    await runSynth(o, (r) => seen.push(r.index))
    expect(seen).toEqual([0, 1])
    for (let i = 0; i < 2; i++) {
      const pair = generatePair({ task: 'sr2x', structure: 'mix', width: 64, height: 64, photons: [20, 200][i], seed: pairSeed(3, i) })
      const name = `synth-0000${i}.tif`
      for (const [role, image] of [['input', pair.input], ['target', pair.target], ['ground-truth', pair.groundTruth]] as const) {
        const reader = await TiffReader.open(join(out, role, name))
        try {
          const raster = await reader.readPage(0)
          expect([raster.width, raster.height]).toEqual([image.width, image.height])
          expect(Array.from(raster.data)).toEqual(Array.from(image.data))
          expect(reader.metadata.physicalSize.x).toBeCloseTo(image.pixelSize, 6)
          expect(reader.metadata.physicalSize.unit).toBe('µm')
        } finally {
          await reader.close()
        }
      }
    }
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { pairs: { photons: number }[] }
    expect(manifest.pairs.map((p) => p.photons)).toEqual([20, 200])
  })

  it('rejects bad flags with bad-request', () => {
    const base = { out: '/tmp/x', n: '1', task: 'sr2x', structure: 'mix', photons: '100', seed: '0', size: '256' }
    for (const bad of [{ task: 'sr4x' }, { structure: 'golgi' }, { photons: '0' }, { photons: '10,abc' }, { n: '0' }, { size: '65' }]) {
      expect(() => parseSynthOptions({ ...base, ...bad })).toThrow(expect.objectContaining({ code: 'bad-request' }))
    }
  })
})
