import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { TiffWriter } from '../tiff'
import { ImageService, listDir, resolveAllowedPath } from './index'

let root: string
let outside: string

beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'cvdm-root-'))
  outside = mkdtempSync(path.join(os.tmpdir(), 'cvdm-outside-'))
  mkdirSync(path.join(root, 'sub 2'))
  mkdirSync(path.join(root, 'sub 10'))
  writeFileSync(path.join(root, 'notes.txt'), 'x')
  writeFileSync(path.join(root, '.hidden.tif'), 'x')
  writeFileSync(path.join(outside, 'secret.tif'), 'x')
  symlinkSync(outside, path.join(root, 'escape'))
  const writer = await TiffWriter.create(path.join(root, 'stack.tif'), {
    width: 3,
    height: 2,
    dtype: 'uint16',
    sizes: { z: 2, c: 2 },
    physicalSize: { x: 0.1, y: 0.1, z: 0.3, unit: 'µm' }
  })
  for (let plane = 0; plane < 4; plane++) await writer.writePlane(Uint16Array.from({ length: 6 }, (_, i) => plane * 1000 + i))
  await writer.close()
})

describe('allowed roots', () => {
  it('refuses relative paths, traversal and symlinks that leave the roots', async () => {
    await expect(resolveAllowedPath('stack.tif', [root])).rejects.toMatchObject({ code: 'forbidden-path' })
    await expect(resolveAllowedPath(path.join(root, '..', path.basename(outside), 'secret.tif'), [root])).rejects.toMatchObject({ code: 'forbidden-path' })
    await expect(resolveAllowedPath(path.join(root, 'escape', 'secret.tif'), [root])).rejects.toMatchObject({ code: 'forbidden-path' })
    await expect(resolveAllowedPath(path.join(root, 'missing.tif'), [root])).rejects.toMatchObject({ code: 'not-found' })
    expect(await resolveAllowedPath(path.join(root, 'sub 2', '..', 'stack.tif'), [root])).toMatch(/stack\.tif$/)
  })
})

describe('listDir', () => {
  it('lists folders first in natural order, then TIFFs; no hidden or non-TIFF files; no parent above the root', async () => {
    const listing = await listDir(undefined, [root])
    expect(listing.entries.map((e) => `${e.kind}:${e.name}`)).toEqual(['dir:sub 2', 'dir:sub 10', 'tiff:stack.tif'])
    expect(listing.parent).toBeUndefined()
    const sub = await listDir(path.join(root, 'sub 2'), [root])
    expect(sub.parent).toBe(listing.path)
  })
})

describe('ImageService', () => {
  const service = new ImageService(() => [root])
  it('summarizes a hyperstack with its calibration', async () => {
    const summary = await service.summary(path.join(root, 'stack.tif'))
    expect(summary).toMatchObject({ name: 'stack.tif', width: 3, height: 2, dtype: 'uint16', sizes: { t: 1, z: 2, c: 2 } })
    expect(summary.physicalSize.x).toBeCloseTo(0.1, 6)
    expect(summary.physicalSize.z).toBeCloseTo(0.3, 6)
  })

  it('reads the plane at (z, c) in ImageJ order (C fastest) as float32', async () => {
    const plane = await service.plane({ path: path.join(root, 'stack.tif'), t: 0, z: 1, c: 0 })
    expect(Array.from(plane.data)).toEqual([2000, 2001, 2002, 2003, 2004, 2005])
    expect([plane.min, plane.max]).toEqual([2000, 2005])
  })

  it('refuses files outside the roots and non-TIFFs with coded errors', async () => {
    await expect(service.summary(path.join(outside, 'secret.tif'))).rejects.toMatchObject({ code: 'forbidden-path' })
    await expect(service.summary(path.join(root, 'notes.txt'))).rejects.toMatchObject({ code: 'not-tiff' })
  })
})
