import { describe, expect, it } from 'vitest'
import { baseName, formatDuration, formatPercent, jobLabel } from './panels-format'

describe('panels-format', () => {
  it('formats durations, with a dash while unknown', () => {
    expect(formatDuration(null)).toBe('—')
    expect(formatDuration(-5)).toBe('—')
    expect(formatDuration(Number.NaN)).toBe('—')
    expect(formatDuration(44_600)).toBe('45 s')
    expect(formatDuration(185_000)).toBe('3 min 05 s')
    expect(formatDuration(7_620_000)).toBe('2 h 07 min')
  })

  it('clamps percentages and names paths and jobs', () => {
    expect(formatPercent(0.424)).toBe('42 %')
    expect(formatPercent(1.7)).toBe('100 %')
    expect(formatPercent(Number.NaN)).toBe('0 %')
    expect(baseName('/data/exp1/')).toBe('exp1')
    expect(baseName('C:\\data\\a.tif')).toBe('a.tif')
    expect(jobLabel({ inputRoot: '/data/in', outputDir: '/data/out' })).toBe('in → out')
    expect(jobLabel({ inputRoot: '/d', files: ['/d/a.tif', '/d/b.tif', '/d/c.tif'], outputDir: '/o' })).toBe('a.tif +2 → o')
    expect(jobLabel({ inputRoot: '/d', files: ['/d/a.tif'], outputDir: '/o' })).toBe('a.tif → o')
  })
})
