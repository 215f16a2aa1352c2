import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { displayRange, renderMontage } from './montage'

const PY = '/usr/bin/python3'
const hasPil = (() => {
  try {
    execFileSync(PY, ['-c', 'import PIL'])
    return true
  } catch {
    return false
  }
})()

describe('montage PNG', () => {
  it('saturates 0.35 % like ImageJ Auto', () => {
    const data = Float32Array.from({ length: 10000 }, (_, i) => i)
    const [lo, hi] = displayRange(data)
    expect(lo).toBeGreaterThanOrEqual(10)
    expect(lo).toBeLessThan(25)
    expect(hi).toBeGreaterThan(9975)
  })

  it.skipIf(!hasPil && !process.env.CI)('writes a PNG that PIL decodes to the expected pixels', () => {
    const ramp = Float32Array.from({ length: 8 * 4 }, (_, i) => i % 8)
    const png = renderMontage([{ data: ramp, lut: 'gray' }, { data: ramp, lut: 'fire' }], 8, 4)
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'png-')), 'm.png')
    writeFileSync(file, png)
    const out = execFileSync(PY, ['-c', `from PIL import Image; im=Image.open('${file}'); print(im.size, im.mode, im.getpixel((0,0)), im.getpixel((7,0)), im.getpixel((19,0)))`]).toString()
    expect(out.trim()).toBe('(20, 4) RGB (0, 0, 0) (255, 255, 255) (255, 255, 255)')
  })
})
