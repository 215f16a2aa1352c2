import { describe, expect, it } from 'vitest'
import { describeError } from './error-messages'
import { formatBytes, formatDims, formatValue, formatZoom } from './format'
import { PlaneCache, planeKey } from './plane-cache'

describe('format', () => {
  it('formats sizes, dims, values and zoom', () => {
    expect(formatBytes(512)).toBe('512 B')
    expect(formatBytes(52_232)).toBe('52.2 kB')
    expect(formatBytes(8_400_000)).toBe('8.40 MB')
    expect(formatDims({ width: 512, height: 256, sizes: { t: 3, z: 30, c: 2 } })).toBe('512 × 256 · 30 z · 2 c · 3 t')
    expect(formatDims({ width: 5, height: 6, sizes: { t: 1, z: 1, c: 1 } })).toBe('5 × 6')
    expect(formatValue(1234, 'uint16')).toBe('1234')
    expect(formatValue(0.123456, 'float32')).toBe('0.1235')
    expect(formatValue(1.5e-7, 'float32')).toBe('1.500e-7')
    expect(formatValue(NaN, 'float32')).toBe('NaN')
    expect(formatZoom(0.390625)).toBe('39 %')
    expect(formatZoom(1 / 72)).toBe('1.4 %')
  })
})

describe('describeError', () => {
  it('maps codes to readable text and keeps the detail', () => {
    const d = describeError({ code: 'unsupported-compression', message: 'JPEG (7) is not supported' })
    expect(d.title).toMatch(/compression/)
    expect(d.detail).toBe('JPEG (7) is not supported')
    expect(describeError({ code: 'forbidden-path', message: 'x' }).title).toMatch(/--root/)
  })
})

describe('PlaneCache', () => {
  it('evicts the least recently used entry by count and by bytes', () => {
    const cache = new PlaneCache<string>(2, 100)
    cache.set('a', 'A', 10)
    cache.set('b', 'B', 10)
    expect(cache.get('a')).toBe('A')
    cache.set('c', 'C', 10)
    expect(cache.has('b')).toBe(false)
    expect(cache.has('a')).toBe(true)
    cache.set('big', 'BIG', 95)
    expect(cache.size).toBe(1)
    expect(cache.get('big')).toBe('BIG')
    expect(cache.totalBytes).toBe(95)
  })

  it('keys planes by file and index', () => {
    expect(planeKey({ path: '/a.tif', t: 1, z: 2, c: 0 })).not.toBe(planeKey({ path: '/a.tif', t: 2, z: 1, c: 0 }))
  })
})
