import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { upsampleBicubic } from './resample'

const PY = '/usr/bin/python3'
const hasPil = existsSync(PY) && (() => {
  try {
    execFileSync(PY, ['-c', 'import PIL, numpy'])
    return true
  } catch {
    return false
  }
})()

describe('bicubic upsampling', () => {
  it('keeps constants and reproduces linear ramps away from the edges', () => {
    const flat = upsampleBicubic(new Float32Array(16).fill(3.5), 4, 4, 2)
    expect(Array.from(flat).every((v) => Math.abs(v - 3.5) < 1e-6)).toBe(true)
    const w = 16
    const ramp = Float32Array.from({ length: w * w }, (_, i) => i % w)
    const up = upsampleBicubic(ramp, w, w, 2)
    for (let x = 6; x < 26; x++) expect(up[10 * 32 + x]).toBeCloseTo((x + 0.5) / 2 - 0.5, 5)
  })

  it.skipIf(!hasPil && !process.env.CI)('matches PIL bicubic (float mode) within 1e-3 on values of ±100', () => {
    const w = 13
    const h = 9
    const plane = Float32Array.from({ length: w * h }, (_, i) => Math.sin(i * 0.7) * 100 + (i % 5))
    const script = `
import sys, json, numpy as np
from PIL import Image
d = json.loads(sys.stdin.read())
a = np.array(d['v'], dtype=np.float32).reshape(${h}, ${w})
r = Image.fromarray(a, mode='F').resize((${w * 2}, ${h * 2}), Image.BICUBIC)
print(json.dumps(np.asarray(r).ravel().tolist()))`
    const reference = JSON.parse(execFileSync(PY, ['-c', script], { input: JSON.stringify({ v: Array.from(plane) }) }).toString()) as number[]
    const ours = upsampleBicubic(plane, w, h, 2)
    const maxErr = Math.max(...reference.map((r, i) => Math.abs(r - ours[i])))
    expect(maxErr).toBeLessThan(1e-3)
  })
})
