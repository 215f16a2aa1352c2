import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { TiffReader } from './index'
import { FIXTURES, loadManifest, sha256 } from './test-helpers'

const manifest = loadManifest()

describe('fixtures are intact', () => {
  it.each(Object.keys(manifest))('%s matches its checksum', (name) => {
    const bytes = readFileSync(join(FIXTURES, name))
    expect(bytes.length).toBeLessThan(100_000)
    expect(sha256(bytes)).toBe(manifest[name].sha256)
  })
})

describe('every page equals libtiff + tifffile, pixel for pixel', () => {
  const readable = Object.entries(manifest).filter(([, e]) => e.pages)
  it.each(readable.map(([n]) => n))('%s', async (name) => {
    const expected = manifest[name].pages!
    const reader = await TiffReader.open(join(FIXTURES, name))
    try {
      if (name !== 'imagej_single_ifd.tif') expect(reader.pageCount).toBe(expected.length)
      for (let k = 0; k < expected.length; k++) {
        const page = await reader.readPage(k)
        const shape = page.samples > 1 ? [page.height, page.width, page.samples] : [page.height, page.width]
        expect({ k, shape, dtype: page.dtype }).toEqual({ k, shape: expected[k].shape, dtype: expected[k].dtype })
        expect(sha256(page.data), `page ${k}`).toBe(expected[k].sha256)
      }
    } finally {
      await reader.close()
    }
  })
})
