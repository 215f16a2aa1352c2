/**
 * Pair discovery on real TIFFs from the synthetic generator: matching by name (.tif ↔ .tiff), every kind of problem
 * reported with its file, and the phase-correlation check flagging a pair whose target was shifted by 3 px.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { generatePair } from '../data'
import { TiffWriter } from '../tiff'
import { discoverPairs } from './pairs'
import { phaseCorrelationShift } from './registration'

let low: string
let high: string

async function writeTiff(file: string, data: Uint16Array | Float32Array, width: number, height: number): Promise<void> {
  const w = await TiffWriter.create(file, { width, height, dtype: data instanceof Uint16Array ? 'uint16' : 'float32' })
  await w.writePlane(data)
  await w.close()
}

/** Circular shift of a row-major image by (dx, dy) pixels: out(x, y) = in(x − dx, y − dy). */
function roll(data: Float32Array, width: number, height: number, dx: number, dy: number): Float32Array {
  const out = new Float32Array(data.length)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) out[y * width + x] = data[((y - dy + height) % height) * width + ((x - dx + width) % width)]
  }
  return out
}

beforeAll(async () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'cvdm-pairs-'))
  low = path.join(root, 'low')
  high = path.join(root, 'high')
  mkdirSync(low)
  mkdirSync(high)
  for (let i = 0; i < 5; i++) {
    const p = generatePair({ task: 'sr2x', structure: i % 2 ? 'mt' : 'er', width: 128, height: 128, photons: 200, seed: 40 + i })
    const name = `cell${i}`
    await writeTiff(path.join(low, `${name}.tif`), p.input.data, 64, 64)
    const target = i === 3 ? roll(p.target.data, 128, 128, 3, 0) : p.target.data
    await writeTiff(path.join(high, `${name}${i === 1 ? '.tiff' : '.tif'}`), target, 128, 128)
  }
  const odd = generatePair({ task: 'sr2x', structure: 'mt', width: 64, height: 64, photons: 200, seed: 99 })
  await writeTiff(path.join(low, 'orphan-low.tif'), odd.input.data, 32, 32)
  await writeTiff(path.join(high, 'orphan-high.tif'), odd.target.data, 64, 64)
  await writeTiff(path.join(low, 'wrong-size.tif'), odd.input.data, 32, 32)
  await writeTiff(path.join(high, 'wrong-size.tif'), odd.input.data, 32, 32)
  writeFileSync(path.join(low, 'broken.tif'), 'not a tiff at all')
  await writeTiff(path.join(high, 'broken.tif'), odd.target.data, 64, 64)
  await writeTiff(path.join(low, 'small.tif'), odd.input.data, 32, 32)
  await writeTiff(path.join(high, 'small.tif'), odd.target.data, 64, 64)
  writeFileSync(path.join(low, 'notes.txt'), 'ignored')
})

describe('phaseCorrelationShift', () => {
  it('finds integer and zero shifts of a structured image', () => {
    const p = generatePair({ task: 'sr2x', structure: 'mt', width: 128, height: 128, photons: 500, seed: 7 })
    const self = phaseCorrelationShift(p.target.data, p.target.data, 128, 128)
    expect(Math.abs(self.dx) + Math.abs(self.dy)).toBeLessThan(0.05)
    const s = phaseCorrelationShift(p.target.data, roll(p.target.data, 128, 128, -2, 5), 128, 128)
    expect(s.dx).toBeCloseTo(-2, 0)
    expect(s.dy).toBeCloseTo(5, 0)
  })
})

describe('discoverPairs', () => {
  it('matches by name, reports every unusable file and flags the misregistered pair', async () => {
    const report = await discoverPairs(low, high, { scaleFactor: 2 })
    expect(report.pairs.map((p) => p.name)).toEqual(['cell0', 'cell1', 'cell2', 'cell3', 'cell4', 'small'])
    // too small for a reliable registration check: paired, not checked, not flagged
    expect(report.pairs[5]).toMatchObject({ width: 32, height: 32, flagged: false })
    expect(report.pairs[5].shift).toBeUndefined()
    expect(report.pairs[1].high.endsWith('cell1.tiff')).toBe(true)
    for (const p of report.pairs.slice(0, 5)) expect(p).toMatchObject({ width: 64, height: 64 })
    const shifted = report.pairs[3]
    expect(shifted.flagged).toBe(true)
    expect(shifted.shift?.dx).toBeCloseTo(3, 0)
    expect(Math.abs(shifted.shift?.dy ?? 9)).toBeLessThan(1)
    for (const p of report.pairs.filter((q) => q.name.startsWith('cell') && q.name !== 'cell3')) {
      expect(p.flagged, p.name).toBe(false)
      expect(Math.hypot(p.shift?.dx ?? 9, p.shift?.dy ?? 9), p.name).toBeLessThan(1)
    }
    const byFile = Object.fromEntries(report.problems.map((p) => [path.relative(path.dirname(low), p.file), p.code]))
    expect(byFile).toEqual({
      [path.join('low', 'orphan-low.tif')]: 'no-partner',
      [path.join('high', 'orphan-high.tif')]: 'no-partner',
      [path.join('high', 'wrong-size.tif')]: 'size-ratio',
      [path.join('low', 'broken.tif')]: 'not-tiff'
    })
    for (const p of report.problems) expect(p.message.length).toBeGreaterThan(10)
  })

  it('infers the scale factor from the pairs when none is given, and fails for a missing folder', async () => {
    const report = await discoverPairs(low, high)
    expect(report.pairs).toHaveLength(6)
    await expect(discoverPairs(path.join(low, 'nope'), high)).rejects.toMatchObject({ code: 'not-found' })
  })
})
