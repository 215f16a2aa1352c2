import { spawnSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'

/** What the generator reports about the files it wrote (expected values for assertions). */
export interface FixtureFacts {
  /** ImageJ Auto (0.35 %) range of stack.tif's first plane, computed independently with numpy. */
  stackAuto0: [number, number]
  stackMin0: number
  stackMax0: number
}

// numpy + tifffile (Debian python3-tifffile): ImageJ hyperstacks with calibration, like Fiji writes them.
const GENERATOR = String.raw`
import json, sys, numpy as np, tifffile
out = sys.argv[1]
rng = np.random.default_rng(7)

def cells(h, w, n, z, nz, seed):
    r = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    img = np.zeros((h, w), np.float32)
    for _ in range(n):
        cy, cx, s, a, zc = r.uniform(0, h), r.uniform(0, w), r.uniform(3, 9), r.uniform(600, 3000), r.uniform(0, nz)
        focus = np.exp(-((z - zc) ** 2) / (2 * 1.5 ** 2))
        img += a * focus * np.exp(-((yy - cy) ** 2 + (xx - cx) ** 2) / (2 * (s * (1 + 0.3 * abs(z - zc))) ** 2))
    return img

nz, h, w = 8, 256, 320
stack = np.stack([cells(h, w, 40, z, nz, 1) for z in range(nz)])
stack = rng.poisson(stack + 100).astype(np.float32) + rng.normal(0, 4, stack.shape)
stack = np.clip(stack, 0, 65535).astype(np.uint16)
stack[:, 10, 10] = 65535  # a hot pixel that min/max contrast would chase
tifffile.imwrite(f'{out}/stack.tif', stack, imagej=True, resolution=(1 / 0.1625, 1 / 0.1625),
                 metadata={'axes': 'ZYX', 'spacing': 0.5, 'unit': 'micron'})

two = np.stack([np.stack([cells(128, 128, 12, z, 3, 10 + c) * (1 + c) + 200 for c in range(2)]) for z in range(3)])
tifffile.imwrite(f'{out}/sub/two-channel.tif', two.astype(np.uint16), imagej=True, resolution=(10, 10),
                 metadata={'axes': 'ZCYX', 'unit': 'um', 'spacing': 1.0})

yy, xx = np.mgrid[0:2048, 0:2048]
big = (1000 + 800 * np.sin(xx / 37.0) * np.cos(yy / 53.0) + rng.normal(0, 30, (2048, 2048)))
tifffile.imwrite(f'{out}/big-2048.tif', np.clip(big, 0, 65535).astype(np.uint16), imagej=True,
                 resolution=(1 / 0.065, 1 / 0.065), metadata={'unit': 'micron'})

if len(sys.argv) > 2 and sys.argv[2] == '4k':
    yy, xx = np.mgrid[0:4096, 0:4096]
    big4 = 1000 + 800 * np.sin(xx / 37.0) * np.cos(yy / 53.0) + rng.normal(0, 30, (4096, 4096))
    tifffile.imwrite(f'{out}/big-4096.tif', np.clip(big4, 0, 65535).astype(np.uint16), imagej=True,
                     resolution=(1 / 0.065, 1 / 0.065), metadata={'unit': 'micron'})

plane = np.sort(stack[0].ravel().astype(np.int64))
t = int(plane.size * 0.35 / 200)
print(json.dumps({'stackAuto0': [int(plane[t]), int(plane[plane.size - 1 - t])],
                  'stackMin0': int(plane[0]), 'stackMax0': int(plane[-1])}))
`

/**
 * Writes stack.tif (8 z, uint16, calibrated), sub/two-channel.tif, big-2048.tif and broken.tif into `dir`
 * (and big-4096.tif when `with4k`).
 */
export function writeMicroscopyFixtures(dir: string, with4k = false): FixtureFacts {
  mkdirSync(path.join(dir, 'sub'), { recursive: true })
  writeFileSync(path.join(dir, 'broken.tif'), 'this is not a TIFF, just text with a .tif name\n')
  const python = process.env.PYTHON ?? '/usr/bin/python3'
  const run = spawnSync(python, ['-c', GENERATOR, dir, ...(with4k ? ['4k'] : [])], { encoding: 'utf8' })
  if (run.status !== 0) throw new Error(`The fixture generator failed (needs numpy + tifffile: apt-get install python3-tifffile): ${run.stderr}`)
  return JSON.parse(run.stdout.trim().split('\n').pop()!) as FixtureFacts
}
